"""Which sense of an entry fits a sentence: the one whose cue words the sentence holds most.

Senses come from the built-in glossary: rows of one headword and part of speech, most common
sense in news first, each with a few English cue words that typically surround that sense (*kite*
the toy: fly string wind; the bird: bird prey hawk). A sentence's words are compared with the cues
after a crude stemming (plural and verb endings, a final e, a doubled last letter off), so
*flying* meets the cue *fly* and *pressures* the cue *pressure*. With no
cue in the sentence, the sense the word's other sentences in the text point to is the answer
(one sense per text), and with none anywhere the first (commonest) sense: cues only ever move
the choice away from the default on evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyterm.model import Occurrence

__all__ = [
    "Cued",
    "evidence_counts",
    "order_senses",
    "own_words",
    "pick_by_cues",
    "pick_each",
    "scored_picks",
    "text_sense",
]

_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Cued:
    """One sense with its cue words."""

    gloss: str | None
    definition: str | None = None
    cues: frozenset[str] = field(default_factory=frozenset)


def _stem(word: str) -> str:
    """A crude stem that a word's regular forms share: plural and verb endings off, then a final
    *e* and a doubled last letter (*pressure, pressures* and *vote, voted, voting* meet, and
    *stop, stopped*, *control, controlled*)."""
    return _stem_and_flag(word)[0]


def _e_flag(word: str) -> str:
    """What `_stem` can tell of a final *e*: "e" when one came off (*fare*, *plane*), "-" when
    the word can have had none (*far*, *planning*: a bare word, or a doubled last letter), ""
    when its ending hid it (*voting*, *fares*)."""
    return _stem_and_flag(word)[1]


# Words whose final *s* is no plural ending: *news* is no form of *new*, and a cue *news* (the
# story broke) must not meet every sentence with *new* in it.
_NO_PLURAL = frozenset({"news"})


@lru_cache(maxsize=65536)
def _stem_and_flag(word: str) -> tuple[str, str]:
    """`_stem` and `_e_flag` of a word, found in one pass."""
    if word in _NO_PLURAL:
        return word, "-"
    base = word
    stripped = False
    for suffix in ("ing", "ies", "ied", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "i", ""  # *studies*, *movies*: as *study*, *movie* end (below)
            stripped = True
            break
    doubled = len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiou"
    final_e = len(base) > 3 and base.endswith("e")
    if final_e and not (stripped and doubled):
        flag = "e"
    elif stripped and not doubled:
        flag = ""  # *voting*: vote or vot, the ending hid it
    else:
        flag = "-"
    if final_e:
        base = base[:-1]
    if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiou":
        base = base[:-1]
    if len(base) > 3 and base[-1] == "y":
        base = base[:-1] + "i"  # *study* meets *studies*, as *movie* (movi) meets *movies*
    return base, flag


@lru_cache(maxsize=4096)
def _stem_words(sentence: str) -> dict[str, set[str]]:
    """The sentence's stems, each with its words."""
    words: dict[str, set[str]] = {}
    for w in _WORD.findall(sentence.lower()):
        words.setdefault(_stem(w), set()).add(w)
    return words


def _same_word(sentence: str, stems: frozenset[str], cue: str) -> bool:
    """Whether the sentence's words with the cue's stems can be forms of the cue itself: a
    bare word is no form of a cue whose e came off (*far* of *fare*, *hopping* of *hope*), nor
    a word whose e came off one of a bare cue (*plane* of *plan*); a form whose ending hid it
    (*fares*, *hoping*) may be either."""
    words = _stem_words(sentence)
    if cue not in _FUNCTION_WORDS and any(
        (found := words.get(stem)) and found <= _FUNCTION_WORDS for stem in stems & _FUNCTION_STEMS
    ):
        return False  # *not* is no form of the cue *notes*, *can* none of *canes*, *will* of *willing*
    flag = _e_flag(cue)
    if not flag or "-" in cue:
        return True
    fits = ("", flag)  # a form whose ending hid its e, or one that has the cue's
    return all(not (found := words.get(stem)) or any(_e_flag(w) in fits for w in found) for stem in stems)


# bare function words: none is a form of a cue that shares its stem
_FUNCTION_WORDS = frozenset({"not", "can", "will", "may", "might", "must", "one", "only", "even", "still"})
_FUNCTION_STEMS = frozenset(_stem(w) for w in _FUNCTION_WORDS)


def _words(sentence: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(sentence.lower())}


def _between(span: str, own: frozenset[str]) -> set[str]:
    """The stems of the words inside an expression's span but its first and last (its verb and
    particle as written: *woke up to*, *sank in* are no context), its own words and the words
    that fill a slot without saying what with (*look things up* is no *things are looking up*)."""
    inner = _WORD.findall(span.lower())[1:-1]
    return {stem for w in inner if (stem := _stem(w)) not in own and stem not in _PLACEHOLDERS}


# nouns that stand for whatever fills a slot: no evidence of an expression's sense there
_PLACEHOLDERS = frozenset(
    _stem(w)
    for w in "thing things something anything everything nothing stuff lot lots one ones".split()  # noqa: SIM905
)


@lru_cache(maxsize=16384)
def own_words(lemma: str, is_phrase: bool) -> frozenset[str]:
    """What `pick_each` is told of an item's own words: an expression's stems (its slots' names
    too, which no text has), so that the other words of its span, its object and what comes
    between (*tie your money up*, *wipe a family out*), count as cues for its senses; none for
    a word, whose span holds only itself."""
    return frozenset(_stem(w) for w in _WORD.findall(lemma.lower())) if is_phrase else frozenset()


# Cue words that occur in almost any sentence: they count only right after the word itself
# (*appeal for*, *identify with*, *a measure of*), never from elsewhere in the sentence.
_NEIGHBOUR_WORDS = (
    "a an the of in on at to for with by from as and or but into onto about over under up down "
    "out off away back through i you he she it we they me him her us them his its our your their "
    "my this that these those is are was were be been new some full first second third one two "
    "more most many much very all any other own"
)
_NEIGHBOUR_ONLY = frozenset(_NEIGHBOUR_WORDS.split())


def pick_each(
    cues: list[frozenset[str]], occurrences: Iterable[Occurrence], own: frozenset[str] = frozenset()
) -> Iterator[int]:
    """`pick_by_cues` for each occurrence in its sentence, except that an occurrence whose
    sentence holds no cue of any sense takes the sense of the text (`text_sense`): a word keeps
    one sense through a text (*ice shelf* … *the shelf that remains*), and a cue in one
    sentence is evidence for the others. The text is the occurrences given: an episode's, or
    those of every episode of a list. `own`: an expression's own words (`own_words`)."""
    picks = scored_picks(cues, occurrences, own)
    counts = evidence_counts(picks, max(len(cues), 1))
    usual = text_sense(counts[:-1], counts[-1])
    for sense, score in picks:
        yield sense if score > 0 else usual


def evidence_counts(picks: Iterable[tuple[int, int]], senses: int) -> list[int]:
    """How many of `scored_picks`' occurrences each of `senses` senses' cue words pick, in the
    entry's order, and last how many hold no cue of any sense."""
    counts = [0] * (senses + 1)
    for sense, score in picks:
        counts[sense if score > 0 else -1] += 1
    return counts


def scored_picks(
    cues: list[frozenset[str]], occurrences: Iterable[Occurrence], own: frozenset[str] = frozenset()
) -> list[tuple[int, int]]:
    """For each occurrence, the sense its sentence's cue words pick (`pick_by_cues`) and how
    many of that sense's cues it holds (0: no evidence, the first sense by default). Each
    sentence (and place in it) is picked once: a long transcript repeats its sentences (a
    2.4-million-word file took seconds, sentence by sentence). `own`: see `own_words`."""
    seen: dict[tuple[str, int, int], tuple[int, int]] = {}
    picks: list[tuple[int, int]] = []
    for occ in occurrences:
        place = (occ.sentence, occ.sent_start, occ.sent_end)
        pick = seen.get(place)
        if pick is None:
            pick = seen[place] = _scored(cues, occ.sentence, (occ.sent_start, occ.sent_end), own)
        picks.append(pick)
    return picks


def text_sense(evidence: Sequence[int], plain: int) -> int:
    """The sense of a text's occurrences with no cue in their sentence: the one with most votes,
    a vote from each occurrence with evidence for the sense it fits (`evidence[k]` of them for
    sense k) and half a vote for the first (commonest) sense from each of the `plain` ones
    without. So one loose cue among many plain uses of *company* does not make them all 剧团,
    and with no evidence at all the first sense stays."""
    votes = [2 * n for n in evidence]
    votes[0] += plain
    return max(range(len(votes)), key=lambda k: (votes[k], -k))


def pick_by_cues(cues: list[frozenset[str]], sentence: str, span: tuple[int, int] | None = None) -> int:
    """Index of the cue set the sentence holds most words of; 0 on a tie or no evidence."""
    return _scored(cues, sentence, span)[0]


def _scored(
    cues: list[frozenset[str]], sentence: str, span: tuple[int, int] | None, own: frozenset[str] = frozenset()
) -> tuple[int, int]:
    """`pick_by_cues` with the number of cue words the picked sense met (0: no evidence)."""
    if len(cues) < 2:
        return 0, 0
    if span is not None:
        start, end = span
        after, words = _around(sentence, start, end)
        if own:  # an expression's words between its own (*tie your money up*) are its context
            words = words | _between(sentence[start:end], own)
        itself = sentence[start:end].lower()  # a cue may name a form (*spectacles*: glasses)
    else:
        after = itself = None
        words = _words(sentence)
    best, best_score = 0, 0
    for i, sense_cues in enumerate(cues):
        score = 0
        for cue, neighbour_only, stems in _plan(sense_cues):
            if cue == itself or (
                cue == after if neighbour_only else stems <= words and _same_word(sentence, stems, cue)
            ):
                score += 1
        if score > best_score:
            best, best_score = i, score
    return best, best_score


@lru_cache(maxsize=65536)
def _plan(cues: frozenset[str]) -> tuple[tuple[str, bool, frozenset[str]], ...]:
    """Each cue of a sense with what `pick_by_cues` asks of it, worked out once per cue set:
    whether it counts only right after the word, and the stems a sentence holds it by (a
    hyphenated cue, *red-crowned*, by each of its parts, as the sentence's words are split at
    hyphens too)."""
    return tuple((cue, cue in _NEIGHBOUR_ONLY, frozenset(_cue_stems(cue))) for cue in cues)


@lru_cache(maxsize=4096)
def _tokens(sentence: str) -> tuple[tuple[int, int, str, str], ...] | None:
    """The sentence's words with where they are and their stems, found once per sentence: every
    word of a sentence that has senses asks, and the analysis and the glosses both ask. None
    when lower-casing changes the sentence's length (*İ*), so the places would not hold."""
    lower = sentence.lower()
    if len(lower) != len(sentence):
        return None
    return tuple((m.start(), m.end(), m.group(), _stem(m.group())) for m in _WORD.finditer(lower))


def _around(sentence: str, start: int, end: int) -> tuple[str | None, set[str]]:
    """The first word after [start, end) and the stems of the sentence's words outside it: the
    words of `sentence[:start] + " " + sentence[end:]`, a word cut by the span counting for the
    part outside it."""
    tokens = _tokens(sentence)
    if tokens is None:
        rest = _WORD.findall(sentence[end:].lower())
        return (rest[0] if rest else None), _words(sentence[:start] + " " + sentence[end:])
    words: set[str] = set()
    after: str | None = None
    for a, b, word, stem in tokens:
        if b <= start or a >= end:
            piece = word
        else:
            left = word[: start - a] if a < start else ""
            right = word[end - a :] if b > end else ""
            if left:
                words.add(_stem(left))
            if not right:
                continue
            piece, stem = right, _stem(right)
        if after is None and (a >= end or b > end):
            after = piece  # the first word (or the part of one) after the span
        words.add(stem)
    return after, words


@lru_cache(maxsize=65536)
def _cue_stems(cue: str) -> tuple[str, ...]:
    """The stems of a cue's parts, found once per cue (every occurrence of a word with senses
    asks about every cue of the word)."""
    return tuple(_stem(part) for part in cue.split("-") if part)


def order_senses(count: int, picked: list[int]) -> list[int]:
    """Sense indices with the one most occurrences picked first, then the rest in entry order."""
    if not picked:
        return list(range(count))
    tally = Counter(picked)
    top = max(range(count), key=lambda i: (tally.get(i, 0), -i))
    return [top, *(i for i in range(count) if i != top)]
