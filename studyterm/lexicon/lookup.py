"""Look-up of vocabulary items across providers, by lemma and POS, with fallbacks.

Order of attempts for a word: (lemma, POS) → lemma with any POS → the surface forms seen in the
text → regular base forms of the lemma (`inflect.bases_of`) → British/American spelling variants
(*decarbonisation* finds *decarbonization*). Phrases look up as a unit.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Protocol

from studyterm.analysis.inflect import bases_of
from studyterm.lexicon.spelling import spelling_variants
from studyterm.model import VocabItem

__all__ = ["BuiltinGlossary", "Entry", "Lexicon", "Provider", "enrich"]


@dataclass(frozen=True)
class Entry:
    gloss: str | None = None
    definition: str | None = None
    pronunciation: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)


class Provider(Protocol):
    name: str

    def get(self, headword: str, pos: str | None) -> Entry | None:
        """The entry for headword (lower case) with this POS, or any POS when pos is None."""
        ...


class _TsvProvider:
    """A provider backed by a TSV file of package data, parsed once into a dict."""

    name = ""
    resource = ""
    key_column = "headword"
    pos_column: str | None = "pos"

    def __init__(self) -> None:
        self._by_pos: dict[tuple[str, str], Entry] = {}
        self._any: dict[str, Entry] = {}
        path = resources.files("studyterm.data").joinpath(self.resource)
        if not path.is_file():
            return
        reader = csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t",
                                quoting=csv.QUOTE_NONE)
        for row in reader:
            key = row[self.key_column].strip().lower()
            pos = row[self.pos_column].strip().upper() if self.pos_column else "PHRASE"
            entry = Entry(gloss=row["gloss"].strip() or None,
                          definition=row["definition"].strip() or None)
            self._by_pos.setdefault((key, pos), entry)
            self._any.setdefault(key, entry)

    def get(self, headword: str, pos: str | None) -> Entry | None:
        if pos is None:
            return self._any.get(headword)
        return self._by_pos.get((headword, pos))

    def __len__(self) -> int:
        return len(self._by_pos)


class BuiltinGlossary(_TsvProvider):
    """studyterm's own learner's glossary of news English (`data/glossary.tsv`)."""

    name = "builtin"
    resource = "glossary.tsv"


class PhraseGlossary(_TsvProvider):
    """Glosses of the phrase list (`data/phrases.tsv`)."""

    name = "phrases"
    resource = "phrases.tsv"
    key_column = "phrase"
    pos_column = None


class Lexicon:
    """Providers in look-up order, with a per-process cache of answers."""

    def __init__(self, providers: list[Provider] | None = None) -> None:
        self.providers: list[Provider] = providers if providers is not None else [
            _builtin(), _phrases()
        ]
        self._cache: dict[tuple[str, str, tuple[str, ...]], Entry | None] = {}

    def lookup(self, lemma: str, pos: str, forms: tuple[str, ...] = ()) -> Entry | None:
        key = (lemma, pos, forms)
        if key in self._cache:
            return self._cache[key]
        result = self._lookup(lemma.lower(), pos, forms)
        self._cache[key] = result
        return result

    def _lookup(self, lemma: str, pos: str, forms: tuple[str, ...]) -> Entry | None:
        if pos == "PHRASE":
            return self._first(lemma, "PHRASE") or self._first(lemma, None)
        for word, p in ((lemma, pos), (lemma, None)):
            if entry := self._first(word, p):
                return entry
        for cand in (*forms, *bases_of(lemma), *spelling_variants(lemma)):
            if entry := self._first(cand.lower(), None):
                return entry
        return None

    def _first(self, word: str, pos: str | None) -> Entry | None:
        for provider in self.providers:
            entry = provider.get(word, pos)
            if entry is not None and (entry.gloss or entry.definition):
                return entry
        return None


@lru_cache(maxsize=1)
def _builtin() -> BuiltinGlossary:
    return BuiltinGlossary()


@lru_cache(maxsize=1)
def _phrases() -> PhraseGlossary:
    return PhraseGlossary()


def enrich(items: list[VocabItem], lexicon: Lexicon | None = None) -> list[VocabItem]:
    """Fill gloss, definition, pronunciation and tags of items in place (and return them)."""
    lexicon = lexicon or Lexicon()
    for item in items:
        entry = lexicon.lookup(item.lemma, item.pos, tuple(item.forms))
        if entry is None:
            continue
        item.gloss = entry.gloss
        item.definition = entry.definition
        item.pronunciation = entry.pronunciation
        item.tags = list(entry.tags)
    return items
