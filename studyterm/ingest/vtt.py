"""WebVTT (.vtt): a WEBVTT header, optional NOTE/STYLE/REGION blocks, cues with `<v Speaker>`."""

from __future__ import annotations

import re

from studyterm.errors import InputError
from studyterm.ingest.base import Extras
from studyterm.ingest.subtitles import (
    TIMING,
    episode_from_cues,
    parse_time,
    split_blocks,
    strip_tags,
)
from studyterm.model import Episode, Segment

__all__ = ["VttImporter"]

_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_VOICE_END = re.compile(r"</v>")


class VttImporter:
    name = "vtt"
    extensions = (".vtt",)

    def sniff(self, text: str) -> bool:
        return text.lstrip("\ufeff").startswith("WEBVTT")

    def parse(self, text: str, path: str, extras: Extras) -> Episode:
        blocks = split_blocks(text.lstrip("\ufeff"))
        if not blocks or not blocks[0].startswith("WEBVTT"):
            raise InputError("not WebVTT: the first line must be WEBVTT", path=path)
        cues: list[Segment] = []
        for number, block in enumerate(blocks[1:], start=1):
            lines = block.strip("\n").split("\n")
            if lines[0].startswith(("NOTE", "STYLE", "REGION")):
                continue
            if "-->" not in lines[0]:
                lines = lines[1:]  # a cue identifier
            if not lines or "-->" not in lines[0]:
                raise InputError(f"broken WebVTT: cue {number} has no timing line", path=path)
            m = TIMING.match(lines[0])
            if not m:
                raise InputError(
                    f"broken WebVTT: cue {number} has a bad timing line {lines[0][:40]!r}",
                    path=path,
                )
            raw = " ".join(ln.strip() for ln in lines[1:] if ln.strip())
            speaker = None
            if v := _VOICE.search(raw):
                speaker = v.group(1).strip()
            body = strip_tags(_VOICE_END.sub("", _VOICE.sub("", raw))).strip()
            if not body:
                continue
            cues.append(Segment(body, parse_time(m.group(1)), parse_time(m.group(2)), speaker))
        return episode_from_cues(cues, path, extras, self.name)
