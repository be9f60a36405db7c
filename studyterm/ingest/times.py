"""Checking the times of an episode's segments, whatever format they came from.

Times are seconds from the start: finite (JSON can spell NaN, Infinity or 1e400, which Python reads
as float('inf')), not negative, and a segment never ends before it starts. Later stages format,
sort and subtract them, so a bad one is refused at import with one line naming the file and the
segment or cue, rather than crashing `show`, `anki` or the study app afterwards.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from studyterm.errors import InputError
from studyterm.model import Segment

__all__ = ["check_cue", "check_times"]


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def check_cue(what: str, start: float | None, end: float | None, path: str) -> None:
    """InputError when a segment's times are not usable; `what` names it ("cue 3")."""
    for label, value in (("start", start), ("end", end)):
        if value is None:
            continue
        if not math.isfinite(value):
            raise InputError(
                f"{what} has a{'n' if label == 'end' else ''} {label} time that is "
                f"not a finite number ({value})",
                path=path,
            )
        if value < 0:
            raise InputError(f"{what} has a negative {label} time ({value:g} s)", path=path)
    if start is not None and end is not None and end < start:
        raise InputError(f"{what} ends before it starts ({_clock(start)} > {_clock(end)})", path=path)


def check_times(segments: Sequence[Segment], path: str, noun: str = "segment") -> None:
    """Check every segment's times (numbered from 1 as `noun` 1, 2 …)."""
    for n, seg in enumerate(segments, start=1):
        check_cue(f"{noun} {n}", seg.start, seg.end, path)
