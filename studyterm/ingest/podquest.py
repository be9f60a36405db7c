"""Episode pages saved as text from PodQuest (title, podcast, date, People, Topics, transcript).

The page text interleaves the data with UI labels and banners ("Export Podcast Subscriptions",
"AI Deep Dive AI Chapters Transcript", "cover of episode …"); those are dropped. Topics holds one
Chinese summary per speaker as "speaker:text" items, all on one line.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date

from studyterm.errors import InputError
from studyterm.ingest.base import Extras
from studyterm.model import Episode, Segment, SummaryItem

__all__ = ["PodQuestImporter"]

_UI_LINES = {
    "export podcast subscriptions",
    "ai deep dive ai chapters transcript",
    "ai deep dive",
    "ai chapters",
    "deep dive",
    "shownotes transcript",
    "shownotes",
    "transcript",
    "people",
    "topics",
    "chapters",
    "share",
    "download",
}
_BANNER = re.compile(r"^(we're sunsetting podquest|thank you for your support)", re.I)
_DATE = re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$")
_COVER = re.compile(r"^cover of episode\s*(.*)$", re.I)
_LOGO = re.compile(r"^logo of podcast\s*(.*)$", re.I)


class PodQuestImporter:
    name = "podquest"
    extensions = (".txt", ".md")

    def sniff(self, text: str) -> bool:
        head = text[:4000].lower()
        markers = ("cover of episode", "logo of podcast", "shownotes transcript", "podquest")
        return sum(m in head for m in markers) >= 2

    def parse(self, text: str, path: str, extras: Extras) -> Episode:
        lines = [ln.strip() for ln in text.split("\n")]
        title = extras.title
        podcast = extras.podcast
        published = extras.published
        people: list[str] = []
        topics_text: list[str] = []
        transcript: list[str] = []
        section = "head"
        for line in lines:
            low = line.lower()
            if not line:
                if section == "transcript" and transcript and transcript[-1] != "":
                    transcript.append("")
                continue
            if _BANNER.match(line):
                continue
            if m := _COVER.match(line):
                title = title or m.group(1).strip() or None
                continue
            if m := _LOGO.match(line):
                podcast = podcast or m.group(1).strip() or None
                continue
            if low == "people":
                section = "people"
                continue
            if low == "topics":
                section = "topics"
                continue
            if low in ("shownotes transcript", "transcript"):
                section = "transcript"
                continue
            if section == "transcript":
                transcript.append(line)
                continue
            if low in _UI_LINES:
                if section == "topics":
                    section = "after-topics"
                continue
            if section == "head":
                if m := _DATE.match(line):
                    with contextlib.suppress(ValueError):  # 2025/2/30 is not a date
                        published = published or date(*map(int, m.groups()))
                elif title is None:
                    title = line
                elif podcast is None and line != title:
                    podcast = line
            elif section == "people":
                people.append(line)
            elif section == "topics":
                topics_text.append(line)
        paragraphs = _paragraphs(transcript)
        if not paragraphs:
            raise InputError("PodQuest page without a transcript (nothing after 'Transcript')", path=path)
        summary = list(extras.summary_zh) or _split_topics(" ".join(topics_text), people)
        return Episode(
            title=title or "Untitled episode",
            podcast=podcast,
            published=published,
            people=people,
            summary_zh=summary,
            segments=[Segment(p) for p in paragraphs],
            source=path,
            format=self.name,
        )


def _paragraphs(lines: list[str]) -> list[str]:
    out: list[str] = []
    cur: list[str] = []
    for line in [*lines, ""]:
        if line:
            cur.append(line)
        elif cur:
            out.append(" ".join(cur))
            cur = []
    return out


def _split_topics(text: str, people: list[str]) -> list[SummaryItem]:
    """Split "A:… B:…" into one item per speaker, using the People list to find the speakers."""
    text = text.strip()
    if not text:
        return []
    names = [re.escape(p) for p in sorted(people, key=len, reverse=True) if p]
    if names:
        pattern = re.compile(r"(?:^|\s)(" + "|".join(names) + r")\s*[:：]")
    else:
        pattern = re.compile(r"(?:^|\s)([^\s:：]{1,20})[:：]")
    matches = list(pattern.finditer(text))
    if not matches:
        return [SummaryItem(None, text)]
    items: list[SummaryItem] = []
    if matches[0].start() > 0 and text[: matches[0].start()].strip():
        items.append(SummaryItem(None, text[: matches[0].start()].strip()))
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        end = nxt.start() if nxt else len(text)
        body = text[m.end() : end].strip()
        if body:
            items.append(SummaryItem(m.group(1), body))
    return items
