"""User-facing errors: each one prints as a single line on stderr and maps to an exit code.

The core raises these and never prints; the CLI catches `StudytermError` and prints `str(err)`.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ExportError",
    "InputError",
    "LibraryBusyError",
    "LibraryError",
    "ModelError",
    "NotFoundError",
    "StudytermError",
    "UsageError",
]


class StudytermError(Exception):
    """Base of every error a user may see. `exit_code` 1 means bad data or failed work."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.message = message
        super().__init__(f"{self.path}: {message}" if self.path else message)


class InputError(StudytermError):
    """A file that cannot be read as an episode or dictionary: missing, empty, binary, broken."""


class UsageError(StudytermError):
    """The command was called wrongly (exit 2)."""

    exit_code = 2


class NotFoundError(StudytermError):
    """An episode, word or dictionary named by the user is not in the library."""


class ModelError(StudytermError):
    """The spaCy pipeline cannot be loaded."""


class ExportError(StudytermError):
    """A file could not be written (unwritable path, nothing to export)."""


class LibraryError(StudytermError):
    """The library database cannot be used as asked: full disk, damaged, read-only, newer."""


class LibraryBusyError(LibraryError):
    """Another process holds the library's write lock for longer than we wait. Nothing was
    written; trying again later can succeed (the study app queues what it could not save)."""
