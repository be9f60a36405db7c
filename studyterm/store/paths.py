"""Where the library lives: --library DIR, else $STUDYTERM_HOME, else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DB_NAME", "library_dir"]

DB_NAME = "library.sqlite3"


def library_dir(override: str | Path | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    env = os.environ.get("STUDYTERM_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("studyterm", appauthor=False))
