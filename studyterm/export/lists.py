"""Vocabulary lists for learners and teachers: aggregation, filters, sorting and the text formats.

One or several episodes make one list: per word the count in each episode and the best example
sentence with the episode it comes from. The CLI, the worksheet and the richer formats
(`list_pages`: Markdown, HTML, XLSX, PDF) share what is built here. `vocab --format json` is a list
of the records built by `entry_record`; README documents the fields.

Spreadsheet safety: CSV and TSV cells that a spreadsheet would run as a formula (starting with
`=`, `+`, `-`, `@`, tab or CR) get a leading apostrophe — episode text is data, never code.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any

from studyterm.analysis.learner import usefulness
from studyterm.analysis.levels import CEFR_LEVELS
from studyterm.errors import InputError, UsageError
from studyterm.lexicon.tags import has_any_tag, normalise_tag  # normalise_tag: re-exported
from studyterm.model import Occurrence, VocabItem
from studyterm.store.word_lists import example_quality as _example_quality

__all__ = [
    "BAND_SEQUENCE",
    "COUNT_COLUMNS_MAX",
    "CSV_COLUMNS",
    "SORTS",
    "Example",
    "ListEntry",
    "ListFilter",
    "Source",
    "VocabList",
    "aggregate",
    "entry_record",
    "filter_entries",
    "list_csv",
    "list_quizlet",
    "list_table",
    "list_title",
    "list_tsv",
    "neutralise_cell",
    "normalise_tag",
    "parse_bands",
    "per_episode_columns",
    "read_known_words",
    "sort_entries",
    "vocab_csv",
    "vocab_json",
    "vocab_record",
]

# The list's columns, in the order teachers read them; per-episode counts go after "count".
CSV_COLUMNS = (
    "word",
    "pos",
    "pronunciation",
    "gloss",
    "definition",
    "level",
    "band",
    "rank",
    "tags",
    "count",
    "example",
    "source",
)
BAND_SEQUENCE = (*tuple(f"K{i}" for i in range(1, 11)), "off-list")
SORTS = ("useful", "level", "frequency", "alpha")


@dataclass(frozen=True)
class Source:
    """An episode that feeds a list: its library id and title."""

    id: str
    title: str


@dataclass(frozen=True)
class Example:
    """A sentence that uses a word, with the episode it comes from (index into `VocabList.sources`)."""

    sentence: str
    source: int
    occurrence: Occurrence


@dataclass
class ListEntry:
    """One word of a list. `item` is a merged copy (total count, forms of all episodes) that may be
    enriched freely; `counts[i]` is the count in source i; `parts` the episodes' own items, each
    with its source, in the list's order of episodes.

    Nothing is made of a word's occurrences until it is asked for: a list of a whole archive
    holds tens of thousands of them, and a table or a spreadsheet shows one example a word."""

    item: VocabItem
    counts: Sequence[int]
    parts: Sequence[tuple[int, VocabItem]]
    status: str | None = None

    @cached_property
    def hits(self) -> list[tuple[int, Occurrence]]:
        """Every occurrence with its source, in the list's order."""
        return [(src, occ) for src, item in self.parts for occ in item.occurrences]

    @cached_property
    def examples(self) -> list[Example]:
        """Distinct sentences using the word, best first (see `_example_quality`)."""
        seen: set[str] = set()
        out: list[Example] = []
        for src, occ in self.hits:
            if occ.sentence not in seen:
                seen.add(occ.sentence)
                out.append(Example(occ.sentence, src, occ))
        return sorted(out, key=lambda e: _example_quality(e.sentence))

    @cached_property
    def headword(self) -> str:
        """The word as a list shows it: an expression as its example writes it
        (`VocabItem.headword`: *Ponzi scheme*, *off-season*), a word by its lemma."""
        item = self.item
        if not item.is_phrase:
            return item.lemma
        example = self.example
        return item.headword(example.occurrence) if example is not None else item.lemma

    @cached_property
    def episodes(self) -> int:
        """How many of the list's episodes use the word."""
        return len(self.counts) - list(self.counts).count(0)

    @cached_property
    def first_met(self) -> tuple[int, int, int]:
        """(source, segment, start) of where the word is first met, without making every
        occurrence (`hits`)."""
        for src, item in self.parts:
            with suppress(IndexError):  # an item without occurrences
                return (src, *item.first_position)
        return (0, 0, 0)

    @cached_property
    def example(self) -> Example | None:
        """The first of `examples`, found from the sentences alone (`VocabItem.sentences`):
        only the occurrence it names is made."""
        if "examples" in self.__dict__:
            return self.examples[0] if self.examples else None
        seen: set[str] = set()
        best: tuple[tuple[int, int], int, VocabItem, int] | None = None
        for src, item in self.parts:
            for n, sentence in enumerate(item.sentences()):
                if sentence in seen:
                    continue
                seen.add(sentence)
                quality = _example_quality(sentence)
                if best is None or quality < best[0]:  # the first of the best, as a stable sort
                    best = (quality, src, item, n)
        if best is None:
            return None
        _, src, item, n = best
        occ = item.occurrences[n]
        return Example(occ.sentence, src, occ)


@dataclass
class VocabList:
    """The episodes and the entries of a list (before filtering and sorting)."""

    sources: list[Source]
    entries: list[ListEntry] = field(default_factory=list)

    def source_title(self, index: int) -> str:
        return self.sources[index].title

    @property
    def title(self) -> str:
        """What the list is of, in one line (`list_title`)."""
        return list_title([s.title for s in self.sources])


TITLES_SHOWN = 4
"""A list of more episodes than this is titled by its first few and how many more."""


def list_title(titles: Sequence[str]) -> str:
    """The episodes of a list in one line: their titles joined by " + ", or, for more than
    TITLES_SHOWN (a whole archive), the first three and how many more: a title line of 1,500
    titles is no title."""
    if len(titles) <= TITLES_SHOWN:
        return " + ".join(titles)
    shown = TITLES_SHOWN - 1
    return " + ".join(titles[:shown]) + f" + {len(titles) - shown:,} more episodes"


def aggregate(
    per_source: Sequence[tuple[Source, Iterable[VocabItem]]], statuses: dict[str, str] | None = None
) -> VocabList:
    """Merge the items of several episodes by (lemma, POS), keeping the count in each episode.

    The episodes' items are copied, never changed: analyses may be cached and shared.
    """
    statuses = statuses or {}
    result = VocabList(sources=[s for s, _ in per_source])
    by_key: dict[str, tuple[ListEntry, list[tuple[int, VocabItem]], list[int]]] = {}
    n = len(per_source)
    for index, (_src, items) in enumerate(per_source):
        for item in items:
            found = by_key.get(item.key)
            if found is None:
                parts: list[tuple[int, VocabItem]] = []
                counts = [0] * n
                entry = ListEntry(_merged_copy(item, parts), counts, parts, statuses.get(item.lemma))
                by_key[item.key] = (entry, parts, counts)
                result.entries.append(entry)
            else:
                entry, parts, counts = found
                merged = entry.item
                merged.count += item.count
                merged.forms.extend(f for f in item.forms if f not in merged.forms)
            counts[index] += item.count
            parts.append((index, item))
    return result


_COPIED = tuple(f.name for f in fields(VocabItem) if f.name != "occurrences")


def _merged_copy(item: VocabItem, parts: Sequence[tuple[int, VocabItem]]) -> VocabItem:
    """A copy of an episode's item to merge the others into: its lists copied, its occurrences
    those of every part of `parts` (`_Merged`: made when first read), and where the first of
    them is, known without making them."""
    data = {name: getattr(item, name) for name in _COPIED}
    data.update(forms=list(item.forms), tags=list(item.tags), senses=list(item.senses))
    try:
        first: tuple[int, int] | None = item.first_position
    except IndexError:  # an item without occurrences
        first = None
    return VocabItem.packed(_Merged(parts), first, **data)


class _Merged:
    """The occurrences of a merged item: every part's, in order, made when first read (see
    `VocabItem.packed`); its sentences said without making them (`VocabItem.sentences`)."""

    __slots__ = ("_parts",)

    def __init__(self, parts: Sequence[tuple[int, VocabItem]]) -> None:
        self._parts = parts

    def __call__(self) -> list[Occurrence]:
        return [occ for _, item in self._parts for occ in item.occurrences]

    def sentences(self) -> list[str]:
        return [s for _, item in self._parts for s in item.sentences()]


# ---------------------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class ListFilter:
    """What a teacher keeps: bands, a minimum count, exam tags (any of), minus known words."""

    bands: frozenset[str] | None = None
    min_count: int = 1
    tags: tuple[str, ...] = ()
    known: frozenset[str] = frozenset()


def parse_bands(spec: str) -> frozenset[str]:
    """`K5-K10`, `K7`, `K9-off-list`, `off-list`, or several joined by commas → the set of bands."""
    out: set[str] = set()
    names = {b.lower(): b for b in BAND_SEQUENCE} | {"off": "off-list"}
    for part in (p.strip().lower() for p in spec.split(",")):
        m = re.fullmatch(r"(k\d+|off-list|off)(?:\s*-\s*(k\d+|off-list|off))?", part)
        if not m or m.group(1) not in names or (m.group(2) and m.group(2) not in names):
            raise UsageError(f"--band {spec!r}: give bands like K5-K10, K7 or K9-off-list")
        lo = BAND_SEQUENCE.index(names[m.group(1)])
        hi = BAND_SEQUENCE.index(names[m.group(2) or m.group(1)])
        if lo > hi:
            lo, hi = hi, lo
        out.update(BAND_SEQUENCE[lo : hi + 1])
    return frozenset(out)


def read_known_words(path: str | Path, max_bytes: int) -> frozenset[str]:
    """A class's known-word list: one word or phrase a line (text before a tab or comma; blank
    lines and `#` comments skipped). InputError names the file when it cannot be read."""
    from studyterm.ingest.detect import decode_bytes, read_input

    p = Path(path)
    if p.is_dir():
        raise InputError("is a directory, not a word list", path=p)
    if p.is_file() and p.stat().st_size == 0:
        return frozenset()  # an empty list: nothing is known yet
    text = decode_bytes(read_input(p, max_bytes), str(p))
    words = set()
    for line in text.splitlines():
        head = re.split(r"[\t,;]", line, maxsplit=1)[0]
        word = " ".join(head.split()).casefold()
        if word and not word.startswith("#"):
            words.add(word)
    return frozenset(words)


def filter_entries(entries: Iterable[ListEntry], flt: ListFilter) -> list[ListEntry]:
    """The entries that pass every filter (tags need the lexicon's enrichment first)."""
    by_tag = any(t.strip() for t in flt.tags)
    out = []
    for e in entries:
        item = e.item
        if flt.bands is not None and item.band not in flt.bands:
            continue
        if item.count < flt.min_count:
            continue
        if by_tag and not has_any_tag(item.tags, flt.tags):
            continue
        if flt.known and ({item.lemma.casefold()} | {f.casefold() for f in item.forms}) & flt.known:
            continue
        out.append(e)
    return out


def _rank(item: VocabItem) -> float:
    return math.inf if item.rank is None else item.rank


def level_index(item: VocabItem) -> int:
    """CEFR position (A1 = 0 … C2 = 5); unknown levels sort as the hardest."""
    return CEFR_LEVELS.index(item.cefr) if item.cefr in CEFR_LEVELS else len(CEFR_LEVELS)


def sort_entries(entries: Iterable[ListEntry], how: str) -> list[ListEntry]:
    """`useful`: most useful to learn first (`analysis.learner.usefulness`: the commonest words
    just beyond the level, lifted by their count and exam tags; items with no gloss last);
    `level`: hardest CEFR level first, then rarest; `frequency`: most used in the episodes first,
    then most common in English; `alpha`: alphabetical."""

    def first(e: ListEntry) -> tuple[int, int, int]:
        return e.first_met

    if how == "useful":
        return sorted(entries, key=lambda e: (usefulness(e.item), first(e)))
    if how == "level":
        return sorted(entries, key=lambda e: (-level_index(e.item), -_rank(e.item), first(e)))
    if how == "frequency":
        return sorted(entries, key=lambda e: (-e.item.count, _rank(e.item), e.item.lemma))
    if how == "alpha":
        return sorted(entries, key=lambda e: (e.item.lemma.casefold(), e.item.pos))
    raise UsageError(f"--sort {how!r}: choose one of {', '.join(SORTS)}")


# ---------------------------------------------------------------------------------------- records


def vocab_record(item: VocabItem, status: str | None = None) -> dict[str, Any]:
    """The JSON record of one item of one episode."""
    examples: list[str] = []
    for occ in item.occurrences:
        if occ.sentence not in examples:
            examples.append(occ.sentence)
    return {
        "lemma": item.lemma,
        "pos": item.pos,
        "level": item.cefr,
        "level_source": item.cefr_source,
        "band": item.band,
        "rank": item.rank,
        "zipf": item.zipf,
        "count": item.count,
        "forms": item.forms,
        "is_phrase": item.is_phrase,
        "gloss": item.gloss,
        "definition": item.definition,
        "pronunciation": item.pronunciation,
        "tags": item.tags,
        "status": status,
        "examples": examples,
        "occurrences": [{"segment": o.segment, "start": o.start, "end": o.end} for o in item.occurrences],
    }


def entry_record(entry: ListEntry, sources: Sequence[Source]) -> dict[str, Any]:
    """The JSON record of a list entry: `vocab_record` plus the count per episode (by id), the
    best example and its episode, and the episode id of each occurrence."""
    record = vocab_record(entry.item, entry.status)
    best = entry.example
    record["counts"] = {sources[i].id: n for i, n in enumerate(entry.counts)}
    record["example"] = best.sentence if best else None
    record["example_source"] = sources[best.source].title if best else None
    record["examples"] = [e.sentence for e in entry.examples]
    record["occurrences"] = [
        {"episode": sources[src].id, "segment": o.segment, "start": o.start, "end": o.end}
        for src, o in entry.hits
    ]
    return record


def vocab_json(records: list[dict[str, Any]]) -> str:
    """The records as JSON, Chinese kept readable (not \\u-escaped)."""
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------------- tables


COUNT_COLUMNS_MAX = 20
"""Up to this many episodes, a list has a count column per episode; a list of more (a whole
archive: 1,500 columns no spreadsheet user can read) has one `episodes` column instead, the
number of its episodes that use the word, unless the per-episode columns are asked for."""


def per_episode_columns(sources: Sequence[Source], per_episode: bool = False) -> bool:
    """Whether a list of `sources` has a count column per episode (see COUNT_COLUMNS_MAX)."""
    return len(sources) >= 2 and (per_episode or len(sources) <= COUNT_COLUMNS_MAX)


def count_headers(sources: Sequence[Source], per_episode: bool = False) -> list[str]:
    """The columns after `count`: one per episode (titled by episode) when the list has several
    (`per_episode_columns`); `episodes` for a list of more than COUNT_COLUMNS_MAX; none for one."""
    if len(sources) < 2:
        return []
    if not per_episode_columns(sources, per_episode):
        return ["episodes"]
    heads: list[str] = []
    for s in sources:
        title = " ".join(s.title.split())
        head = "count: " + (title if len(title) <= 40 else title[:39] + "…")
        heads.append(head if head not in heads else f"{head} ({s.id})")
    return heads


def list_table(
    vlist: VocabList, entries: Sequence[ListEntry], per_episode: bool = False
) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of the list as plain values (str, int or None), for every table format:
    `per_episode` keeps a count column per episode however many there are (`count_headers`)."""
    heads = count_headers(vlist.sources, per_episode)
    each = per_episode_columns(vlist.sources, per_episode)
    headers = [*CSV_COLUMNS[:10], *heads, *CSV_COLUMNS[10:]]
    rows: list[list[Any]] = []
    for e in entries:
        i = e.item
        best = e.example
        row: list[Any] = [
            e.headword,
            i.pos,
            i.pronunciation,
            i.gloss,
            i.definition,
            i.cefr,
            i.band,
            i.rank,
            " ".join(i.tags),
            i.count,
        ]
        if each:
            row.extend(e.counts)
        elif heads:
            row.append(e.episodes)
        row.append(best.sentence if best else None)
        row.append(vlist.source_title(best.source) if best else None)
        rows.append(row)
    return headers, rows


def neutralise_cell(value: str) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def list_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV for spreadsheets: quoted where needed, CRLF rows, formulas neutralised (the caller adds
    the UTF-8 BOM when writing a file, so Excel reads the Chinese correctly)."""
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([neutralise_cell(_cell(c)) for c in row])
    return buf.getvalue()


def _flat(value: Any) -> str:
    """One line of text: tabs and line breaks become spaces (for tab-separated formats)."""
    return " ".join(_cell(value).replace("\t", " ").splitlines()).strip()


def list_tsv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Tab-separated values: one line per word, no quoting needed, formulas neutralised."""
    lines = ["\t".join(headers)]
    lines.extend("\t".join(neutralise_cell(_flat(c)) for c in row) for row in rows)
    return "\r\n".join(lines) + "\r\n"


def list_quizlet(entries: Iterable[ListEntry]) -> str:
    """Quizlet's import format: term, a tab, the definition; one card a line. The definition is
    the Chinese gloss and the English definition; without either, the example sentence."""
    lines = []
    for e in entries:
        i = e.item
        parts = [p for p in (i.gloss, i.definition) if p]
        if not parts and e.example:
            parts = [e.example.sentence]
        # opened in spreadsheets as often as pasted into Quizlet: formulas neutralised as in CSV
        lines.append(f"{neutralise_cell(_flat(e.headword))}\t{neutralise_cell(_flat(' — '.join(parts)))}")
    return "\n".join(lines) + ("\n" if lines else "")


def vocab_csv(records: list[dict[str, Any]]) -> str:
    """CSV of JSON records (one episode's items; kept for callers that hold records)."""
    rows = [
        [
            r["lemma"],
            r["pos"],
            r["pronunciation"],
            r["gloss"],
            r["definition"],
            r["level"],
            r["band"],
            r["rank"],
            " ".join(r["tags"]),
            r["count"],
            r["examples"][0] if r["examples"] else None,
            None,
        ]
        for r in records
    ]
    return list_csv(CSV_COLUMNS, rows)
