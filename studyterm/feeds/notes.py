"""Show notes: HTML to plain text, and the transcript some publishers put in them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text", "transcript_in_notes"]

_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "blockquote",
    "section",
    "article",
    "ul",
    "ol",
    "table",
    "hr",
    "pre",
}
_SKIP = {"script", "style", "template", "head"}
# a heading line that introduces the transcript in the notes ("Transcript", "Full transcript:")
_HEADING = re.compile(r"^\s*(?:full\s+|episode\s+)?transcript\s*:?\s*$", re.I | re.M)
MIN_WORDS = 150  # notes without a heading are a transcript only when they are this long


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Text of an HTML fragment: block elements become paragraphs, entities decoded, tags and
    scripts dropped. Plain text (no tags) comes back with its paragraphs."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def transcript_in_notes(notes: str) -> str | None:
    """The transcript held in show notes: what follows a "Transcript" heading, or the whole
    notes when they are long enough to be one. None for ordinary short notes."""
    heading = _HEADING.search(notes)
    if heading:
        body = notes[heading.end() :].strip()
        return body if len(body.split()) >= 20 else None
    return notes if len(notes.split()) >= MIN_WORDS else None
