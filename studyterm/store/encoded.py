"""An analysis encoded for the library ahead of its write: every row the store writes for it,
made by the process that analysed it.

Storing an analysis is mostly encoding: its items' JSON, packed occurrences and compressed
sentences (`analysis_rows`), the word table's rows (`word_rows`), the list rows with each
item's best example and sense counts (`list_rows`); the SQLite write itself is a small part. An
import in two processes encodes in each process what it analysed, so that the parent's share
is the write alone, in one short transaction after the last analysis (`write_encoded`); a
one-process import and the other writers encode and write in turn, through the same two steps,
so both give the same rows. An encoded analysis crosses a pipe as one bytes object
(`to_bytes`: plain strings, bytes and numbers, in `marshal`'s format, which both ends of a
fork share), not as a graph of objects to pickle.
"""

from __future__ import annotations

import marshal
import sqlite3
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from studyterm.model import Analysis
from studyterm.store.analyses import AnalysisRows, analysis_rows, put_analysis
from studyterm.store.word_lists import ListRows, list_rows, put_list
from studyterm.store.word_table import WordRows, put_words, word_rows

if TYPE_CHECKING:
    from studyterm.store.word_lists import SenseTally

__all__ = ["EncodedAnalysis", "encode_analysis", "write_encoded"]


@dataclass(frozen=True)
class EncodedAnalysis:
    """The rows the store writes for one analysis: its own, the word table's and the lists'."""

    analysis: AnalysisRows
    words: WordRows
    lists: ListRows

    @property
    def content_hash(self) -> str:
        return self.analysis.content_hash

    def decoded(self) -> Analysis:
        """The analysis, read back as a stored one is (occurrences made when first read)."""
        return self.analysis.decoded()

    def to_bytes(self) -> bytes:
        """The rows as one bytes object, for a pipe (`from_bytes` reads it back)."""
        return marshal.dumps(tuple(_fields(part) for part in (self.analysis, self.words, self.lists)))

    @classmethod
    def from_bytes(cls, data: bytes) -> EncodedAnalysis:
        analysis, words, lists = marshal.loads(data)
        return cls(AnalysisRows(*analysis), WordRows(*words), ListRows(*lists))


def _fields(part: AnalysisRows | WordRows | ListRows) -> tuple[Any, ...]:
    return tuple(getattr(part, f.name) for f in fields(part))  # not astuple: it copies each row deeply


def encode_analysis(analysis: Analysis, senses: SenseTally | None = None) -> EncodedAnalysis:
    """Every row the store writes for `analysis`; `senses` counts the senses of the items'
    occurrences for word lists (`list_rows`)."""
    return EncodedAnalysis(analysis_rows(analysis), word_rows(analysis), list_rows(analysis.items, senses))


def write_encoded(
    db: sqlite3.Connection, encoded: EncodedAnalysis, lexemes: dict[str, int] | None = None
) -> None:
    """Write an analysis's rows, replacing those of the same transcript, in the caller's
    transaction. `lexemes`: the lexemes this transaction has written so far (see `put_words`)."""
    put_analysis(db, encoded.analysis)
    aid, ids = put_words(db, encoded.words, lexemes)
    words = [
        (lexeme, count, inside) for lexeme, (_, count, inside) in zip(ids, encoded.words.words, strict=True)
    ]
    put_list(db, aid, words, encoded.lists)
