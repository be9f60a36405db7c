"""The library's line about the highlighted episode: how far it is read, its words by status,
when it was last opened. Pure: plain text from `review.progress.EpisodeProgress`."""

from __future__ import annotations

from datetime import datetime

from studyterm.review.progress import EpisodeProgress

__all__ = ["progress_text"]


def progress_text(p: EpisodeProgress | None) -> str:
    if p is None:
        return ""
    read = "not opened yet" if p.read is None else f"read {p.read:.0%}"
    parts = [read, f"known {p.known:,}", f"learning {p.learning:,}", f"new {p.new:,}"]
    if p.opened:
        when = datetime.fromisoformat(p.opened.replace("Z", "+00:00")).astimezone()
        parts.append(f"last opened {when:%Y-%m-%d %H:%M}")
    return " · ".join(parts)
