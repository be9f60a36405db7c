"""The library store (SQLite). Import `Store` from here."""

from studyterm.store.library import EpisodeRow, Store

__all__ = ["EpisodeRow", "Store"]
