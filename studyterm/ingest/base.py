"""The importer protocol: one module per format, each with `sniff` and `parse`.

Importers receive decoded text, return an Episode, and raise `InputError` (never print).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from studyterm.model import Episode, SummaryItem

__all__ = ["Extras", "Importer"]


@dataclass(frozen=True)
class Extras:
    """What the user adds on the command line to a plain transcript or subtitles."""

    title: str | None = None
    podcast: str | None = None
    published: date | None = None
    summary_zh: tuple[SummaryItem, ...] = ()


class Importer(Protocol):
    @property
    def name(self) -> str:
        """The format's name (also `Episode.format`)."""
        ...

    @property
    def extensions(self) -> tuple[str, ...]:
        """File name endings that break ties when the content fits several formats."""
        ...

    def sniff(self, text: str) -> bool:
        """True when the content (not the file name) looks like this format."""
        ...

    def parse(self, text: str, path: str, extras: Extras) -> Episode:
        """Parse decoded text into an Episode; InputError when it is broken."""
        ...
