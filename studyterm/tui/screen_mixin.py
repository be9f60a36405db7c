"""What the screen mixins (the reader's audio keys, the library's feed keys) use of the Screen
they are mixed into, declared for the type checker only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["ScreenMixin"]


class ScreenMixin:
    """Base of a mixin for a Textual Screen: the Screen provides these at run time."""

    if TYPE_CHECKING:
        from textual.message import Message

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

        set_interval: Any  # Textual's signature, which has more options than we use

        def post_message(self, message: Message) -> bool: ...
