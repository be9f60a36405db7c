"""Help (`?`): every key of the screen it was opened from, read from the live bindings (so a
remapped key shows as remapped), plus the mouse."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

__all__ = ["HelpModal", "help_sections"]

MOUSE = (("click", "select the word under the pointer (again: the phrase around it)"), ("wheel", "scroll"))


def help_sections(
    screen: Screen, bindings: Mapping[str, ActiveBinding], key_display: object
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Group a screen's active bindings: its own, then those of the focused widget, then the
    app's; keys bound to one action are shown together."""
    groups: dict[str, dict[tuple[int, str], tuple[list[str], str]]] = {}
    app = screen.app
    for key, active in bindings.items():
        binding: Binding = active.binding
        if not binding.description:
            continue
        node = active.node
        if binding.id is None:  # Textual's own keys (focus, copy, scrolling…)
            title = "General"
        elif node is screen:
            title = getattr(screen, "HELP_TITLE", "This screen")
        elif node is app:
            title = "Everywhere"
        else:
            title = "In the focused panel"
        display = key_display(binding) if callable(key_display) else key  # type: ignore[operator]
        text = binding.tooltip or binding.description
        entry = groups.setdefault(title, {}).setdefault((id(node), binding.action), ([], text))
        if display not in entry[0]:
            entry[0].append(display)
    order = [
        t
        for t in (
            getattr(screen, "HELP_TITLE", "This screen"),
            "In the focused panel",
            "Everywhere",
            "General",
        )
        if t in groups
    ]
    sections = [(t, [(" / ".join(keys), text) for keys, text in groups[t].values()]) for t in order]
    sections.append(("Mouse", list(MOUSE)))
    return sections


LEGEND = (
    ("common", "advanced, in the K1–K5 bands"),
    ("mid", "K6–K8"),
    ("rare", "K9–K10"),
    ("off", "rarer still (off-list)"),
    ("phrase", "a phrase of news English"),
    ("learning", "marked learning"),
    ("selected", "the selected word"),
)


class HelpModal(ModalScreen[None]):
    """Lists keys and colours; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close help", id="help.close"),
    ]

    def __init__(self, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog") as box:
            box.border_title = "Keys"
            box.border_subtitle = "Esc to close · Ctrl+P for the command palette"
            for title, rows in self.sections:
                yield Static(title, classes="help-heading", markup=False)
                for keys, text in rows:
                    with Horizontal(classes="help-row"):
                        yield Static(keys, classes="help-key", markup=False)
                        yield Static(text, classes="help-text", markup=False)
            yield Static("Colours in the transcript", classes="help-heading", markup=False)
            for role, text in LEGEND:
                with Horizontal(classes="help-row"):
                    yield Static("example", classes=f"legend legend-{role}", markup=False)
                    yield Static(text, classes="help-text", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
