"""The sentences of an episode as spans of its segments: what playback and clips work on.

A timed transcript (subtitles, publisher transcripts) keeps its cues: each cue is one unit with
its own times. Untimed text is split into sentences here with a small rule (end punctuation,
then a space and a capital, digit or quote), which is all alignment needs: spaCy is not loaded
for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studyterm.model import Episode
from studyterm.store.audio import TimedSentence

__all__ = ["Sentence", "split_sentences", "transcript_times"]

_END = re.compile(r"""[.!?…]+["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])""")


@dataclass(frozen=True)
class Sentence:
    segment: int
    char_start: int
    char_end: int
    text: str


def split_sentences(episode: Episode) -> list[Sentence]:
    """Every sentence of every segment, in order (a segment without end punctuation is one)."""
    result: list[Sentence] = []
    for index, seg in enumerate(episode.segments):
        start = 0
        cuts = [m.end() for m in _END.finditer(seg.text)] + [len(seg.text)]
        for cut in cuts:
            piece = seg.text[start:cut]
            stripped = piece.strip()
            if stripped:
                lead = start + len(piece) - len(piece.lstrip())
                result.append(Sentence(index, lead, lead + len(stripped), stripped))
            start = cut
    return result


def transcript_times(episode: Episode) -> list[TimedSentence]:
    """The times a timed transcript gives: one unit per timed segment."""
    times = []
    for index, seg in enumerate(episode.segments):
        if seg.start is None:
            continue
        end = seg.end if seg.end is not None else seg.start
        times.append(TimedSentence(index, 0, len(seg.text), seg.start, end, "transcript"))
    return times
