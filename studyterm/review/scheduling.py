"""FSRS scheduling of one item: the `fsrs` package's Scheduler and Card, used as its docs say.

One card per item (word or expression), whatever the direction it is shown in: FSRS models one
memory. The card's id is derived from the lemma (stable, never the clock), and its whole state is
kept as the package's own JSON, so the library never re-derives what the scheduler decided.

An item whose stability reaches `KNOWN_STABILITY_DAYS` counts as known (for highlighting); a lapse
(Again) brings it back to learning.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler, State

from studyterm.store.reviews import ReviewCardRow

__all__ = [
    "KNOWN_STABILITY_DAYS",
    "RATINGS",
    "Rated",
    "card_id",
    "card_of",
    "new_card",
    "rate",
    "scheduler",
    "utc_now",
]

KNOWN_STABILITY_DAYS = 21.0
RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


# the stability (days) at which learning stages 2, 3 and 4 begin; KNOWN_STABILITY_DAYS ends 4
STAGE_STABILITY_DAYS = (3.0, 7.0, 14.0)


def stage_for(stability: float | None) -> int:
    """The learning stage (1–4) an FSRS stability stands for: 1 under 3 days, 2 under a week,
    3 under two weeks, 4 until the word counts as known at 21 days."""
    return 1 + sum(1 for days in STAGE_STABILITY_DAYS if (stability or 0.0) >= days)


def utc_now() -> datetime:
    return datetime.now(UTC)


def scheduler(fuzz: bool = True) -> Scheduler:
    """The scheduler with the package's default parameters and steps (1 and 10 minutes to learn,
    10 to relearn, 90% desired retention). Fuzz spreads reviews of items learnt together."""
    return Scheduler(enable_fuzzing=fuzz)


def card_id(lemma: str) -> int:
    """A stable card id from the lemma (the package's default id is the clock)."""
    return int.from_bytes(hashlib.sha256(lemma.encode("utf-8")).digest()[:6], "big")


def new_card(lemma: str, now: datetime) -> Card:
    return Card(card_id=card_id(lemma), due=now)


def card_of(row: ReviewCardRow) -> Card:
    return Card.from_dict(json.loads(row.card))


@dataclass(frozen=True)
class Rated:
    """What one rating did: the item's new row, and whether it became known or came back."""

    row: ReviewCardRow
    card: Card
    became_known: bool
    lapsed: bool


def rate(
    sched: Scheduler, lemma: str, row: ReviewCardRow | None, rating: int, now: datetime, status: str | None
) -> Rated:
    """Rate an item (1 Again … 4 Easy) at `now` (aware UTC). `row` is its card so far (None for a
    new item), `status` its current status. Pure: the caller stores the result."""
    card = card_of(row) if row is not None else new_card(lemma, now)
    before_state = card.state
    card, _log = sched.review_card(card, Rating(rating), review_datetime=now)
    lapse = rating == 1 and before_state == State.Review
    stable = (card.stability or 0.0) >= KNOWN_STABILITY_DAYS
    graduated = row.graduated if row is not None else False
    became_known = stable and status == "learning"
    # a forgotten known word comes back to learning
    lapsed = rating == 1 and status == "known"
    if became_known:
        graduated = True
    elif lapsed:
        graduated = False
    new_row = ReviewCardRow(
        lemma=lemma,
        card=json.dumps(card.to_dict()),
        due=card.due.isoformat(),
        stability=card.stability,
        reps=(row.reps if row else 0) + 1,
        lapses=(row.lapses if row else 0) + int(lapse),
        shown=(row.shown if row else 0) + 1,
        graduated=graduated,
    )
    return Rated(new_row, card, became_known, lapsed)
