"""Daily limits of a review session and the study day they count in.

New items (first seen) and reviews are limited per study day, as in Anki: 20 new and 200 reviews
by default, saved in the library's settings. The study day starts at 04:00 local time, so a late
session after midnight still counts in the evening's day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from studyterm.errors import UsageError
from studyterm.store import Store

__all__ = [
    "DAY_STARTS_AT",
    "DEFAULT_NEW_PER_DAY",
    "DEFAULT_REVIEWS_PER_DAY",
    "Limits",
    "day_start",
    "load_limits",
    "save_limits",
]

DEFAULT_NEW_PER_DAY = 20
DEFAULT_REVIEWS_PER_DAY = 200
DAY_STARTS_AT = 4  # local hour
_NEW_KEY = "review.new_per_day"
_REVIEWS_KEY = "review.reviews_per_day"
_MAX = 9999


@dataclass(frozen=True)
class Limits:
    new_per_day: int = DEFAULT_NEW_PER_DAY
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY


def day_start(now: datetime) -> datetime:
    """The start (aware UTC) of the study day `now` (aware) falls in."""
    local = now.astimezone()
    start = local.replace(hour=DAY_STARTS_AT, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    return start.astimezone(UTC)


def load_limits(store: Store) -> Limits:
    """The saved limits (the defaults for what was never set or no longer reads as a number)."""
    return Limits(
        _number(store.setting(_NEW_KEY), DEFAULT_NEW_PER_DAY),
        _number(store.setting(_REVIEWS_KEY), DEFAULT_REVIEWS_PER_DAY),
    )


def save_limits(store: Store, new_per_day: int | None = None, reviews_per_day: int | None = None) -> Limits:
    """Save either limit (0 … 9999); the limits now in force."""
    for name, value in (("new items a day", new_per_day), ("reviews a day", reviews_per_day)):
        if value is not None and not 0 <= value <= _MAX:
            raise UsageError(f"{name}: {value} is not between 0 and {_MAX}")
    if new_per_day is not None:
        store.set_setting(_NEW_KEY, str(new_per_day))
    if reviews_per_day is not None:
        store.set_setting(_REVIEWS_KEY, str(reviews_per_day))
    return load_limits(store)


def _number(text: str | None, default: int) -> int:
    try:
        value = int(text) if text is not None else default
    except ValueError:
        return default
    return value if 0 <= value <= _MAX else default
