"""What the screen mixins (the reader's audio keys, the library's feed keys) use of the Screen
they are mixed into, declared for the type checker only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["ScreenMixin"]


class ScreenMixin:
    """Base of a mixin for a Textual Screen: the Screen provides these at run time."""

    if TYPE_CHECKING:
        from textual.message import Message
        from textual.timer import Timer

        app: Any

        def notify(
            self,
            message: str,
            *,
            title: str = "",
            severity: str = "information",
            timeout: float | None = None,
            markup: bool = True,
        ) -> None: ...

        def set_interval(self, interval: float, callback: Any) -> Timer: ...

        def post_message(self, message: Message) -> bool: ...
