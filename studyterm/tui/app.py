"""Placeholder until the TUI issue lands."""
from __future__ import annotations

from typing import Any


def run_app(store: Any, episode: str | None = None, model: str | None = None,
            level: str | None = None) -> None:
    print("TUI not yet available; episode", episode)
