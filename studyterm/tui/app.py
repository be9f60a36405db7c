"""The study app: `make_app` builds it (for the CLI and the snapshot tests alike), `run_app`
runs it.

The App owns the library's `Store` (the main thread's connection) and the learner; screens ask
the App to save, widgets never see the Store, and thread workers open their own Store.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from studyterm.analysis.learner import Learner, parse_level
from studyterm.store import Store
from studyterm.store.library import ReadingState
from studyterm.tui.messages import EpisodeChosen, LevelChanged
from studyterm.tui.screens.library_screen import LibraryScreen
from studyterm.tui.screens.reader_screen import ReaderScreen

__all__ = ["StudyApp", "make_app", "run_app"]


class StudyApp(App[None]):
    """studyterm's study app: the library, and the reader on one episode at a time."""

    CSS_PATH = "studyterm.tcss"
    TITLE = "studyterm"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit (your place is saved)"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help",
                tooltip="Every key of this screen"),
    ]

    def __init__(self, store: Store, episode: str | None = None, model: str | None = None,
                 level: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.model = model
        self.first_episode = episode
        saved = store.setting("level")
        self.learner = Learner(level=parse_level(level or saved), statuses=store.statuses())

    def on_mount(self) -> None:
        if self.first_episode:
            self.push_screen(ReaderScreen(self.first_episode))
        else:
            self.push_screen(LibraryScreen())

    # -- screens --------------------------------------------------------------------------

    @on(EpisodeChosen)
    def _open(self, message: EpisodeChosen) -> None:
        self.push_screen(ReaderScreen(message.episode_id))

    def show_library(self, episode_id: str | None = None) -> None:
        """Back to the library: the one underneath, or a new one when the app started on an
        episode (`studyterm demo`, `studyterm study`), its cursor on `episode_id`."""
        below = self.screen_stack[-2] if len(self.screen_stack) > 1 else None
        if isinstance(below, LibraryScreen):
            self.pop_screen()
        else:
            self.switch_screen(LibraryScreen(select=episode_id))

    def action_help(self) -> None:
        from studyterm.tui.screens.help_modal import HelpModal, help_sections

        if isinstance(self.screen, HelpModal):
            return
        screen = self.screen
        self.push_screen(HelpModal(help_sections(screen, screen.active_bindings,
                                                 self.get_key_display)))

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
            yield SystemCommand(f"{binding.description} ({key})",
                                binding.tooltip or binding.description,
                                _runner(screen, binding.action))
        yield SystemCommand("Help (?)", "Every key of this screen", self.action_help)

    # -- the library, for screens ---------------------------------------------------------

    def save_statuses(self, lemmas: list[str], status: str) -> None:
        """Save a status change at once (one transaction), so a crash loses nothing."""
        self.store.set_statuses(lemmas, status)
        for lemma in lemmas:
            self.learner.statuses[lemma.lower()] = status

    def save_reading_state(self, episode_id: str, state: ReadingState) -> None:
        """Remember where the learner is in an episode."""
        self.store.set_reading_state(episode_id, state)

    def delete_episode(self, episode_id: str) -> None:
        """Remove an episode (and its analysis and reading state) from the library."""
        self.store.delete_episode(episode_id)

    def set_level(self, level: int | str) -> None:
        """Change the learner's level, keep it as the library's setting, re-highlight."""
        self.learner.level = level
        self.store.set_setting("level", str(level))
        self.notify(f"Level set to {level}.", timeout=2)
        for screen in self.screen_stack:
            screen.post_message(LevelChanged(level))


def _runner(screen: Screen, action: str):  # type: ignore[no-untyped-def]
    async def run() -> None:
        await screen.run_action(action)

    return run


def make_app(store: Store, episode: str | None = None, model: str | None = None,
             level: str | None = None) -> StudyApp:
    """The study app on the library (episode None) or on one episode id; `level` overrides the
    saved level for this session ("5000", "8k", "B2")."""
    return StudyApp(store, episode=episode, model=model, level=level)


def run_app(store: Store, episode: str | None = None, model: str | None = None,
            level: str | None = None) -> None:
    """Run the study app in the terminal (what `studyterm`, `demo` and `study` call)."""
    make_app(store, episode=episode, model=model, level=level).run()
