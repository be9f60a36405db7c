"""Look-up of vocabulary items across providers, by lemma and POS, with fallbacks.

Order of attempts for a word: (lemma, POS) → lemma with any POS → the surface forms seen in the
text → regular base forms of the lemma (`inflect.bases_of`) → British/American spelling variants
(*decarbonisation* finds *decarbonization*) → the inflection tables of imported dictionaries
(ECDICT's exchange field: *took* finds *take*). Phrases look up as a unit.

Providers: the built-in glossary (`builtin`), the phrase list (`phrases`) and the library's
imported dictionaries, in the order the library keeps (`Lexicon.for_store`; by default the
built-ins first, so a teacher must `dict order` a list before `builtin` for it to win). The first
provider with a gloss or definition answers; fields it lacks (pronunciation, tags, a definition)
are filled from later providers knowing the word.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Protocol

from studyterm.analysis.inflect import bases_of, forms_of
from studyterm.lexicon.spelling import spelling_variants
from studyterm.model import VocabItem

if TYPE_CHECKING:
    from studyterm.store import Store

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

    @classmethod
    def for_store(cls, store: Store) -> Lexicon:
        """Every provider, built-in and imported, in the library's look-up order (read once:
        build one Lexicon per command or app)."""
        from studyterm.lexicon.imported import LibraryDictionary

        builtins: dict[str, Provider] = {p.name: p for p in (_builtin(), _phrases())}
        return cls([builtins[p] if isinstance(p, str) else LibraryDictionary(store, p)
                    for p in store.lookup_order()])

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
        # a regular base only where the suffix fits the POS: "consolidated" (VERB) → consolidate,
        # but "ledger" (NOUN) is not a form of "ledge"
        bases = [b for b in bases_of(lemma) if _inflects(b, lemma, pos)]
        for cand in (*forms, *bases, *spelling_variants(lemma)):
            if entry := self._first(cand.lower(), pos) or self._first(cand.lower(), None):
                return entry
        # inflection tables of imported dictionaries (ECDICT's exchange field): took -> take
        for cand in (lemma, *forms):
            for base in self._lemmas_of(cand.lower()):
                if entry := self._first(base, None):
                    return entry
        return None

    def _first(self, word: str, pos: str | None) -> Entry | None:
        for i, provider in enumerate(self.providers):
            entry = provider.get(word, pos)
            if entry is not None and (entry.gloss or entry.definition):
                return self._complete(entry, word, self.providers[i + 1 :])
        return None

    @staticmethod
    def _complete(entry: Entry, word: str, rest: list[Provider]) -> Entry:
        """Fields the answering provider lacks, from later providers that know the word: the
        built-in glossary's gloss with ECDICT's phonetic and exam tags, a teacher's Chinese gloss
        with ECDICT's English definition."""
        done = entry
        for provider in rest:
            if done.gloss and done.definition and done.pronunciation and done.tags:
                break
            other = provider.get(word, None)
            if other is not None:
                done = replace(done, gloss=done.gloss or other.gloss,
                               definition=done.definition or other.definition,
                               pronunciation=done.pronunciation or other.pronunciation,
                               tags=done.tags or other.tags)
        return done

    def _lemmas_of(self, form: str) -> list[str]:
        found: list[str] = []
        for provider in self.providers:
            lemmas_of = getattr(provider, "lemmas_of", None)
            if lemmas_of is not None:
                found.extend(b for b in lemmas_of(form) if b not in found and b != form)
        return found


@lru_cache(maxsize=1)
def _builtin() -> BuiltinGlossary:
    return BuiltinGlossary()


@lru_cache(maxsize=1)
def _phrases() -> PhraseGlossary:
    return PhraseGlossary()


def _inflects(base: str, word: str, pos: str) -> bool:
    """Is `word` a regular form of `base` for this POS? Gerunds and participles used as nouns or
    adjectives (*upgrading*, *prolonged*) count as forms of their verb."""
    if word in forms_of(base, pos):
        return True
    return pos in ("NOUN", "ADJ") and word.endswith(("ing", "ed")) and word in forms_of(base, "VERB")


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
