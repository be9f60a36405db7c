"""The library's import dialog: the episode file, and optionally its title and a Chinese summary
file, as `studyterm import FILE --title … --summary-zh …` takes them. It dismisses with the path,
as `PathModal` does; `choice` holds all three."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label

from studyterm.tui.screens.path_modal import PathModal
from studyterm.tui.widgets.path_suggester import PathSuggester

__all__ = ["ImportChoice", "ImportModal"]


@dataclass(frozen=True)
class ImportChoice:
    """What to import: the file, and the title and summary file when given ("" when not)."""

    path: str
    title: str = ""
    summary_zh: str = ""


class ImportModal(PathModal):
    """Dismisses with the path (None when cancelled); then `choice` is what was typed."""

    def __init__(self) -> None:
        super().__init__(
            "Import an episode",
            "A PodQuest page, a .txt transcript, .srt or .vtt subtitles, or studyterm .json:",
            action="Import",
            suffixes=(".txt", ".srt", ".vtt", ".json"),
        )
        self.choice: ImportChoice | None = None

    def compose_extra(self) -> ComposeResult:
        yield Label("Title (optional; a PodQuest page brings its own)", classes="dialog-label")
        yield Input(placeholder="e.g. Trade talks in Astana", id="import-title")
        yield Label(
            "Chinese summary file (optional: paragraphs, or one “speaker: text” a line)",
            classes="dialog-label",
        )
        yield Input(
            placeholder="path/to/summary.txt", suggester=PathSuggester((".txt",)), id="import-summary"
        )

    @on(Input.Submitted, "#import-title, #import-summary")
    def _submit_extra(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def dismiss(self, result: str | None = None):  # type: ignore[no-untyped-def,override]
        if result:
            self.choice = ImportChoice(
                result,
                self.query_one("#import-title", Input).value.strip(),
                self.query_one("#import-summary", Input).value.strip(),
            )
        return super().dismiss(result)
