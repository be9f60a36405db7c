"""The placement test: an introduction, 60 words one at a time (y / n), then the estimate, how it
was reached, and the level set from it.

The words are sampled in a thread worker (the first test of a process reads the glossary and the
frequency list: a few seconds); the answers and the estimate are plain Python
(`review.placement`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from studyterm.review.placement import Item, PlacementTest, Result

if TYPE_CHECKING:
    from studyterm.tui.app import StudyApp

__all__ = ["PlacementScreen"]

INTRO = (
    "How many English words do you know?\n\n"
    "You will see 60 words, one at a time. Press  y  if you know the word — you could say what it "
    "means — and  n  if you do not. Some are made-up words that only look English: say no to "
    "those; yes to them counts against guessing. It takes about three minutes.\n\n"
    "Your answers estimate your vocabulary size, which becomes your level: the words beyond it "
    "are the ones studyterm highlights."
)


class PlacementScreen(Screen[None]):
    """The yes/no vocabulary-size test."""

    HELP_TITLE = "Placement test"
    CSS_PATH = "../review.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", id="placement.start", tooltip="Start the test"),
        Binding("y", "answer(True)", "Know it", id="placement.yes", tooltip="I know this word"),
        Binding("n", "answer(False)", "Don't", id="placement.no", tooltip="I do not know it"),
        Binding("b,backspace", "back", "Back", id="placement.back", tooltip="Change the last answer"),
        Binding(
            "q,escape",
            "leave",
            "Leave",
            id="placement.leave",
            tooltip="Leave (during the test: nothing is saved)",
        ),
    ]

    @dataclass
    class Sampled(Message):
        """The worker's result: the test's words."""

        items: list[Item]

    def __init__(self, seed: int | None = None) -> None:
        super().__init__()
        self.seed = seed
        self.test: PlacementTest | None = None
        self.started = False
        self.result: Result | None = None

    @property
    def study_app(self) -> StudyApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Placement test", id="review-header", markup=False)
        with Vertical(id="review-body"):
            yield Static(INTRO, id="placement-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._sample()

    @work(thread=True, exclusive=True, group="placement")
    def _sample(self) -> None:
        from studyterm.review.placement import make_test

        self.post_message(self.Sampled(make_test(self.seed)))

    @on(Sampled)
    def _sampled(self, message: Sampled) -> None:
        self.test = PlacementTest(message.items)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return not self.started and self.test is not None
        if action in ("answer", "back"):
            return self.started and self.result is None
        return True

    def _show(self) -> None:
        test = self.test
        text = self.query_one("#placement-text", Static)
        header = self.query_one("#review-header", Static)
        assert test is not None
        if self.result is not None:
            header.update("Placement test · done")
            text.update(self._result_content(self.result))
        else:
            item = test.current
            assert item is not None
            n = len(test.answers) + 1
            header.update(f"Placement test · word {n} of {len(test.items)}")
            text.update(
                Content.assemble(
                    Content("Do you know this word?\n\n").stylize("dim"),
                    Content(item.word).stylize("bold $accent"),
                    Content("\n\ny  I know it      n  I don't      b  back").stylize("dim"),
                )
            )
        self.refresh_bindings()

    def _result_content(self, result: Result) -> Content:
        lines = [Content("Your vocabulary").stylize("bold $accent"), Content("")]
        if result.size is not None:
            lines.append(Content(f"About {result.size:,} word families  ·  {result.cefr}").stylize("bold"))
            lines.append(Content(f"Your level is now {result.size}.").stylize("$text-success"))
            lines.append(Content(""))
        lines.extend(Content(line) for line in result.explanation())
        lines.append(Content(""))
        lines.append(
            Content("q, Esc: leave  ·  L in the library or the reader changes the level").stylize("dim")
        )
        return Content("\n").join(lines)

    def action_start(self) -> None:
        if self.test is None or self.started:
            return
        self.started = True
        self._show()

    def action_answer(self, known: bool) -> None:
        if self.test is None or not self.started or self.result is not None:
            return
        self.test.answer(known)
        if self.test.done:
            self.result = self.test.result()
            if self.result.size is not None:
                self._save(self.result)
        self._show()

    def _save(self, result: Result) -> None:
        from studyterm.review.placement import save_result

        app = self.study_app
        save_result(app.store, result)
        assert result.size is not None
        app.set_level(result.size)

    def action_back(self) -> None:
        if self.test is not None and self.started and self.result is None and self.test.back():
            self._show()

    def action_leave(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
