"""Reading a podcast feed (RSS 2.0 or Atom) into plain dataclasses.

feedparser reads titles, dates, show notes and enclosures. It keeps only one
`<podcast:transcript>` per item, so the transcript links (Podcasting 2.0) are read from the same
bytes with the standard XML parser. Both only ever see a document without entity declarations:
a feed that declares entities (the "billion laughs" bomb and its relatives) is refused first.
"""

from __future__ import annotations

import calendar
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from studyterm.errors import InputError
from studyterm.feeds.notes import html_to_text

__all__ = ["Enclosure", "Feed", "FeedItem", "TranscriptLink", "parse_feed"]

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
_ENTITY_DECL = re.compile(rb"<!\s*ENTITY", re.I)
_DOCTYPE_SUBSET = re.compile(rb"<!\s*DOCTYPE[^>\[]*\[", re.I)


@dataclass(frozen=True)
class TranscriptLink:
    url: str
    type: str
    language: str | None = None


@dataclass(frozen=True)
class Enclosure:
    url: str
    type: str | None = None
    length: int | None = None


@dataclass
class FeedItem:
    """One episode of the feed as the feed describes it."""

    guid: str
    title: str
    published: date | None
    notes: str  # the show notes (description), HTML turned to text
    enclosure: Enclosure | None
    transcripts: list[TranscriptLink] = field(default_factory=list)


@dataclass
class Feed:
    title: str
    link: str | None
    items: list[FeedItem]


def _text(data: bytes) -> bytes:
    """The feed's bytes as UTF-8 for the entity check (UTF-16 feeds hide `<!ENTITY` otherwise)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return data
    return data


def parse_feed(data: bytes, source: str) -> Feed:
    """Parse feed bytes; InputError with one line when they are not a feed we can trust."""
    import feedparser  # deferred: about 60 ms, only for the feed commands

    head = _text(data)
    if _ENTITY_DECL.search(head) or _DOCTYPE_SUBSET.search(head):
        raise InputError(
            "refused: the feed declares XML entities (a feed never needs them; "
            "they are how 'entity bomb' attacks work)",
            path=source,
        )
    parsed: Any = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and exc is not None and _is_xml_error(exc):
        where = ""
        if hasattr(exc, "getLineNumber"):
            where = f" at line {exc.getLineNumber()} column {exc.getColumnNumber()}"
        raise InputError(f"broken feed: not well-formed XML{where} ({_reason(exc)})", path=source)
    version = parsed.get("version") or ""
    if not version or (not parsed.feed.get("title") and not parsed.entries):
        raise InputError("not an RSS or Atom feed", path=source)
    links = _transcript_links(data)
    items: list[FeedItem] = []
    for index, entry in enumerate(parsed.entries):
        guid = str(entry.get("id") or entry.get("link") or entry.get("title") or f"#{index}")
        items.append(
            FeedItem(
                guid=guid,
                title=" ".join(str(entry.get("title") or "Untitled episode").split()),
                published=_date(entry.get("published_parsed") or entry.get("updated_parsed")),
                notes=html_to_text(_notes(entry)),
                enclosure=_enclosure(entry),
                transcripts=links[index] if len(links) == len(parsed.entries) else [],
            )
        )
    title = " ".join(str(parsed.feed.get("title") or "Untitled feed").split())
    return Feed(title=title, link=parsed.feed.get("link"), items=items)


def _is_xml_error(exc: BaseException) -> bool:
    # feedparser flags harmless things too (a declared encoding that was wrong); only a document
    # that is not XML at all is refused
    return type(exc).__name__ in ("SAXParseException", "NonXMLContentType")


def _reason(exc: BaseException) -> str:
    text = str(exc.getMessage()) if hasattr(exc, "getMessage") else str(exc)
    return " ".join(text.split())[:120]


def _notes(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((str(c.get("value") or "") for c in contents), key=len, default="")
    summary = str(entry.get("summary") or "")
    return best if len(best) > len(summary) else summary


def _enclosure(entry: Any) -> Enclosure | None:
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and link.get("href"):
            length = str(link.get("length") or "")
            return Enclosure(
                url=str(link["href"]),
                type=link.get("type") or None,
                length=int(length) if length.isdigit() else None,
            )
    return None


def _date(parsed: Any) -> date | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC).date()
    except (TypeError, ValueError, OverflowError):
        return None


def _transcript_links(data: bytes) -> list[list[TranscriptLink]]:
    """Every item's `<podcast:transcript>` links, in document order (RSS items, Atom entries).
    Only called on documents without entity declarations."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return []
    result: list[list[TranscriptLink]] = []
    for element in root.iter():
        local = element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""
        if local not in ("item", "entry"):
            continue
        links = []
        for child in element:
            if child.tag == f"{{{PODCAST_NS}}}transcript" and child.get("url"):
                links.append(
                    TranscriptLink(
                        url=str(child.get("url")),
                        type=(child.get("type") or "").lower().strip(),
                        language=child.get("language"),
                    )
                )
        result.append(links)
    return result
