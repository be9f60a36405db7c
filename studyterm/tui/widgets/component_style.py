"""A component class's CSS as a partial style for `Content` spans.

Textual's `get_visual_style(..., partial=True)` drops a component's background and its reverse
text style; highlights need both, so we read the component's rules ourselves: only what the
rule sets, so a span laid over text changes nothing else.
"""

from __future__ import annotations

from textual.color import Color
from textual.dom import DOMNode
from textual.style import Style

__all__ = ["component_style"]


def component_style(node: DOMNode, name: str, under: Color | None = None) -> Style:
    """The style a component class (`name`) of `node` defines. `under` is the background the
    span is drawn on, for `auto` text colours (e.g. `color: $text`)."""
    styles = node.get_component_styles(name)
    has = styles.has_rule
    background = styles.background if has("background") else None
    foreground = styles.color if has("color") else None
    if has("auto_color") and styles.auto_color:
        ground = (under or Color(0, 0, 0)) + (background or Color(0, 0, 0, 0))
        foreground = ground.get_contrast_text(styles.color.a)
    text = styles.text_style if has("text_style") else None
    return Style(
        background=background,
        foreground=foreground,
        bold=text.bold if text is not None else None,
        dim=text.dim if text is not None else None,
        italic=text.italic if text is not None else None,
        underline=text.underline if text is not None else None,
        reverse=text.reverse if text is not None else None,
        strike=text.strike if text is not None else None,
    )
