"""What SubRip and WebVTT share: timestamps, cue text clean-up, building the Episode."""

from __future__ import annotations

import re
from pathlib import Path

from studyterm.errors import InputError
from studyterm.ingest.base import Extras
from studyterm.model import Episode, Segment

__all__ = ["TIMING", "episode_from_cues", "parse_time", "split_blocks", "strip_tags"]

# 00:01:02,500 (SRT) or 00:01:02.500 / 01:02.500 (VTT); hours may exceed two digits
_TS = r"(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}"
TIMING = re.compile(rf"^\s*({_TS})\s*-->\s*({_TS})(?:\s+.*)?$")
# a blank line ends a cue, even when an editor left spaces or tabs on it
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
_TAG = re.compile(r"</?(?:[biu]|c(?:\.[\w.-]+)?|lang[^>]*|ruby|rt|font[^>]*)>|<\d{1,2}:\d{2}[^>]*>")


def parse_time(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    seconds = float(parts[-1])
    minutes = int(parts[-2])
    hours = int(parts[-3]) if len(parts) == 3 else 0
    return hours * 3600 + minutes * 60 + seconds


def split_blocks(text: str) -> list[str]:
    """The blank-line separated blocks of a subtitle file, without empty ones."""
    return [b for b in _BLANK_LINES.split(text) if b.strip()]


def strip_tags(text: str) -> str:
    """Drop formatting tags (<i>, <b>, <c.yellow>, karaoke timestamps); keep all other text."""
    return _TAG.sub("", text)


def episode_from_cues(cues: list[Segment], path: str, extras: Extras, fmt: str) -> Episode:
    if not cues:
        raise InputError(f"no {fmt.upper()} cues with text found", path=path)
    return Episode(
        title=extras.title or Path(path).stem.replace("_", " ").strip() or "Untitled episode",
        podcast=extras.podcast,
        published=extras.published,
        summary_zh=list(extras.summary_zh),
        segments=cues,
        source=path,
        format=fmt,
    )
