"""Which sense of a dictionary entry an item's occurrences have, counted once and kept.

`enrich` gives an item the sense most of its occurrences fit first (`senses.pick_each` on each
occurrence's sentence). A word list of a whole archive merges a word's items of every episode,
and picking the sense of each of their occurrences again meant decoding them all. So the count
of each sense is made when an analysis is stored (`sense_tally`, for the entry the built-in
dictionaries give the item), kept under a digest of the entry's cue words (`cues_key`: the pick
depends on nothing else), and a list adds the counts up (`enrich_counted`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import chain, repeat

from studyterm.analysis.senses import (
    Cued,
    evidence_counts,
    order_senses,
    own_words,
    pick_each,
    scored_picks,
    text_sense,
)
from studyterm.lexicon.lookup import Entry, Lexicon
from studyterm.model import Occurrence, Sense, VocabItem

__all__ = ["COMMON", "count_senses", "cues_key", "enrich_counted", "sense_tally"]


def cues_key(senses: Sequence[Cued]) -> str:
    """A digest of the cue words of an entry's senses, in order: what a sense pick depends on."""
    return _cues_key(tuple(senses))


@lru_cache(maxsize=4096)
def _cues_key(senses: tuple[Cued, ...]) -> str:  # an entry's senses are one tuple, looked up often
    text = json.dumps([sorted(c.cues) for c in senses], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


COMMON = 2000
"""Words among the commonest this many word families (by the difficulty model) are below every
usual level (the lowest exam level is 4,000): their senses are counted when a list gives them
(a beginner's, or a word marked new), not with every analysis stored."""


def _picks(senses: Sequence[Cued], occurrences: Iterable[Occurrence], own: frozenset[str]) -> Iterable[int]:
    return pick_each([s.cues for s in senses], occurrences, own)


def count_senses(
    senses: Sequence[Cued], occurrences: Iterable[Occurrence], own: frozenset[str] = frozenset()
) -> list[int]:
    """How many of the occurrences each sense's cue words pick (`senses.scored_picks`), in the
    entry's order, and last how many hold no cue of any sense: these take the sense of the
    text they are read in (`senses.text_sense`), which a list of several episodes works out
    from the counts of them all (`settled`). `own`: the item's `senses.own_words`."""
    return evidence_counts(scored_picks([s.cues for s in senses], occurrences, own), len(senses))


def settled(counts: Sequence[int]) -> list[int]:
    """The occurrences each sense has (what `pick_each` gives them), from `count_senses`'s
    counts added up: those with no cue are given the sense of the text."""
    evidence, plain = list(counts[:-1]), counts[-1]
    if evidence:
        evidence[text_sense(evidence, plain)] += plain
    return evidence


def sense_tally(lexicon: Lexicon | None = None) -> Callable[[VocabItem], tuple[str, list[int]] | None]:
    """For the store (`store.word_lists.SenseTally`): an item's sense counts under the entry
    `lexicon` (by default the built-in dictionaries) gives it, when that entry has several and
    the word is not among the `COMMON` ones."""
    lex = lexicon or Lexicon()

    def tally(item: VocabItem) -> tuple[str, list[int]] | None:
        rank = item.difficulty if item.difficulty is not None else item.rank
        if rank is not None and rank <= COMMON and not item.suspect:
            return None
        entry = lex.lookup(item.lemma, item.pos, tuple(item.forms))
        if entry is None or not entry.senses:
            return None
        own = own_words(item.lemma, item.is_phrase)
        return cues_key(entry.senses), count_senses(entry.senses, item.occurrences, own)

    return tally


def enrich_counted(item: VocabItem, entry: Entry, counts: Sequence[int]) -> None:
    """Fill an item as `enrich` does from the entry `lexicon.lookup` gave it, its senses ordered
    by `counts` (the occurrences each of the entry's senses fits: `count_senses`, added up);
    its occurrences, when made, carry the sense that fits each."""
    item.gloss = entry.gloss
    item.definition = entry.definition
    item.pronunciation = entry.pronunciation
    item.tags = list(entry.tags)
    if not entry.senses:
        item.senses = [Sense(entry.gloss, entry.definition)]
        return
    senses = entry.senses
    have = settled(counts) if counts else []  # no counts: the entry's order
    order = order_senses(len(senses), list(chain.from_iterable(repeat(k, n) for k, n in enumerate(have))))
    where = {old: new for new, old in enumerate(order)}
    item.senses = [Sense(senses[i].gloss, senses[i].definition) for i in order]
    item.gloss = item.senses[0].gloss
    item.definition = item.senses[0].definition
    made = item.__dict__["occurrences"]
    own = own_words(item.lemma, item.is_phrase)
    if isinstance(made, list):
        item.occurrences = _sensed(made, senses, where, own)
    else:  # a packed item's: made when first read, as the others
        first = item.__dict__.get("_first")
        item.__dict__["occurrences"] = lambda: _sensed(made(), senses, where, own)
        if first is not None:
            item.__dict__["_first"] = first


def _sensed(
    occurrences: list[Occurrence], senses: Sequence[Cued], where: dict[int, int], own: frozenset[str]
) -> list[Occurrence]:
    return [
        occ if occ.sense == where[p] else replace(occ, sense=where[p])
        for occ, p in zip(occurrences, _picks(senses, occurrences, own), strict=True)
    ]
