"""An analysis encoded for the library ahead of its write: every row the store writes for it,
made by the process that analysed it.

Storing an analysis is mostly encoding: its items' JSON, packed occurrences and compressed
sentences (`analysis_rows`), the word table's rows (`word_rows`), the list rows with each
item's best example and sense counts (`list_rows`); the SQLite write itself is a small part. An
import in two processes encodes in each process what it analysed, so that the parent's share
is the write alone, in one short transaction after the last analysis (`write_encoded`); a
one-process import and the other writers encode and write in turn, through the same two steps,
so both give the same rows. The rows are kept as one bytes object (plain strings, bytes and
numbers in `marshal`'s format, which both ends of a fork share): it crosses a pipe as it is,
not as a graph of objects to pickle, and an import of many files holds it, about half the size
of the rows as Python objects, until the write reads it back one analysis at a time.
"""

from __future__ import annotations

import json
import marshal
import sqlite3
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from studyterm.model import Analysis
from studyterm.store.analyses import AnalysisRows, analysis_rows, make_item, put_analysis
from studyterm.store.word_lists import ListRows, list_rows, put_list
from studyterm.store.word_table import WordRows, Written, put_words, word_rows

if TYPE_CHECKING:
    from studyterm.store.word_lists import SenseTally

__all__ = ["EncodedAnalysis", "encode_analysis", "write_encoded"]


@dataclass(frozen=True)
class EncodedAnalysis:
    """The rows the store writes for one analysis (its own, the word table's and the lists'),
    as bytes (`rows` reads them), and the analysis's key and number of items."""

    content_hash: str
    version: str
    items: int
    data: bytes

    def rows(self) -> tuple[AnalysisRows, WordRows, ListRows]:
        analysis, words, lists = marshal.loads(self.data)
        return AnalysisRows(*analysis), WordRows(*words), ListRows(*lists)

    def decoded(self) -> Analysis:
        """The analysis, read back as a stored one is (occurrences made when first read)."""
        analysis, words, lists = self.rows()
        tokens, other_bands = analysis.figures()
        sentences = analysis.sentence_chunks()
        forms = [json.loads(f) for f in lists.forms]
        # a lexeme's row as `make_item` takes its word: lemma, then POS to suspect, then tags
        lexemes = [(row[1], *row[3:10], json.loads(row[10])) for row in words.lexemes]
        items = [
            make_item(lexemes[n], count, inside, list(forms[f]), own, sentences)
            for (n, count, inside), (f, _), own in zip(words.words, lists.items, analysis.items, strict=True)
        ]
        return Analysis(
            content_hash=self.content_hash,
            version=self.version,
            tokens=tokens,
            other_bands=other_bands,
            items=items,
        )


def _fields(part: AnalysisRows | WordRows | ListRows) -> tuple[Any, ...]:
    return tuple(getattr(part, f.name) for f in fields(part))  # not astuple: it copies each row deeply


def encode_analysis(analysis: Analysis, senses: SenseTally | None = None) -> EncodedAnalysis:
    """Every row the store writes for `analysis`; `senses` counts the senses of the items'
    occurrences for word lists (`list_rows`)."""
    parts = (analysis_rows(analysis), word_rows(analysis), list_rows(analysis.items, senses))
    data = marshal.dumps(tuple(_fields(part) for part in parts))
    return EncodedAnalysis(analysis.content_hash, analysis.version, len(analysis.items), data)


def write_encoded(db: sqlite3.Connection, encoded: EncodedAnalysis, written: Written | None = None) -> None:
    """Write an analysis's rows, replacing those of the same transcript, in the caller's
    transaction. `written`: what this transaction has written so far (see `Written`)."""
    analysis, words, lists = encoded.rows()
    put_analysis(db, analysis)
    aid, ids = put_words(db, words, written)
    put_list(
        db,
        aid,
        [(lexeme, count, inside) for lexeme, (_, count, inside) in zip(ids, words.words, strict=True)],
        lists,
        analysis.items,
        written,
    )
