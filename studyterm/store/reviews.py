"""The library's review store: FSRS cards, the review log, and the learning items' ages.

`ReviewStore` is a mixin of `Store` (it uses the Store's connection and `_tx`). The scheduler's
state is opaque here (JSON text written by `studyterm.review`): the store never imports the
scheduler, it keeps what it is given. A rating is one transaction — the card, the log row and a
status change together — so a crash between two ratings loses nothing and half a rating is never
kept; `undo_review` takes one back the same way.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

__all__ = ["KEEP_STAGE", "ReviewCardRow", "ReviewLogRow", "ReviewStore"]

_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
KEEP_STAGE = "stage = CASE WHEN excluded.status = 'learning' THEN word_status.stage END"
"""The SQL that keeps a word's learning stage while it stays learning, and drops it otherwise."""


@dataclass(frozen=True)
class ReviewCardRow:
    """One item under review: the scheduler's card (JSON) and what the app counts about it."""

    lemma: str
    card: str
    due: str  # ISO UTC
    stability: float | None
    reps: int = 0
    lapses: int = 0
    shown: int = 0
    graduated: bool = False


@dataclass(frozen=True)
class ReviewLogRow:
    """One rating as logged. `card_before`/`status_before` let the rating be undone."""

    lemma: str
    rating: int
    reviewed_at: str  # ISO UTC
    direction: str
    first: bool
    due: str
    stability: float | None
    state: int
    duration_ms: int | None = None
    card_before: ReviewCardRow | None = None
    status_before: str | None = None
    id: int | None = None
    stage_before: int | None = None


_CARD_COLUMNS = "lemma, card, due, stability, reps, lapses, shown, graduated"
_LOG_COLUMNS = (
    "lemma, rating, reviewed_at, direction, first, due, stability, state, duration_ms,"
    " card_before, status_before, id, stage_before"
)


class ReviewStore:
    """Review queries, mixed into `Store`."""

    if TYPE_CHECKING:
        _db: sqlite3.Connection

        def _tx(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def review_cards(self) -> dict[str, ReviewCardRow]:
        """Every item under review, by lemma."""
        rows = self._db.execute(f"SELECT {_CARD_COLUMNS} FROM review_cards").fetchall()
        return {r[0]: _card_row(r) for r in rows}

    def learning_since(self) -> list[tuple[str, str]]:
        """(lemma, when it was marked) of the items marked learning, oldest mark first."""
        rows = self._db.execute(
            "SELECT lemma, updated_at FROM word_status WHERE status = 'learning' ORDER BY updated_at, lemma"
        ).fetchall()
        return [(str(r[0]), str(r[1])) for r in rows]

    def known_since(self) -> list[str]:
        """When (ISO UTC) each known word was last marked known."""
        rows = self._db.execute("SELECT updated_at FROM word_status WHERE status = 'known'")
        return [str(r[0]) for r in rows]

    def stages(self) -> dict[str, int]:
        """The learning stage (1–4) of every word marked learning (1 when never set)."""
        rows = self._db.execute(
            "SELECT lemma, COALESCE(stage, 1) FROM word_status WHERE status = 'learning'"
        ).fetchall()
        return {str(r[0]): int(r[1]) for r in rows}

    def set_stage(self, lemmas: list[str], stage: int) -> None:
        """Mark words learning at `stage` (1–4), in one transaction."""
        if stage not in (1, 2, 3, 4):
            raise ValueError(f"stage {stage} is not 1–4")
        with self._tx() as db:
            for lemma in lemmas:
                _put_status(db, lemma.lower(), "learning")
                db.execute("UPDATE word_status SET stage = ? WHERE lemma = ?", (stage, lemma.lower()))
                db.execute("UPDATE review_cards SET graduated = 0 WHERE lemma = ?", (lemma.lower(),))

    def import_statuses(self, statuses: dict[str, str]) -> None:
        """Set many words' statuses (lemma → status) in one transaction: all or none."""
        with self._tx() as db:
            for lemma, status in statuses.items():
                _put_status(db, lemma.lower(), status)
                db.execute("UPDATE review_cards SET graduated = 0 WHERE lemma = ?", (lemma.lower(),))

    def record_review(
        self, card: ReviewCardRow, log: ReviewLogRow, status: str | None, stage: int | None = None
    ) -> int:
        """Keep one rating: the card's new state, the log row and (when given) the item's new
        status and learning stage, in one transaction. The log row's id."""
        with self._tx() as db:
            _put_card(db, card)
            cur = db.execute(
                "INSERT INTO review_log (lemma, rating, reviewed_at, direction, first, due,"
                " stability, state, duration_ms, card_before, status_before, stage_before)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    log.lemma,
                    log.rating,
                    log.reviewed_at,
                    log.direction,
                    int(log.first),
                    log.due,
                    log.stability,
                    log.state,
                    log.duration_ms,
                    json.dumps(asdict(log.card_before)) if log.card_before else None,
                    log.status_before,
                    log.stage_before,
                ),
            )
            if status is not None:
                _put_status(db, card.lemma, status)
            if stage is not None:
                db.execute(
                    "UPDATE word_status SET stage = ? WHERE lemma = ? AND status = 'learning'",
                    (stage, card.lemma),
                )
            return int(cur.lastrowid or 0)

    def undo_review(self, log_id: int) -> ReviewLogRow | None:
        """Take a rating back: its card and the item's status as they were, its log row gone
        (one transaction). The undone row, or None when there is no such rating."""
        with self._tx() as db:
            row = db.execute(f"SELECT {_LOG_COLUMNS} FROM review_log WHERE id = ?", (log_id,)).fetchone()
            if row is None:
                return None
            log = _log_row(row)
            if log.card_before is None:
                db.execute("DELETE FROM review_cards WHERE lemma = ?", (log.lemma,))
            else:
                _put_card(db, log.card_before)
            now = db.execute("SELECT status FROM word_status WHERE lemma = ?", (log.lemma,)).fetchone()
            if log.status_before is None:
                db.execute("DELETE FROM word_status WHERE lemma = ?", (log.lemma,))
            elif now is None or now[0] != log.status_before:  # unchanged: keep when it was marked
                _put_status(db, log.lemma, log.status_before)
            db.execute(
                "UPDATE word_status SET stage = ? WHERE lemma = ? AND status = 'learning'",
                (log.stage_before, log.lemma),
            )
            db.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
            return log

    def review_log(self, since: str | None = None, lemma: str | None = None) -> list[ReviewLogRow]:
        """Ratings in the order given, from `since` (ISO UTC) on, of one item or all."""
        where, args = [], []
        if since is not None:
            where.append("reviewed_at >= ?")
            args.append(since)
        if lemma is not None:
            where.append("lemma = ?")
            args.append(lemma)
        sql = f"SELECT {_LOG_COLUMNS} FROM review_log"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [_log_row(r) for r in self._db.execute(sql + " ORDER BY reviewed_at, id", args)]

    def iter_review_log(self) -> Iterator[ReviewLogRow]:
        """Every rating, oldest first (for statistics)."""
        for r in self._db.execute(f"SELECT {_LOG_COLUMNS} FROM review_log ORDER BY reviewed_at, id"):
            yield _log_row(r)


def _put_card(db: sqlite3.Connection, card: ReviewCardRow) -> None:
    db.execute(
        f"INSERT INTO review_cards ({_CARD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(lemma) DO UPDATE SET card = excluded.card, due = excluded.due,"
        " stability = excluded.stability, reps = excluded.reps, lapses = excluded.lapses,"
        " shown = excluded.shown, graduated = excluded.graduated",
        (
            card.lemma,
            card.card,
            card.due,
            card.stability,
            card.reps,
            card.lapses,
            card.shown,
            int(card.graduated),
        ),
    )


def _put_status(db: sqlite3.Connection, lemma: str, status: str) -> None:
    db.execute(
        "INSERT INTO word_status (lemma, status) VALUES (?, ?) ON CONFLICT(lemma) DO UPDATE SET"
        f" status = excluded.status, updated_at = {_NOW}, {KEEP_STAGE}",
        (lemma, status),
    )


def _card_row(r: tuple) -> ReviewCardRow:  # type: ignore[type-arg]
    return ReviewCardRow(
        lemma=str(r[0]),
        card=str(r[1]),
        due=str(r[2]),
        stability=None if r[3] is None else float(r[3]),
        reps=int(r[4]),
        lapses=int(r[5]),
        shown=int(r[6]),
        graduated=bool(r[7]),
    )


def _log_row(r: tuple) -> ReviewLogRow:  # type: ignore[type-arg]
    before = None
    if r[9]:
        data = json.loads(r[9])
        before = ReviewCardRow(**data)
    return ReviewLogRow(
        lemma=str(r[0]),
        rating=int(r[1]),
        reviewed_at=str(r[2]),
        direction=str(r[3]),
        first=bool(r[4]),
        due=str(r[5]),
        stability=None if r[6] is None else float(r[6]),
        state=int(r[7]),
        duration_ms=None if r[8] is None else int(r[8]),
        card_before=before,
        status_before=None if r[10] is None else str(r[10]),
        id=int(r[11]),
        stage_before=None if r[12] is None else int(r[12]),
    )
