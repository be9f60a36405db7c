"""A plain transcript: paragraphs separated by blank lines (or one paragraph per line), a
podcast's turns as "Name: text" paragraphs."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from studyterm.errors import InputError
from studyterm.ingest.base import Extras
from studyterm.model import Episode, Segment

__all__ = ["PlainTextImporter"]

# a line that is empty or holds only spaces/tabs separates paragraphs
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


# "Li Wen: Hello and welcome..." — a speaker's label opening a paragraph: one to four words, each
# opening with a capital (*Dr. Sarah Lee*, *Host*, *Q*), then a colon
_LABEL = re.compile(r"([A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3}): (\S.*)", re.S)


def _speakers(paragraphs: list[str]) -> list[tuple[str | None, str]]:
    """Each paragraph's speaker and text: a transcript's "Name: text" paragraphs, where labels
    repeat (each speaker opens two paragraphs at least, and they open a third of all): a
    headline with a colon (*Trading Up: Are Old-for-New Subsidies...*) or a one-off *Update:*
    stays text."""
    found = [_LABEL.fullmatch(p) for p in paragraphs]
    counts = Counter(m.group(1) for m in found if m)
    speakers = {label for label, n in counts.items() if n >= 2}
    labelled = sum(counts[label] for label in speakers)
    if not speakers or labelled * 3 < len(paragraphs):
        return [(None, p) for p in paragraphs]
    return [
        (m.group(1), m.group(2)) if m and m.group(1) in speakers else (None, p)
        for m, p in zip(found, paragraphs, strict=True)
    ]


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
        turns = _speakers(paragraphs)
        return Episode(
            title=extras.title
            or Path(path).stem.replace("_", " ").replace("-", " ").strip()
            or "Untitled episode",
            podcast=extras.podcast,
            published=extras.published,
            summary_zh=list(extras.summary_zh),
            segments=[Segment(p, speaker=speaker) for speaker, p in turns],
            people=list(dict.fromkeys(speaker for speaker, _ in turns if speaker)),
            source=path,
            format=self.name,
        )
