"""The library's imported dictionaries (ECDICT, StarDict, TSV) as look-up providers.

They take their place among the built-in glossaries in the order `studyterm dict order` sets
(after them unless moved before `builtin`). Entries keep every sense a dictionary gives; an item
shows the first few on one line, Chinese senses tagged with a domain (`[医]`, `[网络]`) only when
there is nothing more general.
"""

from __future__ import annotations

from studyterm.lexicon.lookup import Entry
from studyterm.store import Store
from studyterm.store.dictionaries import DictionaryRow

__all__ = ["LibraryDictionary", "library_providers"]

GLOSS_SENSES = 4
DEFINITION_SENSES = 3


def _senses(text: str | None, keep: int) -> str | None:
    if not text:
        return None
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    general = [line for line in lines if not line.startswith("[")]
    return "; ".join((general or lines)[:keep]) or None


def _pronunciation(phonetic: str | None) -> str | None:
    if not phonetic or not phonetic.strip():
        return None
    p = phonetic.strip()
    return p if p[0] in "/[" else f"/{p}/"


class LibraryDictionary:
    """One imported dictionary, answering from the library's SQLite store."""

    def __init__(self, store: Store, row: DictionaryRow) -> None:
        self.name = row.name
        self.kind = row.kind
        self.entries = row.entries
        self.source = row.source
        self._store = store
        self._id = row.id

    def get(self, headword: str, pos: str | None) -> Entry | None:
        """The entry for a lower-case headword; entries without a POS answer for any POS."""
        e = self._store.dict_entry(self._id, headword, pos)
        if e is None:
            return None
        return Entry(
            gloss=_senses(e.translation, GLOSS_SENSES),
            definition=_senses(e.definition, DEFINITION_SENSES),
            pronunciation=_pronunciation(e.phonetic),
            tags=e.tags,
        )

    def lemmas_of(self, form: str) -> list[str]:
        """Headwords this word form inflects (ECDICT's exchange field, StarDict's .syn)."""
        return self._store.dict_lemmas(self._id, form)

    def __len__(self) -> int:
        return self.entries


def library_providers(store: Store) -> list[LibraryDictionary]:
    """The library's imported dictionaries in look-up order (without the built-in ones)."""
    return [LibraryDictionary(store, row) for row in store.dictionaries()]
