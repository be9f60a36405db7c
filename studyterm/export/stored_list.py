"""A word list of library episodes made from the library's list rows: a query plus formatting.

`aggregate` merges the items the episodes' analyses give, and a list of a whole archive made
tens of thousands of them, each decoded, to find per word its total count and forms, where it
is first met, its best example and the sense most of its occurrences have. Each of those is kept
per item when an analysis is stored (`store.word_lists`), so `stored_list` asks SQL for the
merged words and makes one item per word: the same entries, in the same order, with the same
fields, as `aggregate` of the words `pick_words` chooses (tests compare the two on real
libraries in every format). An episode's own items (`ListEntry.parts`: every occurrence, for
the JSON records and worksheets) are made only when asked for, all at once, as `pick_words`
makes them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from studyterm.errors import StudytermError
from studyterm.export.lists import Example, ListEntry, Source, VocabList, _Merged
from studyterm.model import VocabItem

if TYPE_CHECKING:
    from studyterm.analysis.learner import Learner
    from studyterm.lexicon import Lexicon
    from studyterm.store import Store
    from studyterm.store.analyses import Heads
    from studyterm.store.library import EpisodeRow
    from studyterm.store.word_lists import ListPart
    from studyterm.store.word_table import Lexeme

__all__ = ["LibraryChoice", "StoredList", "gloss_stored", "library_choice", "stored_list"]

log = logging.getLogger(__name__)


class _Loader:
    """Makes the episodes' items of a stored list's words (`light_items`), all words at once
    the first time one is asked for, as `pick_words` makes the items of every episode."""

    def __init__(self, store: Store, generation: int, lexemes: dict[int, Lexeme]) -> None:
        self.store = store
        self.generation = generation
        self.lexemes = lexemes
        self.heads: Heads = {}
        self.made: dict[int, VocabItem] = {}
        self._parts: dict[tuple[str, str], list[tuple[int, VocabItem]]] | None = None
        self._counts: dict[tuple[str, str], list[int]] | None = None
        self.sources = 0

    def counts(self, key: tuple[str, str]) -> list[int]:
        if self._counts is None:
            self._counts = self.store.list_counts(self.generation, self.sources)
        return self._counts[key]

    def items(self, parts: Sequence[ListPart]) -> list[VocabItem]:
        return self.store.list_items(parts, self.lexemes, self.heads, self.made)

    def parts(self, key: tuple[str, str]) -> list[tuple[int, VocabItem]]:
        if self._parts is None:
            by_word = self.store.list_parts(self.generation)
            keys = [k for k, ps in by_word.items() for _ in ps]
            every = [p for ps in by_word.values() for p in ps]
            self._parts = {k: [] for k in by_word}
            for k, part, item in zip(keys, every, self.items(every), strict=True):
                self._parts[k].append((part.src, item))
        return self._parts[key]


class _Parts(Sequence[tuple[int, VocabItem]]):
    """A stored list word's parts (`ListEntry.parts`), made when first read (`_Loader`)."""

    __slots__ = ("_key", "_loader")

    def __init__(self, loader: _Loader, key: tuple[str, str]) -> None:
        self._loader = loader
        self._key = key

    @overload
    def __getitem__(self, index: int) -> tuple[int, VocabItem]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[int, VocabItem]]: ...
    def __getitem__(self, index: int | slice) -> tuple[int, VocabItem] | Sequence[tuple[int, VocabItem]]:
        return self._loader.parts(self._key)[index]

    def __len__(self) -> int:
        return len(self._loader.parts(self._key))

    def __iter__(self) -> Iterator[tuple[int, VocabItem]]:
        return iter(self._loader.parts(self._key))


class _Counts(Sequence[int]):
    """A stored list word's count in each episode (`ListEntry.counts`), read when first needed:
    a list of a whole archive shows how many episodes use a word, not a column each."""

    __slots__ = ("_key", "_loader")

    def __init__(self, loader: _Loader, key: tuple[str, str]) -> None:
        self._loader = loader
        self._key = key

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...
    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        return self._loader.counts(self._key)[index]

    def __len__(self) -> int:
        return self._loader.sources

    def __iter__(self) -> Iterator[int]:
        return iter(self._loader.counts(self._key))


class StoredList(VocabList):
    """A list made by `stored_list`: what its glosses are found with (`gloss_stored`)."""

    loader: _Loader
    left_out: int


@dataclass
class LibraryChoice:
    """Library episodes named for a list or a deck (`library_choice`): the library's episodes
    by id, the ids of those named (in their order) and their content hashes, the analysis
    version, and the lexemes judged with the learner's choice of each (advanced alone, inside a
    listed expression, left out), as the list rows' queries take them."""

    rows: dict[str, EpisodeRow]
    ids: list[str]
    hashes: list[str]
    version: str
    lexemes: list[Lexeme]
    chosen: dict[int, tuple[bool, bool, bool]]

    def merged(self) -> None:
        """Say of each episode, as `pipeline.pick_words` does, that its words come from the rows."""
        if log.isEnabledFor(logging.INFO):
            for i in self.ids:
                log.info(
                    "%s: analysed before (kept in the library); its words merged from the list rows",
                    self.rows[i].source or self.rows[i].title,
                )


def library_choice(
    store: Store,
    refs: Sequence[str],
    learner: Learner,
    model: str | None = None,
    statuses: Collection[str] | None = None,
) -> LibraryChoice | None:
    """The library episodes `refs` name and the learner's choice of their words, for the list
    rows (`Store.list_words`, `Store.list_firsts`); with `statuses`, only the words whose status
    (unmarked: "new") is one of them are chosen, as `pipeline.choose_words` keeps them. None
    when one of them is a file or is not found, or when analyses could not be entered in the
    list rows: the caller goes the whole way, which says what is wrong."""
    from studyterm.pipeline import (
        FEW_EPISODES,
        analysis_version,
        fill_word_table,
        learner_choices,
        resolve_reference,
    )

    rows = {row.id: row for row in store.episodes()}
    ids = []
    for ref in refs:
        # a library id names its episode (`resolve_reference`), unless a file has that name
        if isinstance(ref, str) and ref in rows and not os.path.lexists(ref):
            ids.append(ref)
            continue
        try:
            found = resolve_reference(store, ref)
        except StudytermError:
            return None
        if found.episode_id is None or found.episode_id not in rows:
            return None
        ids.append(found.episode_id)
    version = analysis_version(model)
    if fill_word_table(store, version):
        return None  # analyses the library could not take: read whole
    hashes = [rows[i].content_hash for i in ids]
    lexemes = store.lexemes(hashes if len(set(ids)) <= FEW_EPISODES else None)
    chosen = {k: (c.alone, c.inside, c.left_out) for k, c in learner_choices(learner, lexemes).items()}
    if statuses is not None:
        for lexeme in lexemes:
            if (learner.statuses.get(lexeme.lemma) or "new") not in statuses:
                chosen[lexeme.id] = (False, False, chosen[lexeme.id][2])
    return LibraryChoice(rows, ids, hashes, version, lexemes, chosen)


def stored_list(
    store: Store, refs: Sequence[str], learner: Learner, model: str | None = None
) -> StoredList | None:
    """The list of the learner's advanced words of the library episodes `refs` name (what
    `aggregate` of `pick_words` gives, before its glosses), from the list rows; None when one
    of them is a file, is not found, or has an analysis the list rows lack (not analysed, or the
    library could not be written): the caller goes the whole way, which says what is wrong."""
    choice = library_choice(store, refs, learner, model)
    if choice is None:
        return None
    rows, ids, lexemes = choice.rows, choice.ids, choice.lexemes
    words = store.list_words(choice.version, choice.hashes, lexemes, choice.chosen)
    if words is None:
        return None
    choice.merged()
    loader = _Loader(store, words.generation, {lexeme.id: lexeme for lexeme in lexemes})
    out = StoredList([Source(i, rows[i].title) for i in ids])
    out.loader = loader
    out.left_out = len(words.left_out)
    loader.sources = len(ids)
    examples = loader.items([w.example[0] for w in words.words])
    for word, example in zip(words.words, examples, strict=True):
        parts = _Parts(loader, (word.lemma, word.pos))
        item = VocabItem.packed(_Merged(parts), word.first[1:], **word.fields)
        key = (word.lemma, word.pos)
        entry = ListEntry(item, _Counts(loader, key), parts, learner.statuses.get(item.lemma))
        entry.__dict__["episodes"] = word.episodes  # as `ListEntry.episodes`
        part, k = word.example
        occ = example.occurrences[k]
        entry.__dict__["example"] = Example(occ.sentence, part.src, occ)  # as `ListEntry.example`
        entry.__dict__["first_met"] = word.first
        out.entries.append(entry)
    return out


def gloss_stored(vlist: StoredList, lexicon: Lexicon) -> None:
    """Fill the glosses of a stored list's words as `enrich` fills those of `aggregate`'s: the
    sense most occurrences have first, counted from the list rows (the parts counted under
    other senses' cues are counted now)."""
    from studyterm.analysis.senses import own_words
    from studyterm.lexicon.tallies import count_senses, cues_key, enrich_counted

    loader = vlist.loader
    found = {}
    for entry in vlist.entries:
        item = entry.item
        answer = lexicon.lookup(item.lemma, item.pos, tuple(item.forms))
        if answer is not None:
            found[(item.lemma, item.pos)] = answer
    several = {key: cues_key(answer.senses) for key, answer in found.items() if answer.senses}
    counted = loader.store.list_senses(loader.generation, several) if several else {}
    for entry in vlist.entries:
        item = entry.item
        key = (item.lemma, item.pos)
        answer = found.get(key)
        if answer is None:
            continue
        counts: list[int] = []
        if key in counted:
            tally, missing = counted[key]
            counts = [tally.get(k, 0) for k in range(len(answer.senses) + 1)]  # and no cue: see count_senses
            own = own_words(item.lemma, item.is_phrase)
            for part in loader.items(missing):
                for k, c in enumerate(count_senses(answer.senses, part.occurrences, own)):
                    counts[k] += c
        enrich_counted(item, answer, counts)
