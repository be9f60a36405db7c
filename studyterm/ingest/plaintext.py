"""A plain transcript: paragraphs separated by blank lines (or one paragraph per line)."""

from __future__ import annotations

import re
from pathlib import Path

from studyterm.errors import InputError
from studyterm.ingest.base import Extras
from studyterm.model import Episode, Segment

__all__ = ["PlainTextImporter"]

# a line that is empty or holds only spaces/tabs separates paragraphs
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def _hard_wrapped(text: str) -> bool:
    """Lines cut at a fixed width (most end mid-sentence) belong together, not one per paragraph."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 3:
        return False
    open_ended = sum(1 for ln in lines if not ln.rstrip().endswith((".", "!", "?", '"', "'", ":")))
    return open_ended / len(lines) > 0.6


class PlainTextImporter:
    name = "text"
    extensions = (".txt", ".text", ".md")

    def sniff(self, text: str) -> bool:
        """At least 20 letters in the first 20,000 characters: counted until the 20th, not over
        all of them (an import of 189 files spent half a second here before its analysis)."""
        letters = 0
        for ch in text[:20000]:
            if "a" <= ch.lower() <= "z":
                letters += 1
                if letters >= 20:
                    return True
        return False

    def parse(self, text: str, path: str, extras: Extras) -> Episode:
        blocks = [b.strip() for b in _BLANK_LINE.split(text.strip())]
        if len(blocks) == 1 and not _hard_wrapped(blocks[0]):
            blocks = blocks[0].split("\n")  # no blank line at all: one paragraph per line
        paragraphs = [" ".join(line.strip() for line in b.split("\n") if line.strip()) for b in blocks if b]
        paragraphs = [p for p in paragraphs if p]
        if not paragraphs or not self.sniff(text):
            raise InputError("no English text found", path=path)
        return Episode(
            title=extras.title
            or Path(path).stem.replace("_", " ").replace("-", " ").strip()
            or "Untitled episode",
            podcast=extras.podcast,
            published=extras.published,
            summary_zh=list(extras.summary_zh),
            segments=[Segment(p) for p in paragraphs],
            source=path,
            format=self.name,
        )
