"""A review session, without any widget: the queue of due items, the card on show, ratings
written to the library at once, undo, and the summary at the end.

The queue holds the items marked learning (and those review made known, which stay under review
so a lapse can bring them back): first the reviews that are due, the most overdue first, then new
items in the order they were marked, each within the day's limits. An item rated into a learning
step (minutes away) comes back in the same session once it is due — or, when nothing else is left,
up to `LEARN_AHEAD` early, as Anki does.

Every rating is one transaction (card, log row, status change): a crash loses nothing. Undo takes
the last rating back in the library and puts its card back in front.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fsrs import Scheduler

from studyterm.review.content import CardSentence, ItemContent
from studyterm.review.limits import Limits, day_start, load_limits
from studyterm.review.scheduling import KNOWN_STABILITY_DAYS, rate, scheduler, stage_for, utc_now
from studyterm.store import Store
from studyterm.store.reviews import ReviewCardRow, ReviewLogRow

__all__ = ["LEARN_AHEAD", "Queue", "ReviewSession", "Shown", "Summary", "build_queue"]

LEARN_AHEAD = timedelta(minutes=20)
MAX_ANSWER_MS = 60_000  # a longer pause is the learner away, not thinking (Anki caps the same)


@dataclass(frozen=True)
class Queue:
    due: list[str]  # reviews, most overdue first
    new: list[str]  # never rated, oldest mark first
    due_left: int  # due beyond today's review limit
    new_left: int  # learning items beyond today's new limit

    @property
    def items(self) -> list[str]:
        return [*self.due, *self.new]


def in_review(status: str | None, row: ReviewCardRow | None) -> bool:
    """Items under review: marked learning, or made known by review (a lapse brings them back)."""
    return status == "learning" or (status == "known" and row is not None and row.graduated)


def build_queue(store: Store, now: datetime, limits: Limits) -> Queue:
    """Today's queue at `now` (aware UTC) within the limits, counting what today already saw."""
    statuses = store.statuses()
    cards = store.review_cards()
    today = store.review_log(since=day_start(now).isoformat())
    new_done = sum(1 for log in today if log.first)
    reviews_done = sum(1 for log in today if not log.first)
    due = sorted(
        (
            row
            for lemma, row in cards.items()
            if in_review(statuses.get(lemma), row) and row.reps > 0 and datetime.fromisoformat(row.due) <= now
        ),
        key=lambda r: r.due,
    )
    fresh = [lemma for lemma, _ in store.learning_since() if lemma not in cards or cards[lemma].reps == 0]
    due_room = max(0, limits.reviews_per_day - reviews_done)
    new_room = max(0, limits.new_per_day - new_done)
    return Queue(
        due=[r.lemma for r in due[:due_room]],
        new=fresh[:new_room],
        due_left=max(0, len(due) - due_room),
        new_left=max(0, len(fresh) - new_room),
    )


@dataclass(frozen=True)
class Shown:
    """The card on show: the item, its sentence (None when no episode uses it) and direction."""

    lemma: str
    content: ItemContent
    sentence: CardSentence | None
    direction: str  # "recognition" (English → Chinese) or "production" (Chinese → English)
    is_new: bool
    stage: int | None = None  # the learning stage (1–4), None when the word is known

    @property
    def other_sentences(self) -> list[CardSentence]:
        return [s for s in self.content.sentences if s is not self.sentence]


@dataclass
class Summary:
    """The end of a session: what was done, and when the next review is."""

    reviewed: int = 0  # ratings kept (undone ones not counted)
    again: int = 0
    new: int = 0
    became_known: list[str] = field(default_factory=list)
    back_to_learning: list[str] = field(default_factory=list)
    next_due: datetime | None = None
    due_left: int = 0  # beyond today's limits

    @property
    def again_rate(self) -> float:
        return self.again / self.reviewed if self.reviewed else 0.0


@dataclass
class _Done:
    """One kept rating, for undo and the summary."""

    log_id: int
    lemma: str
    rating: int
    first: bool
    became_known: bool
    lapsed: bool
    queue: list[str]
    later: list[tuple[str, str]]
    shown: Shown


class ReviewSession:
    """One sitting of review on the library's main-thread Store."""

    def __init__(
        self,
        store: Store,
        content: dict[str, ItemContent],
        *,
        now: Callable[[], datetime] = utc_now,
        sched: Scheduler | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.store = store
        self.content = content
        self.now = now
        self.sched = sched or scheduler()
        self.limits = limits or load_limits(store)
        self.queue_info = build_queue(store, now(), self.limits)
        self.queue: list[str] = self.queue_info.items
        self.later: list[tuple[str, str]] = []  # (due ISO, lemma) in learning steps
        self.done: list[_Done] = []
        self.current: Shown | None = None
        self._shown_at: datetime | None = None
        self._advance()

    # -- the card on show -----------------------------------------------------------------

    def set_limits(self, limits: Limits) -> None:
        """New daily limits, in force at once: the queue is rebuilt from what today has seen."""
        self.limits = limits
        self.queue_info = build_queue(self.store, self.now(), limits)
        busy = {lemma for _, lemma in self.later}
        if self.current is not None:
            busy.add(self.current.lemma)
        self.queue = [lemma for lemma in self.queue_info.items if lemma not in busy]
        if self.current is None:
            self._advance()

    @property
    def remaining(self) -> int:
        """Cards left, counting the current one and those coming back from a learning step."""
        return len(self.queue) + len(self.later) + (1 if self.current else 0)

    def _advance(self) -> None:
        now = self.now()
        self.later.sort()
        lemma = None
        if self.later and datetime.fromisoformat(self.later[0][0]) <= now:
            lemma = self.later.pop(0)[1]
        elif self.queue:
            lemma = self.queue.pop(0)
        elif self.later and datetime.fromisoformat(self.later[0][0]) <= now + LEARN_AHEAD:
            lemma = self.later.pop(0)[1]
        self.current = self._show(lemma) if lemma else None
        self._shown_at = now

    def _show(self, lemma: str) -> Shown:
        content = self.content.get(lemma) or ItemContent(lemma=lemma)
        row = self.store.review_cards().get(lemma)
        shown = row.shown if row else 0
        sentences = content.sentences
        sentence = sentences[shown % len(sentences)] if sentences else None
        stable = row is not None and (row.stability or 0.0) >= KNOWN_STABILITY_DAYS
        # once stable, every other showing asks for the English from the Chinese
        production = stable and shown % 2 == 1 and sentence is not None and bool(content.gloss)
        return Shown(
            lemma,
            content,
            sentence,
            "production" if production else "recognition",
            is_new=row is None or row.reps == 0,
            stage=self.store.stages().get(lemma),
        )

    def preview(self) -> dict[int, timedelta]:
        """How far away each rating (1–4) would put the card on show (fuzz aside)."""
        if self.current is None:
            return {}
        now = self.now()
        row = self.store.review_cards().get(self.current.lemma)
        status = self.store.statuses().get(self.current.lemma)
        plain = Scheduler(
            self.sched.parameters,
            self.sched.desired_retention,
            self.sched.learning_steps,
            self.sched.relearning_steps,
            self.sched.maximum_interval,
            enable_fuzzing=False,
        )
        return {r: rate(plain, self.current.lemma, row, r, now, status).card.due - now for r in (1, 2, 3, 4)}

    # -- rating ---------------------------------------------------------------------------

    def rate(self, rating: int) -> Shown | None:
        """Rate the card on show (1 Again … 4 Easy), keep it in the library, show the next.
        The next card, or None when the session is over."""
        if self.current is None:
            return None
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating {rating} is not 1–4")
        shown = self.current
        now = self.now()
        row = self.store.review_cards().get(shown.lemma)
        status = self.store.statuses().get(shown.lemma)
        rated = rate(self.sched, shown.lemma, row, rating, now, status)
        new_status = "known" if rated.became_known else "learning" if rated.lapsed else None
        learning = (new_status or status) == "learning"
        stage = stage_for(rated.row.stability) if learning else None
        elapsed = int((now - self._shown_at).total_seconds() * 1000) if self._shown_at else None
        log = ReviewLogRow(
            lemma=shown.lemma,
            rating=rating,
            reviewed_at=now.isoformat(),
            direction=shown.direction,
            first=shown.is_new,
            due=rated.row.due,
            stability=rated.row.stability,
            state=int(rated.card.state),
            duration_ms=None if elapsed is None else max(0, min(elapsed, MAX_ANSWER_MS)),
            card_before=row,
            status_before=status,
            stage_before=self.store.stages().get(shown.lemma),
        )
        log_id = self.store.record_review(rated.row, log, new_status, stage)
        self.done.append(
            _Done(
                log_id,
                shown.lemma,
                rating,
                shown.is_new,
                rated.became_known,
                rated.lapsed,
                list(self.queue),
                list(self.later),
                shown,
            )
        )
        if rated.card.due - now <= LEARN_AHEAD:
            self.later.append((rated.row.due, shown.lemma))
        self._advance()
        return self.current

    def undo(self) -> Shown | None:
        """Take the last rating back (in the library too) and show its card again. The card, or
        None when there was nothing to undo."""
        if not self.done:
            return None
        last = self.done.pop()
        self.store.undo_review(last.log_id)
        self.queue, self.later = last.queue, last.later
        self.current = last.shown
        self._shown_at = self.now()
        return self.current

    # -- the end --------------------------------------------------------------------------

    def summary(self) -> Summary:
        """What this session did, and when the next review falls due."""
        known = [d.lemma for d in self.done if d.became_known]
        back = [d.lemma for d in self.done if d.lapsed]
        statuses = self.store.statuses()
        dues = [
            datetime.fromisoformat(row.due)
            for lemma, row in self.store.review_cards().items()
            if in_review(statuses.get(lemma), row)
        ]
        pending = [d for d in dues if d > self.now()]
        left = self.queue_info.due_left + self.queue_info.new_left
        return Summary(
            reviewed=len(self.done),
            again=sum(1 for d in self.done if d.rating == 1),
            new=sum(1 for d in self.done if d.first),
            became_known=known,
            back_to_learning=back,
            next_due=min(pending) if pending else None,
            due_left=left + self.remaining,
        )
