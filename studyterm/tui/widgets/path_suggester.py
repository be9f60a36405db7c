"""Completion of file paths for an Input: the rest of the first entry that matches what was
typed (folders end in "/"), accepted with → or Tab."""

from __future__ import annotations

import os
from pathlib import Path

from textual.suggester import Suggester

__all__ = ["PathSuggester"]


class PathSuggester(Suggester):
    """Suggests the completion of a file or folder name from the file system."""

    def __init__(self, suffixes: tuple[str, ...] = ()) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.suffixes = suffixes  # files with these endings come first

    async def get_suggestion(self, value: str) -> str | None:
        """The typed path completed with the first matching entry, or None."""
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, sep, stem = expanded.rpartition("/")
        base = Path(folder + sep) if sep else Path(".")
        try:
            names = sorted(os.listdir(base))
        except OSError:
            return None
        hidden = stem.startswith(".")
        matches = [n for n in names if n.startswith(stem) and (hidden or not n.startswith("."))]
        if not matches:
            return None
        matches.sort(key=lambda n: (not n.endswith(self.suffixes) if self.suffixes else False, n))
        name = matches[0]
        if (base / name).is_dir():
            name += "/"
        return value + name[len(stem) :]
