"""The plain dataclasses that flow between the stages: ingest → analysis → store → tui/export.

They carry no behaviour beyond (de)serialisation, so every stage can be tested on its own and the
library can store them as JSON.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

__all__ = [
    "STATUSES",
    "Analysis",
    "BandShare",
    "Episode",
    "Occurrence",
    "Profile",
    "Segment",
    "Sense",
    "SummaryItem",
    "VocabItem",
    "starts_sentence",
    "written_phrase",
]

STATUSES = ("new", "learning", "known", "ignored")


@dataclass(frozen=True)
class Segment:
    """One paragraph or timed cue of the transcript. Times are seconds, or None for plain text."""

    text: str
    start: float | None = None
    end: float | None = None
    speaker: str | None = None


@dataclass(frozen=True)
class SummaryItem:
    """One speaker's Chinese summary (PodQuest's Topics), or the whole summary with no speaker."""

    speaker: str | None
    text: str


@dataclass
class Episode:
    """An episode as imported. Text is kept exactly as given; analysis works on a normalised copy."""

    title: str
    segments: list[Segment]
    podcast: str | None = None
    published: date | None = None
    people: list[str] = field(default_factory=list)
    summary_zh: list[SummaryItem] = field(default_factory=list)
    source: str | None = None
    format: str = "text"

    # the content hash, computed once: `id` is read for every word of every export (a SHA-256 of
    # the whole transcript each time made `anki` of a library 40 times slower). Kept with the
    # segment list it was computed from (Segment is frozen), so a new or grown list recomputes it.
    _hash: tuple[int, int, str] | None = field(default=None, init=False, repr=False, compare=False)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "segments":
            object.__setattr__(self, "_hash", None)
        object.__setattr__(self, name, value)

    @property
    def content_hash(self) -> str:
        """Hash of what the analysis reads (the transcript), so a re-import is recognised."""
        key = (id(self.segments), len(self.segments))
        cached = self._hash
        if cached is not None and cached[:2] == key:
            return cached[2]
        h = hashlib.sha256()
        # a plain transcript's turn is hashed as its paragraph was written ("Li Wen: Hello"), so
        # a file imported before its speakers were read keeps its id
        labelled = self.format == "text"
        for seg in self.segments:
            text = f"{seg.speaker}: {seg.text}" if labelled and seg.speaker else seg.text
            h.update(text.encode("utf-8"))
            h.update(b"\x00")
        self._hash = (*key, h.hexdigest())
        return self._hash[2]

    @property
    def id(self) -> str:
        """Stable, content-derived id: importing the same transcript twice yields the same id."""
        return self.content_hash[:12]

    @property
    def text(self) -> str:
        return "\n\n".join(seg.text for seg in self.segments)

    @property
    def has_times(self) -> bool:
        return any(seg.start is not None for seg in self.segments)

    def to_dict(self) -> dict[str, Any]:
        return {
            "studyterm": "episode",
            "version": 1,
            "id": self.id,
            "title": self.title,
            "podcast": self.podcast,
            "published": self.published.isoformat() if self.published else None,
            "people": list(self.people),
            "summary_zh": [asdict(s) for s in self.summary_zh],
            "segments": [asdict(s) for s in self.segments],
            "source": self.source,
            "format": self.format,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: dict[str, Any], content_hash: str | None = None) -> Episode:
        """Build an Episode from `to_dict` output; raises KeyError/TypeError/ValueError if malformed.
        `content_hash`, when known (the library keeps it beside the data), is taken as the
        segments' hash instead of computing it."""
        published = data.get("published")
        episode = cls(
            title=str(data["title"]),
            podcast=_opt_str(data.get("podcast")),
            published=date.fromisoformat(published) if published else None,
            people=[str(p) for p in data.get("people") or []],
            summary_zh=[
                SummaryItem(speaker=_opt_str(s.get("speaker")), text=str(s["text"]))
                for s in data.get("summary_zh") or []
            ],
            # (the checks only where a value is there: a huge transcript has 50,000 segments)
            segments=[
                Segment(
                    str(s["text"]),
                    None if (start := s.get("start")) is None else _opt_float(start),
                    None if (end := s.get("end")) is None else _opt_float(end),
                    None if (speaker := s.get("speaker")) is None else str(speaker),
                )
                for s in data["segments"]
            ],
            source=_opt_str(data.get("source")),
            format=str(data.get("format") or "json"),
        )
        if content_hash is not None:
            episode._hash = (id(episode.segments), len(episode.segments), content_hash)
        return episode


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _opt_float(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number of seconds, got {value!r}")
    return float(value)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where a vocabulary item occurs: segment index, character span in the original segment text,
    and the sentence (original text) around it with the span relative to the sentence.

    A long transcript has a million of these: slots keep each small, and the occurrences of one
    sentence share its string (the library stores each sentence once)."""

    segment: int
    start: int
    end: int
    sentence: str
    sent_start: int
    sent_end: int
    sense: int = 0  # index into the item's `senses` of the sense that fits this sentence


# what may stand before a sentence's first word: quotes, brackets, dashes
_OPENERS = " \t\"'\u201c\u2018([\u2014\u2013-"
_WORDS_AND_GAPS = re.compile(r"(\s+|-)")


def starts_sentence(occ: Occurrence) -> bool:
    """Whether the occurrence opens its sentence (after any quote or bracket): its first
    capital may be the sentence's, not the word's."""
    return not occ.sentence[: occ.sent_start].strip(_OPENERS)


def written_phrase(key: str, occ: Occurrence | None) -> str:
    """An expression as a learner sees it named: its key (the phrase list keeps keys in lower
    case) with the capitals and hyphens the text writes it with, where the text has the key's
    words one for one (*Ponzi scheme* from "Ponzi schemes", *with the United Nations at its
    core*, *off-season*). A capital that only opens the sentence, or a title's capital on every
    word, is not the expression's; a form with other words in it (*pose a real challenge*)
    leaves the key as it is."""
    if occ is None:
        return key
    met = _WORDS_AND_GAPS.split(occ.sentence[occ.sent_start : occ.sent_end].strip())
    words, gaps = met[0::2], ["-" if g == "-" else " " for g in met[1::2]]
    listed = re.split(r"[\s-]+", key)
    if len(words) != len(listed) or not all(words):
        return key
    if len(words) > 1 and all(w[:1].isupper() for w in words if w[:1].isalpha()):
        words = [w.lower() for w in words]  # a title's capitals (*Ponzi Scheme Collapses*)
    out = [
        w if w.lower() == k else (k[:1].upper() + k[1:] if w[:1].isupper() else k)
        for w, k in zip(words, listed, strict=True)
    ]
    if starts_sentence(occ) and (len(out[0]) == 1 or out[0][1:].islower()):
        out[0] = out[0][:1].lower() + out[0][1:]
    return out[0] + "".join(g + w for g, w in zip(gaps, out[1:], strict=True))


@dataclass(frozen=True)
class Sense:
    """One sense of a dictionary entry: a short Chinese gloss, an English definition."""

    gloss: str | None
    definition: str | None = None


@dataclass
class VocabItem:
    """A word (lemma, coarse POS) or a phrase of the episode, with its level data and occurrences."""

    lemma: str
    pos: str
    forms: list[str]
    count: int
    rank: int | None
    zipf: float
    band: str
    cefr: str
    cefr_source: str
    occurrences: list[Occurrence]
    is_phrase: bool = False
    gloss: str | None = None
    definition: str | None = None
    pronunciation: str | None = None
    tags: list[str] = field(default_factory=list)
    # the difficulty model's answer: the vocabulary size (in word families) at which a Chinese
    # learner knows the item (analysis.levels.difficulty); None for items analysed before it
    difficulty: int | None = None
    # no dictionary, word list or frequency table knows the lemma: listed last, never guessed at
    suspect: bool = False
    # every occurrence is inside a listed expression: the expression is the item to learn
    inside_phrase: bool = False
    # the senses a dictionary gives, the one that fits most occurrences first (filled by the
    # lexicon); `gloss`/`definition` are the first sense's
    senses: list[Sense] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.lemma}|{self.pos}"

    @property
    def first_position(self) -> tuple[int, int]:
        known: tuple[int, int] | None = self.__dict__.get("_first")
        if known is not None:  # a packed item's, read without making its occurrences
            return known
        occ = self.occurrences[0]
        return (occ.segment, occ.start)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["occurrences"] = [asdict(o) for o in self.occurrences]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VocabItem:
        data = dict(data)
        data["occurrences"] = [Occurrence(**o) for o in data["occurrences"]]
        data["senses"] = [Sense(**s) for s in data.get("senses") or []]
        return cls(**data)

    @classmethod
    def packed(
        cls, unpack: Callable[[], list[Occurrence]], first: tuple[int, int] | None = None, **fields: Any
    ) -> VocabItem:
        """An item whose occurrences are made by `unpack` when first read (the library's items:
        a list or an export reads the occurrences of the few items it shows, not of all);
        `first`, the (segment, start) of the first of them, when known: sorting items by where
        they first occur then makes none."""
        item = cls(occurrences=[], **fields)
        item.__dict__["occurrences"] = unpack  # where the property keeps the list, once made
        if first is not None:
            item.__dict__["_first"] = first
        return item

    @classmethod
    def made(cls, **values: Any) -> VocabItem:
        """An item of `values` — every field, occurrences a list — made without going through
        `__init__`: the analysis makes tens of thousands of items an import, and the generated
        `__init__` with its property setter took several times as long."""
        if values.keys() != _FIELD_NAMES or not isinstance(values["occurrences"], list):
            return cls(**values)  # (a field missing or unknown: `__init__` says which)
        item = object.__new__(cls)
        item.__dict__.update(values)
        return item

    def like(
        self, unpack: Callable[[], list[Occurrence]], first: tuple[int, int] | None, **changes: Any
    ) -> VocabItem:
        """A packed item (see `packed`) with this one's fields but the `changes` and its
        occurrences: a new item without going through `__init__`, for the library's reads of
        tens of thousands of items of a few thousand words (one made per word, then copied).
        Lists are not copied: `changes` gives the new item those it must not share."""
        item = object.__new__(VocabItem)
        fields = item.__dict__
        fields.update(self.__dict__)
        fields.pop("_first", None)
        fields.update(changes)
        fields["occurrences"] = unpack
        if first is not None:
            fields["_first"] = first
        return item

    def positions(self) -> tuple[Sequence[int], Sequence[int], Sequence[int]]:
        """The segment, start and end of every occurrence, as three columns in the occurrences'
        order, without making the occurrences of a packed item whose maker can say where they
        are without making them (the library's: see `store.analyses`)."""
        value = self.__dict__["occurrences"]
        if not isinstance(value, list):
            where = getattr(value, "positions", None)
            if where is not None:
                found: tuple[Sequence[int], Sequence[int], Sequence[int]] = where()
                return found
        occurrences = self.occurrences
        return (
            [o.segment for o in occurrences],
            [o.start for o in occurrences],
            [o.end for o in occurrences],
        )

    def sentences(self) -> Sequence[str]:
        """The sentence of every occurrence, in the occurrences' order, without making the
        occurrences of a packed item whose maker can say them without making them (the
        library's: a list's best example reads the sentences of every occurrence of a word)."""
        value = self.__dict__["occurrences"]
        if not isinstance(value, list):
            said = getattr(value, "sentences", None)
            if said is not None:
                found: Sequence[str] = said()
                return found
        return [o.sentence for o in self.occurrences]

    def __getstate__(self) -> dict[str, Any]:
        """For pickle and copy: the occurrences made, not the maker."""
        _occurrences(self)
        return dict(self.__dict__)

    def headword(self, occurrence: Occurrence | None = None) -> str:
        """How a learner sees the item named: a word by its lemma, an expression as the text
        writes it (`written_phrase`, from `occurrence` or the item's first)."""
        if not self.is_phrase:
            return self.lemma
        if occurrence is None:
            occurrences = self.occurrences
            occurrence = occurrences[0] if occurrences else None
        return written_phrase(self.lemma, occurrence)

    def sense_order(self, occurrence: Occurrence | None = None) -> list[Sense]:
        """The senses with the one that fits `occurrence` (or the item's first) first."""
        if occurrence is None or not 0 < occurrence.sense < len(self.senses):
            return list(self.senses)
        first = self.senses[occurrence.sense]
        return [first, *(s for s in self.senses if s is not first)]


def _occurrences(item: VocabItem) -> list[Occurrence]:
    value = item.__dict__["occurrences"]
    if not isinstance(value, list):  # still the maker of a packed item's occurrences
        value = item.__dict__["occurrences"] = value()
    occurrences: list[Occurrence] = value
    return occurrences


def _set_occurrences(item: VocabItem, occurrences: list[Occurrence]) -> None:
    item.__dict__["occurrences"] = occurrences
    item.__dict__.pop("_first", None)  # the new list's first occurrence tells


# `occurrences` stays a field (in __init__, fields(), asdict, replace, ==, and under its own name
# in the instance's __dict__) read through a property, so that a packed item makes its
# occurrences on first use, whoever reads them: a copy made from its __dict__ makes them too
setattr(VocabItem, "occurrences", property(_occurrences, _set_occurrences))  # noqa: B010
_FIELD_NAMES = frozenset(f.name for f in fields(VocabItem))


@dataclass
class Analysis:
    """What the analysis of one transcript yields: every vocabulary item and the token tallies the
    profile needs. Level-independent: the learner's level is applied when reading it."""

    content_hash: str
    version: str
    tokens: int
    items: list[VocabItem]
    # running words that are not vocabulary items, by band: function words under their band,
    # names and numbers under "names" (known to every reader, as vocabulary profilers count them)
    other_bands: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "content_hash": self.content_hash,
            "version": self.version,
            "tokens": self.tokens,
            "other_bands": self.other_bands,
            "items": [i.to_dict() for i in self.items],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            content_hash=data["content_hash"],
            version=data["version"],
            tokens=data["tokens"],
            other_bands=dict(data.get("other_bands", {})),
            items=[VocabItem.from_dict(i) for i in data["items"]],
        )


@dataclass(frozen=True)
class BandShare:
    band: str
    tokens: int
    share: float


@dataclass
class Profile:
    """Lexical profile of a text for one learner (see analysis.profile)."""

    tokens: int
    types: int
    bands: list[BandShare]
    coverage: float
    to_95: list[str]
    to_98: list[str]
    advanced: int
