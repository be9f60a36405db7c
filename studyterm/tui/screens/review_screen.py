"""The review session: one card at a time, rated 1–4, every rating saved at once.

The card content (sentences from every analysed episode, glosses) is read by a thread worker with
its own Store; the session itself (`review.session.ReviewSession`) runs on the App's Store, whose
writes are single small transactions. Keys: `space` shows the back, `1`–`4` rate, `u` undoes,
`o` opens the episode at the card's sentence, `q` ends with a summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from studyterm.errors import StudytermError
from studyterm.review.answer import Verdict, check_answer
from studyterm.review.content import ItemContent
from studyterm.review.limits import Limits
from studyterm.review.session import ReviewSession
from studyterm.store.library import ReadingState
from studyterm.tui.messages import LevelChanged
from studyterm.tui.review_card import card_content, summary_content

if TYPE_CHECKING:
    from studyterm.tui.app import StudyApp

__all__ = ["ReviewScreen"]


class ReviewScreen(Screen[None]):
    """Spaced review of the words and expressions marked learning."""

    HELP_TITLE = "Review"
    CSS_PATH = "../review.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Show", id="review.reveal", tooltip="Show the meaning"),
        *(
            Binding(str(n), f"rate({n})", name, id=f"review.rate-{n}", tooltip=f"Rate {name}: {why}")
            for n, name, why in (
                (1, "Again", "forgotten, see it again soon"),
                (2, "Hard", "recalled with effort"),
                (3, "Good", "recalled"),
                (4, "Easy", "recalled at once"),
            )
        ),
        Binding("u", "undo", "Undo", id="review.undo", tooltip="Take back the last rating"),
        Binding(
            "o", "open_episode", "Episode", id="review.open", tooltip="Open the episode at this sentence"
        ),
        Binding(
            "l",
            "limits",
            "Limits",
            show=False,
            id="review.limits",
            tooltip="Daily limits of new words and reviews",
        ),
        Binding("q,escape", "finish", "End", id="review.end", tooltip="End the session with a summary"),
        Binding("enter", "leave", "Leave", show=False, id="review.leave", tooltip="Leave the summary"),
    ]

    @dataclass
    class ContentLoaded(Message):
        """The loading worker's result: card content by lemma, or what went wrong."""

        content: dict[str, ItemContent]
        error: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self.session: ReviewSession | None = None
        self.revealed = False
        self.finished = False
        self.verdict: Verdict | None = None
        self.typed = ""

    @property
    def study_app(self) -> StudyApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Review", id="review-header", markup=False)
        with VerticalScroll(id="review-body"):
            yield Static("Loading your words…", id="review-card", markup=False)
            yield Input(placeholder="the English word, then Enter", id="review-answer")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-answer", Input).display = False
        self._load()

    @work(thread=True, exclusive=True, group="review-load")
    def _load(self) -> None:
        from studyterm.review.loading import review_content

        app = self.study_app
        try:
            content = review_content(app.store.path, app.model)
        except StudytermError as err:
            self.post_message(self.ContentLoaded({}, str(err)))
        else:
            self.post_message(self.ContentLoaded(content))

    @on(ContentLoaded)
    def _loaded(self, message: ContentLoaded) -> None:
        if message.error:
            self.notify(message.error, title="Cannot review", severity="error", markup=False)
        self.session = ReviewSession(self.study_app.store, message.content)
        self._show()

    # -- showing --------------------------------------------------------------------------

    def _show(self) -> None:
        session = self.session
        card = self.query_one("#review-card", Static)
        answer = self.query_one("#review-answer", Input)
        if session is None:
            return
        shown = session.current
        if shown is None or self.finished:
            self.finished = True
            answer.display = False
            self._header()
            card.update(summary_content(session.summary(), session.now()))
            self.refresh_bindings()
            return
        production = shown.direction == "production"
        answer.display = production and not self.revealed and self.verdict is None
        if answer.display:
            answer.focus()
        else:
            self.set_focus(None)
        intervals = session.preview() if self.revealed else None
        card.update(card_content(shown, self.revealed, self.verdict, self.typed, intervals))
        self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)
        self._header()
        self.refresh_bindings()

    def _header(self) -> None:
        session = self.session
        header = self.query_one("#review-header", Static)
        if session is None:
            return
        info = session.queue_info
        done = len(session.done)
        if self.finished:
            header.update(f"Review · {done} rated")
            return
        header.update(
            f"Review · {session.remaining} to go · {done} rated"
            f" · today's limits: {session.limits.new_per_day} new,"
            f" {session.limits.reviews_per_day} reviews"
            + (f" · {info.new_left + info.due_left} held back" if info.new_left + info.due_left else "")
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that do nothing now are hidden from the footer (None: shown greyed)."""
        if action == "leave":
            return self.finished
        if action == "limits":
            return self.session is not None
        if self.session is None or self.finished:
            return action == "finish"
        if action == "rate":
            return True if self.revealed else None
        if action == "reveal":
            return not self.revealed
        if action == "undo":
            return True if self.session.done else None
        if action == "open_episode":
            current = self.session.current
            return True if current is not None and current.sentence is not None else None
        return True

    # -- actions --------------------------------------------------------------------------

    def action_reveal(self) -> None:
        if self.session is None or self.session.current is None or self.finished:
            return
        if self.session.current.direction == "production" and self.verdict is None:
            self._check(self.query_one("#review-answer", Input).value)
            return
        self.revealed = True
        self._show()

    @on(Input.Submitted, "#review-answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._check(event.value)

    def _check(self, typed: str) -> None:
        shown = self.session.current if self.session else None
        if shown is None:
            return
        forms = [*shown.content.forms]
        if shown.sentence is not None:
            forms.append(shown.sentence.text[shown.sentence.sent_start : shown.sentence.sent_end])
        self.typed = typed
        self.verdict = check_answer(typed, shown.lemma, shown.content.pos, forms)
        self.revealed = True
        self._show()

    def action_rate(self, rating: int) -> None:
        if self.session is None or self.finished or self.session.current is None:
            return
        if not self.revealed:
            self.notify("Space first: see the meaning, then rate.", timeout=2)
            return
        lemma = self.session.current.lemma
        before = self.study_app.learner.statuses.get(lemma)
        self.session.rate(rating)
        self._sync_status(lemma, before)
        self._next()

    def action_undo(self) -> None:
        if self.session is None or self.finished or not self.session.done:
            return
        lemma = self.session.done[-1].lemma
        before = self.study_app.learner.statuses.get(lemma)
        self.session.undo()
        self._sync_status(lemma, before)
        self._next()
        self.notify(f"Rating of {lemma!r} taken back.", timeout=2, markup=False)

    def _sync_status(self, lemma: str, before: str | None) -> None:
        """A rating may make a word known (or a lapse, learning): the app's learner follows."""
        now = self.study_app.store.statuses().get(lemma)
        if now != before:
            if now is None:
                self.study_app.learner.statuses.pop(lemma, None)
            else:
                self.study_app.learner.statuses[lemma] = now

    def _next(self) -> None:
        self.revealed = False
        self.verdict = None
        self.typed = ""
        self.query_one("#review-answer", Input).value = ""
        self._show()

    def action_open_episode(self) -> None:
        from studyterm.tui.screens.reader_screen import ReaderScreen

        shown = self.session.current if self.session else None
        if shown is None or shown.sentence is None:
            return
        s = shown.sentence
        self.study_app.save_reading_state(
            s.episode_id, ReadingState(s.segment, s.sentence_offset, (s.segment, s.start, s.end))
        )
        self.app.push_screen(ReaderScreen(s.episode_id))

    def action_limits(self) -> None:
        from studyterm.review.limits import save_limits
        from studyterm.tui.screens.limits_modal import LimitsModal

        if self.session is None:
            return

        def chosen(limits: Limits | None) -> None:
            if limits is None or self.session is None:
                return
            saved = save_limits(self.study_app.store, limits.new_per_day, limits.reviews_per_day)
            self.session.set_limits(saved)
            if self.session.current is not None:  # more to do under the new limits
                self.finished = False
            self.notify(f"Daily limits: {saved.new_per_day} new, {saved.reviews_per_day} reviews.", timeout=2)
            self._show()

        self.app.push_screen(LimitsModal(self.session.limits), chosen)

    def action_finish(self) -> None:
        if self.finished:
            self.action_leave()
            return
        self.finished = True
        self._show()

    def action_leave(self) -> None:
        if not self.finished:
            return
        if self.session is not None and self.session.done:
            # statuses and stages changed: the screens below re-highlight
            from studyterm.tui.screens.reader_screen import ReaderScreen

            stages = self.study_app.store.stages()
            for screen in self.app.screen_stack:
                if screen is self:
                    continue
                if isinstance(screen, ReaderScreen) and screen.session is not None:
                    screen.session.stages = stages
                screen.post_message(LevelChanged(self.study_app.learner.level))
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
