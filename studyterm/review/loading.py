"""What a review screen's thread worker loads: the card content of every item under review.

Opens its own `Store` on the library's file (a sqlite3 connection belongs to the thread that made
it) and returns plain values. Reading every cached analysis and the dictionaries takes a moment
on a large library, hence off the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from studyterm.pipeline import analysis_version
from studyterm.review.content import ItemContent, load_content
from studyterm.review.session import in_review
from studyterm.store import Store

__all__ = ["review_content", "review_lemmas"]


def review_lemmas(store: Store) -> list[str]:
    """The items under review: marked learning, or made known by review."""
    cards = store.review_cards()
    return sorted(lemma for lemma, status in store.statuses().items() if in_review(status, cards.get(lemma)))


def review_content(library: Path, model: str | None = None) -> dict[str, ItemContent]:
    """The card content of every item under review, read from the library file `library`."""
    with Store(library) as store:
        return load_content(store, review_lemmas(store), analysis_version(model))
