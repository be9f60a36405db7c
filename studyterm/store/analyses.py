"""Cached analyses in parts: a head row, one row per item, the sentences once (migration 0010).

Reading an analysis decodes the items' attributes; an item's occurrences are made when they are
first read, and a chunk of sentences when one of its sentences is first needed. So a library-wide
export reads the occurrences of the words it lists only, and the reader of a 2.4-million-word
transcript opens in a fraction of a second instead of decompressing hundreds of megabytes.
Analyses stored before the parts (one compressed JSON value each) are still read, and
`legacy_analyses` names them so that the pipeline rewrites them.
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

__all__ = ["AnalysisRows", "AnalysisStore", "analysis_rows", "light_items", "put_analysis", "read_analysis"]

CHUNK = 256  # sentences a row of `analysis_sentences` holds
_FIELDS = 7  # integers an occurrence is packed into
_ITEM_FIELDS = tuple(f.name for f in fields(VocabItem) if f.name != "occurrences")
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


def _item_json(item: VocabItem) -> str:
    data: dict[str, Any] = {name: getattr(item, name) for name in _ITEM_FIELDS}
    # a Sense holds strings only: asdict's deep copy of each, for thousands of items, bought nothing
    data["senses"] = [{name: getattr(s, name) for name in _SENSE_FIELDS} for s in item.senses]
    return to_json(data)


@dataclass(frozen=True)
class AnalysisRows:
    """An analysis's own rows as `put_analysis` writes them, made ahead of the write (by the
    process that analysed it, see `store.encoded`): its key, its compressed head, each item's
    JSON and packed occurrences, and the compressed chunks of its sentences."""

    content_hash: str
    version: str
    head: bytes
    items: list[tuple[str, bytes]]
    sentences: list[bytes]

    def decoded(self) -> Analysis:
        """The analysis, read back as a stored one is (`read_analysis`: occurrences made when
        first read)."""
        head = json.loads(zlib.decompress(self.head))
        return Analysis(
            content_hash=head["content_hash"],
            version=head["version"],
            tokens=head["tokens"],
            other_bands=dict(head["other_bands"]),
            items=_items(self.items, _Sentences(dict(enumerate(self.sentences)))),
        )


def analysis_rows(analysis: Analysis) -> AnalysisRows:
    """The rows `put_analysis` writes for `analysis`."""
    head = {
        "content_hash": analysis.content_hash,
        "version": analysis.version,
        "tokens": analysis.tokens,
        "other_bands": analysis.other_bands,
    }
    sentences: dict[str, int] = {}
    items = [(_item_json(item), _pack(item.occurrences, sentences)) for item in analysis.items]
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
    """Store an analysis's rows (`analysis_rows`), replacing those of the same transcript and
    version, in the caller's transaction."""
    db.execute(
        "DELETE FROM analyses WHERE content_hash = ? AND version = ?", (rows.content_hash, rows.version)
    )
    cur = db.execute(
        "INSERT INTO analyses (content_hash, version, data, parts) VALUES (?, ?, ?, 1)",
        (rows.content_hash, rows.version, rows.head),
    )
    aid = cur.lastrowid
    db.executemany(
        "INSERT INTO analysis_items (analysis, position, item, occurrences) VALUES (?, ?, ?, ?)",
        [(aid, pos, item, blob) for pos, (item, blob) in enumerate(rows.items)],
    )
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


def light_items(
    db: sqlite3.Connection,
    analysis_id: int,
    rows: Sequence[tuple[int, Lexeme, int, bool]],
    heads: dict[str, tuple[list[str], float, str]] | None = None,
    made: dict[int, VocabItem] | None = None,
) -> list[VocabItem]:
    """The items of analysis `analysis_id` at the positions of `rows` — (position, lexeme,
    count, inside_phrase), from the word table — made from the word table and each item's
    forms, frequency, level source and packed occurrences, without decoding its row: the
    attributes an analysis gives, not the dictionary fields an export fills (gloss,
    definition, pronunciation, senses: left empty). Sentences are read when first needed.
    `heads` keeps the decoded forms, frequency and level source between calls: a word's are
    mostly the same in every episode; `made`, an item of each lexeme, which the others are made
    like (`VocabItem.like`): an archive's list makes tens of thousands of a few hundred words."""

    def fetch(chunk: int) -> bytes | None:
        row = db.execute(
            "SELECT data FROM analysis_sentences WHERE analysis = ? AND chunk = ?", (analysis_id, chunk)
        ).fetchone()
        return bytes(row[0]) if row is not None else None

    sentences = _Sentences({}, fetch)
    parts: dict[int, tuple[str, bytes]] = {}
    wanted = [r[0] for r in rows]
    for n in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
        chunk = wanted[n : n + 500]
        parts.update(
            (int(r[0]), (str(r[1]), bytes(r[2])))
            for r in db.execute(
                "SELECT position, json_extract(item, '$.forms', '$.zipf', '$.cefr_source'), occurrences"
                f" FROM analysis_items WHERE analysis = ? AND position IN ({','.join('?' * len(chunk))})",
                (analysis_id, *chunk),
            ).fetchall()
        )
    items = []
    heads = {} if heads is None else heads
    made = {} if made is None else made
    for position, lexeme, count, inside in rows:
        head, blob = parts[position]
        decoded = heads.get(head)
        if decoded is None:
            decoded = heads[head] = json.loads(head)
        forms, zipf, cefr_source = decoded
        proto = made.get(lexeme.id)
        if proto is None:
            proto = made[lexeme.id] = lexeme.as_item()
        items.append(
            proto.like(
                _unpacker(blob, sentences),
                _first(blob),
                forms=list(forms),
                count=count,
                zipf=zipf,
                cefr_source=cefr_source,
                tags=list(lexeme.tags),
                senses=[],
                inside_phrase=inside,
            )
        )
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
    if positions is None:
        rows = db.execute(
            "SELECT item, occurrences FROM analysis_items WHERE analysis = ? ORDER BY position", (row[0],)
        ).fetchall()  # at once: row by row, through the connection's error translation, took longer
        items = _items(rows, sentences)
    else:
        items = []
        wanted = list(positions)
        for n in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
            chunk = wanted[n : n + 500]
            some = db.execute(
                "SELECT item, occurrences FROM analysis_items WHERE analysis = ? AND position IN"
                f" ({','.join('?' * len(chunk))}) ORDER BY position",
                (row[0], *chunk),
            ).fetchall()
            items.extend(_items(some, sentences))
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
        """Content hashes of library episodes whose analysis at `version` is stored whole (by a
        studyterm before the parts): the pipeline rewrites them in parts."""
        rows = self._db.execute(
            "SELECT DISTINCT a.content_hash FROM analyses a JOIN episodes e ON e.content_hash ="
            " a.content_hash WHERE a.version = ? AND a.parts = 0",
            (version,),
        ).fetchall()
        return [str(r[0]) for r in rows]
