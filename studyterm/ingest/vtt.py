"""WebVTT (.vtt): a WEBVTT header, optional NOTE/STYLE/REGION blocks, cues with `<v Speaker>`."""

from __future__ import annotations

import html
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
from studyterm.ingest.times import check_cue
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
            raw = _VOICE_END.sub("", " ".join(ln.strip() for ln in lines[1:] if ln.strip()))
            start, end = parse_time(m.group(1)), parse_time(m.group(2))
            check_cue(f"cue {number}", start, end, path)
            for speaker, part in _voices(raw):
                # tags first, then entities: an escaped "&lt;b&gt;" is text and stays "<b>"
                body = html.unescape(strip_tags(part)).strip()
                if body:
                    cues.append(Segment(body, start, end, speaker))
        return episode_from_cues(cues, path, extras, self.name)


def _voices(raw: str) -> list[tuple[str | None, str]]:
    """Split a cue's text by its `<v Speaker>` tags: one (speaker, text) per voice, so a cue in
    which two people speak keeps both speakers."""
    parts: list[tuple[str | None, str]] = []
    speaker: str | None = None
    last = 0
    for v in _VOICE.finditer(raw):
        parts.append((speaker, raw[last : v.start()]))
        speaker, last = v.group(1).strip(), v.end()
    parts.append((speaker, raw[last:]))
    return parts
