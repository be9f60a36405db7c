"""Cached analyses in parts: a head row, the items as rows, the sentences once.

Each item is a row of the word table's list rows (`analysis_list`, migration 0012: its word's
attributes are its lexeme's) and a row of its own fields beside it (`analysis_occurrences`: its
frequency, where its level comes from, its occurrences packed as integers), so an import writes
two rows per item. Reading an analysis makes the items from
those rows; an item's occurrences are made when they are first read, and a chunk of sentences
when one of its sentences is first needed. So a library-wide export reads the occurrences of
the words it lists only, and the reader of a 2.4-million-word transcript opens in a fraction of
a second instead of decompressing hundreds of megabytes. Analyses stored before (one compressed
JSON value each, migration 0010's item rows) are still read, and `legacy_analyses` names them so
that the pipeline rewrites them.
"""

from __future__ import annotations

import json
import sqlite3
import struct
import sys
import zlib
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from studyterm.model import Analysis, Occurrence, Sense, VocabItem
from studyterm.store.connection import LibraryConnection
from studyterm.store.json_text import to_json

if TYPE_CHECKING:
    from studyterm.store.word_table import Lexeme

__all__ = [
    "WORD_COLUMNS",
    "AnalysisRows",
    "AnalysisStore",
    "Heads",
    "ItemRow",
    "analysis_rows",
    "decode_forms",
    "item_fields",
    "light_items",
    "make_item",
    "put_analysis",
    "read_analysis",
    "rows_in",
]

CHUNK = 256  # sentences a row of `analysis_sentences` holds
_FIELDS = 7  # integers an occurrence is packed into
_SENSE_FIELDS = tuple(f.name for f in fields(Sense))
_SWAP = sys.byteorder == "big"  # stored little-endian
_FIRST = struct.Struct("<2i").unpack_from  # an occurrence's segment and start


def _pack(occurrences: list[Occurrence], sentences: dict[str, int]) -> bytes:
    ints = array("i")
    for o in occurrences:
        ints.extend(
            (
                o.segment,
                o.start,
                o.end,
                sentences.setdefault(o.sentence, len(sentences)),
                o.sent_start,
                o.sent_end,
                o.sense,
            )
        )
    if _SWAP:
        ints.byteswap()
    return ints.tobytes()


_OWN = ("gloss", "definition", "pronunciation")  # an item's dictionary fields, empty as analysed


def _extra(item: VocabItem) -> str | None:
    """The JSON of an item's dictionary fields, None when they are empty (as an analysis leaves
    them): the list row keeps them only when there are any."""
    if item.gloss is None and item.definition is None and item.pronunciation is None and not item.senses:
        return None
    data: dict[str, Any] = {name: getattr(item, name) for name in _OWN}
    # a Sense holds strings only: asdict's deep copy of each bought nothing
    data["senses"] = [{name: getattr(s, name) for name in _SENSE_FIELDS} for s in item.senses]
    return to_json(data)


ItemRow = tuple[float, str, bytes, "str | None"]
"""What an item holds of its own beside its word (`analysis_occurrences`): its Zipf frequency,
where its level comes from, its occurrences (packed) and its dictionary fields (`_extra`)."""


def item_fields(
    word: Sequence[Any],
    count: int,
    inside: int,
    forms: list[str],
    zipf: float,
    source: str,
    extra: str | None,
) -> dict[str, Any]:
    """An item's fields but its occurrences (in `VocabItem`'s order) from its word's attributes
    (lemma, POS, is_phrase, band, rank, difficulty, level, suspect, tags: a lexeme's), its
    count, whether it is inside an expression, its forms and its own columns (`ItemRow`)."""
    lemma, pos, is_phrase, band, rank, difficulty, cefr, suspect, tags = word
    fields: dict[str, Any] = {
        "lemma": lemma,
        "pos": pos,
        "forms": forms,
        "count": count,
        "rank": rank,
        "zipf": zipf,
        "band": band,
        "cefr": cefr,
        "cefr_source": source,
        "is_phrase": bool(is_phrase),
        "gloss": None,
        "definition": None,
        "pronunciation": None,
        "tags": list(tags),
        "difficulty": difficulty,
        "suspect": bool(suspect),
        "inside_phrase": bool(inside),
        "senses": [],
    }
    if extra is not None:
        data = json.loads(extra)
        fields.update({name: data[name] for name in _OWN})
        fields["senses"] = [Sense(**x) for x in data["senses"]]
    return fields


def make_item(
    word: Sequence[Any], count: int, inside: int, forms: list[str], own: ItemRow, sentences: _Sentences
) -> VocabItem:
    """An item (see `item_fields`) whose occurrences, packed in its own row, are made when first
    read, their sentences from `sentences`."""
    zipf, source, blob, extra = own
    fields = item_fields(word, count, inside, forms, zipf, source, extra)
    return VocabItem.packed(_unpacker(blob, sentences), _first(blob), **fields)


@dataclass(frozen=True)
class AnalysisRows:
    """An analysis's own rows as `put_analysis` writes them, made ahead of the write (by the
    process that analysed it, see `store.encoded`): its key, its compressed head, each item's
    own row (`ItemRow`, written with its list row: `word_lists.put_list`), and the compressed
    chunks of its sentences."""

    content_hash: str
    version: str
    head: bytes
    items: list[ItemRow]
    sentences: list[bytes]

    def figures(self) -> tuple[int, dict[str, int]]:
        """The analysis's running words and other bands, from its head."""
        head = json.loads(zlib.decompress(self.head))
        return int(head["tokens"]), dict(head["other_bands"])

    def sentence_chunks(self) -> _Sentences:
        return _Sentences(dict(enumerate(self.sentences)))


def analysis_rows(analysis: Analysis) -> AnalysisRows:
    """The rows `put_analysis` writes for `analysis`."""
    head = {
        "content_hash": analysis.content_hash,
        "version": analysis.version,
        "tokens": analysis.tokens,
        "other_bands": analysis.other_bands,
    }
    sentences: dict[str, int] = {}
    items: list[ItemRow] = [
        (item.zipf, item.cefr_source, _pack(item.occurrences, sentences), _extra(item))
        for item in analysis.items
    ]
    texts = list(sentences)
    return AnalysisRows(
        analysis.content_hash,
        analysis.version,
        zlib.compress(json.dumps(head).encode()),
        items,
        [
            zlib.compress(json.dumps(texts[n : n + CHUNK], ensure_ascii=False).encode(), 6)
            for n in range(0, len(texts), CHUNK)
        ],
    )


def put_analysis(db: sqlite3.Connection, rows: AnalysisRows) -> None:
    """Store an analysis's head and sentences (`analysis_rows`; its items go with its list
    rows), replacing those of the same transcript and version, in the caller's transaction.
    The transcript's analyses of other versions stored the same way go too: the word table
    keeps one version of a transcript, and their items with it."""
    db.execute(
        "DELETE FROM analyses WHERE content_hash = ? AND (version = ? OR parts = 2)",
        (rows.content_hash, rows.version),
    )
    cur = db.execute(
        "INSERT INTO analyses (content_hash, version, data, parts) VALUES (?, ?, ?, 2)",
        (rows.content_hash, rows.version, rows.head),
    )
    aid = cur.lastrowid
    db.executemany(
        "INSERT INTO analysis_sentences (analysis, chunk, data) VALUES (?, ?, ?)",
        [(aid, n, data) for n, data in enumerate(rows.sentences)],
    )


class _Sentences:
    """An analysis's sentences, each chunk decoded when one of its sentences is first needed."""

    def __init__(self, chunks: dict[int, bytes], fetch: Callable[[int], bytes | None] | None = None) -> None:
        self._raw = chunks
        self._fetch = fetch  # reads a chunk not among `chunks`
        self._chunks: dict[int, list[str]] = {}

    def __getitem__(self, n: int) -> str:
        chunk = self._chunks.get(n // CHUNK)
        if chunk is None:
            raw = self._raw.get(n // CHUNK)
            if raw is None and self._fetch is not None:
                raw = self._fetch(n // CHUNK)
            if raw is None:
                raise IndexError(f"sentence {n} is not stored")
            chunk = self._chunks[n // CHUNK] = json.loads(zlib.decompress(raw))
        return chunk[n % CHUNK]


def _first(blob: bytes) -> tuple[int, int] | None:
    """(segment, start) of the first occurrence packed in `blob`, without unpacking the rest."""
    if len(blob) < 8:
        return None
    segment, start = _FIRST(blob)
    return (segment, start)


def _ints(blob: bytes) -> array[int]:
    ints = array("i")
    ints.frombytes(blob)
    if _SWAP:
        ints.byteswap()
    return ints


def _unpack(blob: bytes, sentences: _Sentences) -> list[Occurrence]:
    ints = _ints(blob)
    cols = [ints[k::_FIELDS] for k in range(_FIELDS)]
    return list(
        map(
            Occurrence,
            cols[0],
            cols[1],
            cols[2],
            map(sentences.__getitem__, cols[3]),
            cols[4],
            cols[5],
            cols[6],
        )
    )


class _Packed:
    """An item's packed occurrences: made into `Occurrence`s when called (the item's first read
    of them); `positions` reads where they are without making them (the reader's highlights),
    `sentences` their sentences (a list's best example)."""

    __slots__ = ("_blob", "_sentences")

    def __init__(self, blob: bytes, sentences: _Sentences) -> None:
        self._blob = blob
        self._sentences = sentences

    def positions(self) -> tuple[array[int], array[int], array[int]]:
        ints = _ints(self._blob)
        return ints[0::_FIELDS], ints[1::_FIELDS], ints[2::_FIELDS]

    def sentences(self) -> list[str]:
        return list(map(self._sentences.__getitem__, _ints(self._blob)[3::_FIELDS]))

    def __call__(self) -> list[Occurrence]:
        return _unpack(self._blob, self._sentences)


def _unpacker(blob: bytes, sentences: _Sentences) -> Callable[[], list[Occurrence]]:
    return _Packed(blob, sentences)


def _items(rows: Iterable[Any], sentences: _Sentences) -> list[VocabItem]:
    items = []
    for item, blob in rows:
        data = json.loads(item)
        data["senses"] = [Sense(**s) for s in data["senses"]]
        items.append(VocabItem.packed(_unpacker(blob, sentences), _first(blob), **data))
    return items


def rows_in(db: sqlite3.Connection, sql: str, values: Sequence[Any], *before: Any) -> list[Any]:
    """The rows of `sql` for every one of `values`, put in its `{}` as an IN list 500 at a time
    (SQLite's limit on bound parameters), each time after the parameters `before`."""
    rows: list[Any] = []
    for n in range(0, len(values), 500):
        chunk = values[n : n + 500]
        rows += db.execute(sql.format(",".join("?" * len(chunk))), (*before, *chunk)).fetchall()
    return rows


Heads = dict[int, list[str]]
"""Lists of forms (`list_forms`) decoded, by id: a word's are mostly the same in every episode."""

WORD_COLUMNS = "l.lemma, l.pos, l.is_phrase, l.band, l.rank, l.difficulty, l.cefr, l.suspect, l.tags"


def _figures_id(db: sqlite3.Connection, analysis_id: int) -> int | None:
    """The id of the word table's figures (whose list rows hold the items) of analysis
    `analysis_id` (an `analyses` row stored with its items there)."""
    row = db.execute(
        "SELECT f.id FROM analyses a JOIN analysis_figures f ON f.content_hash = a.content_hash"
        " AND f.version = a.version WHERE a.id = ? AND a.parts = 2",
        (analysis_id,),
    ).fetchone()
    return None if row is None else int(row[0])


def decode_forms(db: sqlite3.Connection, ids: Iterable[int], heads: Heads) -> None:
    """Decode the lists of forms (`list_forms`) of `ids` not in `heads` into it."""
    wanted = sorted(set(ids).difference(heads))
    heads.update(
        (int(i), json.loads(f))
        for i, f in rows_in(db, "SELECT id, forms FROM list_forms WHERE id IN ({})", wanted)
    )


def light_items(
    db: sqlite3.Connection,
    analysis_id: int,
    rows: Sequence[tuple[int, Lexeme, int, bool]],
    heads: Heads | None = None,
    made: dict[int, VocabItem] | None = None,
) -> list[VocabItem]:
    """The items of analysis `analysis_id` (an `analyses` row stored with its items in the list
    rows) at the positions of `rows` — (position, lexeme, count, inside_phrase), from the word
    table — made from the word table and each item's forms, frequency, level source and packed
    occurrences: the attributes an analysis gives, not the dictionary fields an export fills
    (gloss, definition, pronunciation, senses: left empty). Sentences are read when first
    needed. `heads` keeps the decoded lists of forms between calls; `made`, an item of each
    lexeme, which the others are made like (`VocabItem.like`): an archive's list makes tens of
    thousands of a few hundred words."""

    def fetch(chunk: int) -> bytes | None:
        row = db.execute(
            "SELECT data FROM analysis_sentences WHERE analysis = ? AND chunk = ?", (analysis_id, chunk)
        ).fetchone()
        return bytes(row[0]) if row is not None else None

    figures = _figures_id(db, analysis_id)
    if figures is None:
        raise LookupError(f"analysis {analysis_id} has no items in the list rows")
    sentences = _Sentences({}, fetch)
    parts = {
        int(r[0]): (int(r[1]), float(r[2]), str(r[3]), bytes(r[4]))
        for r in rows_in(
            db,
            "SELECT x.position, x.forms, o.zipf, o.source, o.occurrences FROM analysis_list x"
            " JOIN analysis_occurrences o ON o.analysis = x.analysis AND o.position = x.position"
            " WHERE x.analysis = ? AND x.position IN ({})",
            [r[0] for r in rows],
            figures,
        )
    }
    heads = {} if heads is None else heads
    made = {} if made is None else made
    decode_forms(db, (p[0] for p in parts.values()), heads)
    items = []
    for position, lexeme, count, inside in rows:
        forms, zipf, cefr_source, blob = parts[position]
        proto = made.get(lexeme.id)
        if proto is None:
            proto = made[lexeme.id] = lexeme.as_item()
        items.append(
            proto.like(
                _unpacker(blob, sentences),
                _first(blob),
                forms=list(heads[forms]),
                count=count,
                zipf=zipf,
                cefr_source=cefr_source,
                tags=list(lexeme.tags),
                senses=[],
                inside_phrase=inside,
            )
        )
    return items


def _list_items(
    db: sqlite3.Connection, figures: int, sentences: _Sentences, positions: Sequence[int] | None
) -> list[VocabItem]:
    """The items stored in the list rows of figures `figures`, in order (only those at
    `positions`, ascending, when given)."""
    query = (
        f"SELECT {WORD_COLUMNS}, x.count, x.inside, x.forms, o.zipf, o.source, o.occurrences, o.extra"
        " FROM analysis_list x JOIN analysis_occurrences o ON o.analysis = x.analysis AND o.position ="
        " x.position JOIN lexemes l ON l.id = x.lexeme WHERE x.analysis = ?"
    )
    if positions is None:
        # at once: row by row, through the connection's error translation, took longer
        rows = db.execute(query + " ORDER BY x.position", (figures,)).fetchall()
    else:  # (ascending: the chunks follow each other in order)
        rows = rows_in(db, query + " AND x.position IN ({}) ORDER BY x.position", list(positions), figures)
    heads: Heads = {}
    decode_forms(db, (r[11] for r in rows), heads)
    tags: dict[str, list[str]] = {}
    items = []
    for r in rows:
        word = list(r[:9])
        if r[8] not in tags:
            tags[r[8]] = json.loads(r[8])
        word[8] = tags[r[8]]  # (copied by `item_fields`)
        own = (float(r[12]), str(r[13]), bytes(r[14]), r[15])
        items.append(make_item(word, int(r[9]), int(r[10]), list(heads[int(r[11])]), own, sentences))
    return items


def read_analysis(
    db: sqlite3.Connection, content_hash: str, version: str, positions: Sequence[int] | None = None
) -> Analysis | None:
    """The stored analysis, None when there is none (see the module's docstring). With
    `positions` (ascending), only the items at those positions are read: an analysis in part,
    for a caller that chose its words from the word table. An analysis stored whole is read
    whole all the same."""
    row = db.execute(
        "SELECT id, data, parts FROM analyses WHERE content_hash = ? AND version = ?",
        (content_hash, version),
    ).fetchone()
    if row is None:
        return None
    head = json.loads(zlib.decompress(row[1]))
    if not row[2]:  # stored whole, before the parts
        return Analysis.from_dict(head)
    chunks = dict(
        db.execute("SELECT chunk, data FROM analysis_sentences WHERE analysis = ?", (row[0],)).fetchall()
    )
    sentences = _Sentences(chunks)
    if row[2] == 2:  # the items in the list rows
        figures = db.execute(
            "SELECT id FROM analysis_figures WHERE content_hash = ? AND version = ?", (content_hash, version)
        ).fetchone()
        if figures is None:
            return None  # (its word rows gone: not an analysis any more)
        items = _list_items(db, int(figures[0]), sentences, positions)
    elif positions is None:  # migration 0010's item rows
        rows = db.execute(
            "SELECT item, occurrences FROM analysis_items WHERE analysis = ? ORDER BY position", (row[0],)
        ).fetchall()
        items = _items(rows, sentences)
    else:
        some = rows_in(
            db,
            "SELECT item, occurrences FROM analysis_items WHERE analysis = ? AND position IN ({})"
            " ORDER BY position",
            list(positions),
            row[0],
        )
        items = _items(some, sentences)
    return Analysis(
        content_hash=head["content_hash"],
        version=head["version"],
        tokens=head["tokens"],
        other_bands=dict(head["other_bands"]),
        items=items,
    )


class AnalysisStore:
    """Queries over the stored analyses (mixed into `Store`)."""

    _db: LibraryConnection

    def legacy_analyses(self, version: str) -> list[str]:
        """Content hashes of library episodes whose analysis at `version` is stored whole or with
        its own item rows (by a studyterm before migration 0010 or 0012): the pipeline rewrites
        them with their items in the list rows."""
        rows = self._db.execute(
            "SELECT DISTINCT a.content_hash FROM analyses a JOIN episodes e ON e.content_hash ="
            " a.content_hash WHERE a.version = ? AND a.parts < 2",
            (version,),
        ).fetchall()
        return [str(r[0]) for r in rows]
