"""The learner's progress, from the library: what is due, reviews per day, retention, words by
status, words known over time.

*Retention* is FSRS's true retention: of the reviews of words past their learning steps (whose
card was in the Review state), the share not rated Again. *Known over time* counts, per day, the
words known at its end: those marked known that day or before (a word keeps the date of its last
status change, so one marked known, then learning, then known again counts from the last time).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from studyterm.model import STATUSES
from studyterm.review.limits import day_start
from studyterm.review.session import in_review
from studyterm.store import Store

__all__ = ["DAYS", "Stats", "compute_stats"]

DAYS = 30  # the span of the per-day series


@dataclass
class Stats:
    due_today: int
    due_week: int
    new_waiting: int  # marked learning, never reviewed
    under_review: int
    reviews_total: int
    retention: float | None  # None before any review past the learning steps
    retention_reviews: int
    statuses: dict[str, int]
    stages: dict[int, int]  # learning words by stage 1–4
    reviews_per_day: list[tuple[str, int]] = field(default_factory=list)  # (ISO date, count)
    known_over_time: list[tuple[str, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["reviews_per_day"] = [{"date": d, "reviews": n} for d, n in self.reviews_per_day]
        data["known_over_time"] = [{"date": d, "known": n} for d, n in self.known_over_time]
        return data


def _local_day(iso: str) -> date:
    """The study day an ISO UTC time falls in (days start at 04:00 local time)."""
    return day_start(datetime.fromisoformat(iso.replace("Z", "+00:00"))).astimezone().date()


def compute_stats(store: Store, now: datetime, days: int = DAYS) -> Stats:
    """The figures at `now` (aware UTC); per-day series over the last `days` study days."""
    statuses = store.statuses()
    cards = store.review_cards()
    start = day_start(now)
    under = {lemma: row for lemma, row in cards.items() if in_review(statuses.get(lemma), row)}
    dues = [datetime.fromisoformat(row.due) for row in under.values()]
    new_waiting = sum(1 for lemma, s in statuses.items() if s == "learning" and lemma not in cards)
    today = start.astimezone().date()
    series = [today - timedelta(days=i) for i in range(days - 1, -1, -1)]
    per_day: Counter[date] = Counter()
    passed = counted = total = 0
    for log in store.iter_review_log():
        total += 1
        per_day[_local_day(log.reviewed_at)] += 1
        before = log.card_before
        if before is not None and json.loads(before.card).get("state") == 2:
            counted += 1
            passed += log.rating > 1
    known_on: Counter[date] = Counter(_local_day(when) for when in store.known_since())
    first = series[0]
    running = sum(n for d, n in known_on.items() if d < first)
    known_series = []
    for d in series:
        running += known_on.get(d, 0)
        known_series.append((d.isoformat(), running))
    by_status = Counter(statuses.values())
    return Stats(
        due_today=sum(1 for d in dues if d < start + timedelta(days=1)),
        due_week=sum(1 for d in dues if d < start + timedelta(days=7)),
        new_waiting=new_waiting,
        under_review=len(under),
        reviews_total=total,
        retention=passed / counted if counted else None,
        retention_reviews=counted,
        statuses={s: by_status.get(s, 0) for s in STATUSES},
        stages={n: sum(1 for v in store.stages().values() if v == n) for n in (1, 2, 3, 4)},
        reviews_per_day=[(d.isoformat(), per_day.get(d, 0)) for d in series],
        known_over_time=known_series,
    )
