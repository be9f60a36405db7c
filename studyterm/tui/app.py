"""The study app: `make_app` builds it (for the CLI and the snapshot tests alike), `run_app`
runs it.

The App owns the library's `Store` (the main thread's connection) and the learner; screens ask
the App to save, widgets never see the Store, and thread workers open their own Store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer

from studyterm.errors import LibraryBusyError
from studyterm.store import Store
from studyterm.store.library import ReadingState
from studyterm.tui.background import ImportSource
from studyterm.tui.messages import EpisodeChosen, LevelChanged
from studyterm.tui.screens.library_screen import LibraryScreen
from studyterm.tui.screens.reader_screen import ReaderScreen

__all__ = ["StudyApp", "make_app", "run_app"]

Write = Callable[[Store], None]


class StudyApp(App[None]):
    """studyterm's study app: the library, and the reader on one episode at a time."""

    CSS_PATH = "studyterm.tcss"
    TITLE = "studyterm"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit (your place is saved)"),
        Binding(
            "question_mark",
            "help",
            "Help",
            key_display="?",
            id="app.help",
            tooltip="Every key of this screen",
        ),
    ]

    BUSY_SECONDS = 0.5
    """How long a write from the UI thread waits for the library's write lock before it is
    queued: long enough for another process's short write, short enough not to freeze keys."""
    RETRY_SECONDS = 2.0
    RETRY_WAIT_SECONDS = 0.25
    QUIT_WAIT_SECONDS = 15.0

    def __init__(
        self,
        store: Store,
        episode: str | None = None,
        model: str | None = None,
        level: str | None = None,
        review: bool = False,
        placement: str | None = None,
        source: ImportSource | None = None,
        max_bytes: int | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        store.set_busy_timeout(self.BUSY_SECONDS)
        self._pending: list[Write] = []
        self._retry: Timer | None = None
        self._quit_unsaved = False
        self.model = model
        self.first_episode = episode
        self.start_review = review
        self.placement = placement  # "test": only the placement test; "offer": over the library
        self.source = source
        self.max_bytes = max_bytes  # the largest file an import from the app reads (--max-size)
        from studyterm.pipeline import learner_for

        self.learner = learner_for(store, level)

    def on_mount(self) -> None:
        if self.start_review:
            self.action_review()
        elif self.placement == "test":
            self.action_placement()
        elif self.source is not None:
            self.push_screen(ReaderScreen(None, source=self.source))
        elif self.first_episode:
            self.push_screen(ReaderScreen(self.first_episode))
        else:
            self.push_screen(LibraryScreen())
            if self.placement == "offer":  # the first run: where does the learner start?
                self.action_placement()

    # -- screens --------------------------------------------------------------------------

    @on(EpisodeChosen)
    def _open(self, message: EpisodeChosen) -> None:
        self.push_screen(ReaderScreen(message.episode_id))

    def show_library(self, episode_id: str | None = None) -> None:
        """Back to the library: the one underneath, or a new one when the app started on an
        episode (`studyterm demo`, `studyterm study`), its cursor on `episode_id`."""
        from studyterm.tui.screens.review_screen import ReviewScreen

        below = self.screen_stack[-2] if len(self.screen_stack) > 1 else None
        if isinstance(below, LibraryScreen | ReviewScreen):  # the reader opened from a card
            self.pop_screen()
        else:
            self.switch_screen(LibraryScreen(select=episode_id))

    def action_help(self) -> None:
        from studyterm.tui.screens.help_modal import HelpModal, help_sections

        if isinstance(self.screen, HelpModal):
            return
        screen = self.screen
        self.push_screen(HelpModal(help_sections(screen, screen.active_bindings, self.get_key_display)))

    def action_review(self) -> None:
        """The review session of due words (from the library, the reader or `studyterm review`)."""
        from studyterm.tui.screens.review_screen import ReviewScreen

        if not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen())

    def action_stats(self) -> None:
        """Progress: due reviews, retention, words by status, charts."""
        from studyterm.tui.screens.stats_screen import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

    def action_placement(self) -> None:
        """The yes/no vocabulary-size test, which sets the level."""
        from studyterm.tui.screens.placement_screen import PlacementScreen

        if not isinstance(self.screen, PlacementScreen):
            self.push_screen(PlacementScreen())

    def action_level(self) -> None:
        from studyterm.tui.screens.level_modal import LevelModal

        def chosen(level: int | str | None) -> None:
            if level is not None:
                self.set_level(level)

        self.push_screen(LevelModal(self.learner.level), chosen)

    async def action_quit(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.save_state()
        if self._pending:
            wait = self.BUSY_SECONDS if self._quit_unsaved else self.QUIT_WAIT_SECONDS
            if not self._save_pending(wait=wait) and not self._quit_unsaved:
                # the one way a change could be lost: say so, and quit only when asked again
                self._quit_unsaved = True
                self.notify(
                    f"The library is still busy: {len(self._pending)} change(s) are "
                    "not saved yet. Wait and they will be; press q again to quit "
                    "without them.",
                    title="Not saved",
                    severity="error",
                    timeout=10,
                )
                return
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette offers the screen's actions (with their keys) too."""
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for binding in type(screen).BINDINGS:
            if not isinstance(binding, Binding) or binding.action in seen:
                continue
            seen.add(binding.action)
            key = self.get_key_display(binding)
            yield SystemCommand(
                f"{binding.description} ({key})",
                binding.tooltip or binding.description,
                _runner(screen, binding.action),
            )
        yield SystemCommand("Help (?)", "Every key of this screen", self.action_help)

    # -- the library, for screens ---------------------------------------------------------

    def save_statuses(self, lemmas: list[str], status: str) -> None:
        """Save a status change at once (one transaction), so a crash loses nothing; when the
        library is busy, the change is kept and saved as soon as it is free."""
        for lemma in lemmas:
            self.learner.statuses[lemma.lower()] = status
        self._save(lambda store: store.set_statuses(lemmas, status))

    def save_stage(self, lemmas: list[str], stage: int) -> None:
        """Mark words learning at a stage (1–4), at once (queued, as any mark, while the library
        is busy)."""
        self._save(lambda store: store.set_stage(lemmas, stage))
        for lemma in lemmas:
            self.learner.statuses[lemma.lower()] = "learning"

    def save_reading_state(self, episode_id: str, state: ReadingState) -> None:
        """Remember where the learner is in an episode."""
        self._save(lambda store: store.set_reading_state(episode_id, state))

    def delete_episode(self, episode_id: str) -> bool:
        """Remove an episode (and its analysis and reading state) from the library; False (and
        the learner told why) when the library is busy."""
        try:
            self.store.delete_episode(episode_id)
        except LibraryBusyError:
            self.notify(
                "The library is busy (another studyterm is writing to it): nothing was "
                "deleted. Try again when it has finished.",
                severity="warning",
                timeout=6,
            )
            return False
        return True

    # -- writes that wait for a busy library ----------------------------------------------

    def _save(self, write: Write) -> None:
        """Run a library write now, or queue it (in order) while another process holds the
        library's write lock — a long `dict import`, say. The learner is told once; the queue is
        retried every `RETRY_SECONDS` and on quit, so no mark is lost and the app never stops."""
        self._pending.append(write)
        if self._retry is None:  # while known busy, keys queue at once; the timer retries
            self._save_pending()

    def _retry_pending(self) -> None:
        # a short wait: the retry runs on the UI thread, which must keep answering keys
        self._save_pending(wait=self.RETRY_WAIT_SECONDS)

    def _save_pending(self, wait: float | None = None) -> bool:
        """Write what is queued; True when nothing is left."""
        if wait is not None:
            self.store.set_busy_timeout(wait)
        try:
            while self._pending:
                self._pending[0](self.store)
                self._pending.pop(0)
        except LibraryBusyError:
            if self._retry is None:
                self.notify(
                    "The library is busy (another studyterm is writing to it): your "
                    "changes are kept and will be saved as soon as it is free.",
                    title="Not saved yet",
                    severity="warning",
                    timeout=6,
                )
                self._retry = self.set_interval(self.RETRY_SECONDS, self._retry_pending)
            return False
        finally:
            if wait is not None:
                self.store.set_busy_timeout(self.BUSY_SECONDS)
        if self._retry is not None:
            self._retry.stop()
            self._retry = None
            self.notify("The library is free again: your changes are saved.", timeout=3)
        return True

    def set_level(self, level: int | str) -> None:
        """Change the learner's level, keep it as the library's setting, re-highlight."""
        self.learner.level = level
        self._save(lambda store: store.set_setting("level", str(level)))
        self.notify(f"Level set to {level}.", timeout=2)
        for screen in self.screen_stack:
            screen.post_message(LevelChanged(level))


def _runner(screen: Screen, action: str):  # type: ignore[no-untyped-def]
    async def run() -> None:
        await screen.run_action(action)

    return run


def make_app(
    store: Store,
    episode: str | None = None,
    model: str | None = None,
    level: str | None = None,
    review: bool = False,
    placement: str | None = None,
    source: ImportSource | None = None,
    max_bytes: int | None = None,
) -> StudyApp:
    """The study app on the library (episode None), on one episode id, or on a file it imports
    first (`source`, its progress on screen); `level` overrides the saved level for this
    session ("5000", "8k", "B2"); `review` starts with a review session; `placement` "test"
    with the placement test alone, "offer" with it over the library; `max_bytes` is the largest
    file an import from the app reads (`--max-size`)."""
    return StudyApp(
        store,
        episode=episode,
        model=model,
        level=level,
        review=review,
        placement=placement,
        source=source,
        max_bytes=max_bytes,
    )


def run_app(
    store: Store,
    episode: str | None = None,
    model: str | None = None,
    level: str | None = None,
    review: bool = False,
    placement: str | None = None,
    source: ImportSource | None = None,
    max_bytes: int | None = None,
) -> None:
    """Run the study app in the terminal (what `studyterm`, `demo`, `study`, `review` and
    `placement` call)."""
    make_app(
        store,
        episode=episode,
        model=model,
        level=level,
        review=review,
        placement=placement,
        source=source,
        max_bytes=max_bytes,
    ).run()
