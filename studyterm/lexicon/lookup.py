"""Look-up of vocabulary items across providers, by lemma and POS, with fallbacks that keep the
meaning.

Order of attempts for a word: (lemma, POS) → the surface forms seen in the text with the same
POS → a regular base of the same POS (`inflect.bases_of`: *consolidated* VERB
→ *consolidate*) → the lemma under any POS → British/American spelling variants (*decarbonisation* finds
*decarbonization*) → an *-ly* adverb from its adjective (*steadfastly* → 坚定地 from 坚定的) → the
inflection tables of imported dictionaries (ECDICT's exchange field: *took* finds *take*).
Nothing else borrows a gloss: a word is never glossed as another word that merely looks like one
of its forms (*modest* is not *mode*, *fleeting* not *fleet*, *crowded* not *crowd*). Phrases look
up as a unit.

An entry may hold several senses (rows of one headword and POS in the glossary, each with cue
words); `enrich` picks the sense that fits each occurrence's sentence (`senses.pick_each`) and
puts the sense most occurrences have first.

Providers: the built-in glossary (`builtin`), the phrase list (`phrases`) and the library's
imported dictionaries, in the order the library keeps (`Lexicon.for_store`; by default the
built-ins first, so a teacher must `dict order` a list before `builtin` for it to win). The first
provider with a gloss or definition answers; fields it lacks (pronunciation, tags, a definition)
are filled from later providers knowing the word.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from studyterm.analysis.datacache import cached, data_file, package_tsv
from studyterm.analysis.inflect import adjectives_of_adverb, bases_of, forms_of
from studyterm.analysis.senses import Cued, order_senses, own_words, pick_each
from studyterm.lexicon.spelling import spelling_variants
from studyterm.model import Occurrence, Sense, VocabItem

if TYPE_CHECKING:
    from studyterm.store import Store

__all__ = ["BuiltinGlossary", "Entry", "Lexicon", "Provider", "enrich"]


@dataclass(frozen=True)
class Entry:
    gloss: str | None = None
    definition: str | None = None
    pronunciation: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    # every sense, the first being (gloss, definition); empty for a one-sense entry
    senses: tuple[Cued, ...] = ()


class Provider(Protocol):
    name: str

    def get(self, headword: str, pos: str | None) -> Entry | None:
        """The entry for headword (lower case) with this POS, or any POS when pos is None."""
        ...


_Row = tuple[str | None, str | None, frozenset[str]]  # a sense: gloss, definition, cue words


class _TsvProvider:
    """A provider backed by a TSV file of package data: its rows grouped by (headword, POS),
    parsed once and then loaded from the user's cache (`datacache`); an Entry is made on first
    look-up of its word."""

    name = ""
    resource = ""
    key_column = "headword"
    pos_column: str | None = "pos"

    def __init__(self) -> None:
        self._rows, self._first_pos = cached(
            f"lexicon-{self.resource}",
            self._build,
            sources=[data_file(self.resource)],
            code=[__name__],
            lookup=True,
        )
        self._entries: dict[tuple[str, str], Entry] = {}

    def _build(self) -> tuple[dict[tuple[str, str], tuple[_Row, ...]], dict[str, str]]:
        """(headword, POS) → its senses in file order, and headword → its first POS."""
        senses: dict[tuple[str, str], list[_Row]] = {}
        for row in package_tsv(self.resource):
            key = row[self.key_column].strip().lower()
            pos = row[self.pos_column].strip().upper() if self.pos_column else "PHRASE"
            cues = frozenset((row.get("cues") or "").lower().split())
            senses.setdefault((key, pos), []).append(
                (row["gloss"].strip() or None, row["definition"].strip() or None, cues)
            )
        first: dict[str, str] = {}
        for key, pos in senses:
            first.setdefault(key, pos)
        return {k: tuple(v) for k, v in senses.items()}, first

    def get(self, headword: str, pos: str | None) -> Entry | None:
        if pos is None:
            pos = self._first_pos.get(headword)
            if pos is None:
                return None
        entry = self._entries.get((headword, pos))
        if entry is None:
            rows = self._rows.get((headword, pos))
            if rows is None:
                return None
            cued = tuple(Cued(gloss, definition, cues) for gloss, definition, cues in rows)
            entry = Entry(
                gloss=cued[0].gloss, definition=cued[0].definition, senses=cued if len(cued) > 1 else ()
            )
            self._entries[(headword, pos)] = entry
        return entry

    def __len__(self) -> int:
        return len(self._rows)


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
        self.providers: list[Provider] = providers if providers is not None else [_builtin(), _phrases()]
        self._cache: dict[tuple[str, str, tuple[str, ...]], Entry | None] = {}

    @classmethod
    def for_store(cls, store: Store) -> Lexicon:
        """Every provider, built-in and imported, in the library's look-up order (read once:
        build one Lexicon per command or app)."""
        from studyterm.lexicon.imported import LibraryDictionary

        builtins: dict[str, Provider] = {p.name: p for p in (_builtin(), _phrases())}
        return cls(
            [builtins[p] if isinstance(p, str) else LibraryDictionary(store, p) for p in store.lookup_order()]
        )

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
        if entry := self._first(lemma, pos):
            return entry
        # a regular base only where the suffix is an inflection of the same POS: "consolidated"
        # (VERB) → consolidate; "ledger" is not a form of "ledge", "modest" not one of "mode"
        bases = [b for b in bases_of(lemma) if _inflects(b, lemma, pos)]
        for cand in (*forms, *bases):
            if entry := self._first(cand.lower(), pos):
                return entry
        if pos == "NOUN" and lemma.endswith("ing"):  # a gerund: "the upgrading of ports"
            for cand in bases_of(lemma):
                if lemma in forms_of(cand, "VERB") and (entry := self._first(cand, "VERB")):
                    return entry
        if entry := self._first(lemma, None):
            return entry  # the same word under another POS (the tagger's odd reading)
        for cand in spelling_variants(lemma):
            if entry := self._first(cand, pos) or self._first(cand, None):
                return entry
        if pos == "ADV" and lemma.endswith("ly"):
            for adj in adjectives_of_adverb(lemma):
                if entry := self._first(adj, "ADJ"):
                    return _adverb_entry(entry, adj)
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
                done = replace(
                    done,
                    gloss=done.gloss or other.gloss,
                    definition=done.definition or other.definition,
                    pronunciation=done.pronunciation or other.pronunciation,
                    tags=done.tags or other.tags,
                )
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
    """Is `word` a regular inflection of `base` for this POS? Comparatives and superlatives are
    not: the analysis lemmatizes them already, so a lemma ending in -est (*modest*) is a word of
    its own; nor are participles used as adjectives (*fleeting*, *crowded*): they are entries."""
    if pos == "ADJ":
        return False
    return word != base and word in forms_of(base, pos)


def _to_adverb(gloss: str | None) -> str | None:
    """坚定的；坚决的 → 坚定地；坚决地: the adverb's gloss from its adjective's."""
    if not gloss:
        return gloss
    parts = []
    for part in gloss.split("；"):
        part = part.strip()
        if part.endswith("的"):
            part = part[:-1] + "地"
        elif not part.endswith("地"):
            part += "地"
        parts.append(part)
    return "；".join(parts)


def _adverb_entry(entry: Entry, adjective: str) -> Entry:
    definition = f"in a way that is {adjective}" if entry.definition else None
    senses = tuple(Cued(_to_adverb(c.gloss), definition, c.cues) for c in entry.senses)
    return replace(entry, gloss=_to_adverb(entry.gloss), definition=definition, senses=senses)


def enrich(items: list[VocabItem], lexicon: Lexicon | None = None) -> list[VocabItem]:
    """Fill gloss, definition, senses, pronunciation and tags of items in place (and return
    them). Each occurrence gets the sense that fits its sentence; the item's senses are ordered
    with the sense most occurrences have first, so `gloss` is the one this text uses."""
    lexicon = lexicon or Lexicon()
    for item in items:
        entry = lexicon.lookup(item.lemma, item.pos, tuple(item.forms))
        if entry is None:
            continue
        item.gloss = entry.gloss
        item.definition = entry.definition
        item.pronunciation = entry.pronunciation
        item.tags = list(entry.tags)
        if entry.senses:
            _apply_senses(item, entry.senses)
        else:
            item.senses = [Sense(entry.gloss, entry.definition)]
    return items


def _apply_senses(item: VocabItem, senses: tuple[Cued, ...]) -> None:
    own = own_words(item.lemma, item.is_phrase)
    picked = list(pick_each([s.cues for s in senses], item.occurrences, own))
    order = order_senses(len(senses), picked)
    where = {old: new for new, old in enumerate(order)}
    item.senses = [Sense(senses[i].gloss, senses[i].definition) for i in order]
    item.occurrences = [_with_sense(occ, where[p]) for occ, p in zip(item.occurrences, picked, strict=True)]
    item.gloss = item.senses[0].gloss
    item.definition = item.senses[0].definition


def _with_sense(occ: Occurrence, sense: int) -> Occurrence:
    return occ if occ.sense == sense else replace(occ, sense=sense)
