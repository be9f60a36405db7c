"""SubRip (.srt): numbered cues, a timing line, text lines, a blank line."""

from __future__ import annotations

from studyterm.errors import InputError
from studyterm.ingest.base import Extras
from studyterm.ingest.subtitles import (
    TIMING,
    episode_from_cues,
    parse_time,
    split_blocks,
    strip_tags,
)
from studyterm.ingest.times import check_cue
from studyterm.model import Episode, Segment

__all__ = ["SrtImporter"]


class SrtImporter:
    name = "srt"
    extensions = (".srt",)

    def sniff(self, text: str) -> bool:
        lines = [ln for ln in text.lstrip().split("\n", 3)[:3]]
        if not lines:
            return False
        first = lines[0].strip()
        if first.isdigit() and len(lines) > 1:
            return "-->" in lines[1]
        return bool(TIMING.match(first)) and "," in first

    def parse(self, text: str, path: str, extras: Extras) -> Episode:
        cues: list[Segment] = []
        blocks = split_blocks(text.strip())
        for number, block in enumerate(blocks, start=1):
            lines = [ln for ln in block.strip("\n").split("\n")]
            cue = str(number)
            if lines and lines[0].strip().isdigit():
                cue = lines[0].strip()  # report the cue by the number the file gives it
                lines = lines[1:]
            if not lines:
                raise InputError(f"truncated SRT: cue {cue} has a number but no timing line", path=path)
            m = TIMING.match(lines[0])
            if not m:
                raise InputError(
                    f"broken SRT: cue {cue} has no valid timing line "
                    f"(expected 00:00:01,000 --> 00:00:02,000, got {lines[0][:40]!r})",
                    path=path,
                )
            start, end = parse_time(m.group(1)), parse_time(m.group(2))
            check_cue(f"cue {cue}", start, end, path)
            body = " ".join(t for t in (strip_tags(ln).strip() for ln in lines[1:]) if t)
            if not body:
                if number == len(blocks):
                    raise InputError(f"truncated SRT: the last cue ({cue}) has no text", path=path)
                continue
            speaker = None
            cues.append(Segment(body, start, end, speaker))
        return episode_from_cues(cues, path, extras, self.name)
