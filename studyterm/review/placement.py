"""The placement test: a yes/no vocabulary-size test, in the manner of Meara's checklist tests.

The learner sees 60 words, one at a time, and says whether they know each. 42 are real words
from the built-in glossary, one from each of 42 frequency ranges between family rank 250 and
14,000, the ranges equal in log scale (as many words between ranks 1,000 and 2,000 as between
5,000 and 10,000, so a small and a large vocabulary are measured to the same share). 18 are
*pseudo-words*: strings that look like English words but are none, made here by our own spelling
rules and checked against the frequency list and the glossary (`is_real_word`). Saying yes to a
pseudo-word shows how much the learner guesses, and the estimate corrects for it.

**The estimate.** A learner knows most words up to some vocabulary size N and few beyond: the
chance of knowing a word of family rank r is modelled as a falling logistic curve, 1 / (1 +
exp((r − N) / s)). A yes comes from knowing the word, or else from guessing with probability g,
the same for real and pseudo-words. The N, s and g that make the learner's answers most likely
(a grid search) give the size; where several N fit equally, their middle. Claiming half the
pseudo-words or more gives no estimate at all. The level is then that size, and the CEFR level
the frequency model gives it. A fresh sample each time keeps the test from being learnt; `seed`
fixes it for tests.

Everything here is plain Python and tested with simulated test-takers.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from studyterm.analysis.inflect import bases_of
from studyterm.analysis.levels import cefr_of_rank, family_frequency, rank_of_frequency
from studyterm.store import Store

__all__ = [
    "BANDS",
    "BAND_SIZE",
    "PSEUDO_WORDS",
    "REAL_WORDS",
    "TOP_RANK",
    "Item",
    "PlacementTest",
    "Result",
    "estimate",
    "is_real_word",
    "make_pseudowords",
    "make_test",
    "save_result",
]

BAND_SIZE = 1000  # the bands the explanation reports
BANDS = 14
TOP_RANK = BANDS * BAND_SIZE  # up to 14,000 word families
FIRST_RANK = 250  # the commonest words are known to every learner: sampling starts here
REAL_WORDS = 42
PSEUDO_WORDS = 18
UNRELIABLE_GUESSING = 0.5  # claiming half the pseudo-words or more: no estimate
_MIN_SIZE, _STEP = 100, 100
_SLOPES = (0.04, 0.12, 0.3)  # s as a share of N: a sharp edge … a gradual one
_GUESS_RATES = tuple(i / 50 for i in range(0, 31))  # 0 … 0.6


@dataclass(frozen=True)
class Item:
    """A word of the test: a real word with its family rank, or a pseudo-word (rank None)."""

    word: str
    rank: int | None

    @property
    def is_pseudo(self) -> bool:
        return self.rank is None


# -- the words -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _glossary_words() -> dict[str, tuple[str, ...]]:
    """Headword → its parts of speech, from the built-in glossary (package data, read only)."""
    text = resources.files("studyterm.data").joinpath("glossary.tsv").read_text(encoding="utf-8")
    words: dict[str, tuple[str, ...]] = {}
    for row in csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = row["headword"].strip().lower()
        pos = row["pos"].strip().upper()
        if pos not in words.get(word, ()):
            words[word] = (*words.get(word, ()), pos)
    return words


@lru_cache(maxsize=1)
def _ranked_words() -> tuple[tuple[str, int], ...]:
    """The glossary's plain single words up to the test's top rank, with their family rank (a
    word under several parts of speech counts at its most frequent), most frequent first."""
    out = []
    for word, tags in sorted(_glossary_words().items()):
        if not (word.isascii() and word.isalpha() and 3 <= len(word) <= 14):
            continue
        ranks = [r for pos in tags if (r := rank_of_frequency(family_frequency(word, pos)))]
        if ranks and min(ranks) <= TOP_RANK:
            out.append((word, min(ranks)))
    return tuple(sorted(out, key=lambda wr: (wr[1], wr[0])))


def _strata() -> list[tuple[int, int]]:
    """`REAL_WORDS` rank ranges, equal in log scale from `FIRST_RANK` to `TOP_RANK`: as many
    words between 1,000 and 2,000 as between 5,000 and 10,000, so every size is measured to about
    the same share."""
    step = (TOP_RANK / FIRST_RANK) ** (1 / REAL_WORDS)
    edges = [round(FIRST_RANK * step**i) for i in range(REAL_WORDS + 1)]
    return list(itertools.pairwise(edges))


def is_real_word(word: str) -> bool:
    """A word (or a regular form of one) that the frequency list or the glossary knows."""
    from wordfreq import word_frequency  # loaded once by the levels already

    if word in _glossary_words() or word_frequency(word, "en") > 0:
        return True
    return any(base in _glossary_words() or word_frequency(base, "en") > 0 for base in bases_of(word))


# Pseudo-words are built from English spelling patterns: syllables of onset + vowel, a coda on the
# last, often a common suffix, so they look like words a learner might have met.
_ONSETS = (
    "b",
    "bl",
    "br",
    "c",
    "cl",
    "cr",
    "d",
    "dr",
    "f",
    "fl",
    "fr",
    "g",
    "gl",
    "gr",
    "h",
    "l",
    "m",
    "n",
    "p",
    "pl",
    "pr",
    "r",
    "s",
    "sc",
    "sl",
    "sp",
    "st",
    "str",
    "t",
    "tr",
    "v",
    "w",
    "ch",
    "sh",
    "th",
)
_INNER = ("b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "nd", "st", "nt", "rt")
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ee", "oa", "ou")
_CODAS = (
    "",
    "ck",
    "d",
    "g",
    "l",
    "ld",
    "m",
    "mp",
    "n",
    "nd",
    "nt",
    "p",
    "r",
    "rd",
    "rn",
    "s",
    "st",
    "t",
    "sk",
    "ft",
)
_SUFFIXES = (
    "",
    "",
    "ate",
    "ity",
    "ment",
    "ous",
    "ive",
    "ness",
    "ise",
    "al",
    "ic",
    "er",
    "ion",
    "ary",
    "ent",
    "ure",
    "ish",
    "ance",
    "ly",
    "ed",
    "ing",
)


def _pseudo_candidate(rng: random.Random) -> str:
    syllables = rng.choice((1, 2, 2, 3))
    word = rng.choice(_ONSETS) + rng.choice(_VOWELS)
    for _ in range(syllables - 1):
        word += rng.choice(_INNER) + rng.choice(_VOWELS[:9])  # plain vowels inside a word
    word += rng.choice(_CODAS)
    suffix = rng.choice(_SUFFIXES)
    if suffix and word[-1] in "aeiou" and suffix[0] in "aeiou":
        word = word[:-1]
    return word + suffix


def make_pseudowords(n: int, rng: random.Random) -> list[str]:
    """`n` different pseudo-words of 5–11 letters, none a real word or a form of one."""
    out: list[str] = []
    while len(out) < n:
        word = _pseudo_candidate(rng)
        if 5 <= len(word) <= 11 and word not in out and not is_real_word(word):
            out.append(word)
    return out


def make_test(seed: int | None = None) -> list[Item]:
    """A fresh test: a real word from each of `REAL_WORDS` frequency ranges and `PSEUDO_WORDS`
    pseudo-words, in a random order."""
    rng = random.Random(seed)
    words = _ranked_words()
    ranks = [rank for _, rank in words]
    items = []
    for low, high in _strata():
        pool = words[bisect.bisect_left(ranks, low) : bisect.bisect_left(ranks, high)]
        if pool:
            items.append(Item(*rng.choice(pool)))
    items += [Item(word, None) for word in make_pseudowords(PSEUDO_WORDS, rng)]
    rng.shuffle(items)
    return items


# -- the estimate --------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """What the answers say: the vocabulary size and how it was reached."""

    size: int | None  # word families; None when guessing was too high to tell
    cefr: str | None
    band_yes: tuple[tuple[int, int], ...]  # per band: (yes, asked)
    false_alarms: int  # pseudo-words claimed
    pseudo: int  # pseudo-words asked
    guess_rate: float  # the model's g

    @property
    def reliable(self) -> bool:
        return self.size is not None

    def explanation(self) -> list[str]:
        """How the estimate was reached, in a few lines for the learner."""
        real_yes = sum(y for y, _ in self.band_yes)
        real = sum(n for _, n in self.band_yes)
        lines = [
            f"You said you know {real_yes} of {real} real words, sampled across the "
            f"{TOP_RANK:,} commonest word families of English, and {self.false_alarms} of "
            f"{self.pseudo} made-up words that only look English.",
            "Known per band: "
            + "  ".join(f"{(i + 1)}k {y}/{n}" for i, (y, n) in enumerate(self.band_yes) if n),
        ]
        if self.size is None:
            lines.append(
                "Many made-up words got a yes, so the answers cannot tell your "
                "vocabulary size: your level is unchanged. Say yes only to words "
                "you could explain."
            )
            return lines
        if self.false_alarms:
            lines.append(
                f"Each yes to a made-up word suggests some yeses were guesses, so the "
                f"estimate discounts them (a guess rate of about {self.guess_rate:.0%})."
            )
        lines.append(
            f"The curve that fits your answers best puts the edge of what you know at "
            f"about {self.size:,} word families ({self.cefr})."
        )
        return lines


def _fit(answers: Sequence[tuple[Item, bool]]) -> tuple[int, float]:
    """The (size, guess rate) of the best fit: the log-likelihood of the answers over a grid of
    sizes, slopes and guess rates at once (numpy), then the middle of the near-best."""
    import numpy as np  # with spaCy already; only the estimate needs it

    ranks = np.array([np.inf if item.rank is None else item.rank for item, _ in answers])
    yes = np.array([said for _, said in answers], dtype=bool)
    sizes = np.arange(_MIN_SIZE, TOP_RANK + 1, _STEP, dtype=float)[:, None, None, None]
    slopes = np.array(_SLOPES)[None, :, None, None] * sizes
    guesses = np.array(_GUESS_RATES)[None, None, :, None]
    with np.errstate(over="ignore", invalid="ignore"):
        known = 1.0 / (1.0 + np.exp(np.clip((ranks - sizes) / slopes, -700, 700)))
    known = np.where(np.isinf(ranks), 0.0, known)  # a pseudo-word is never known
    p = np.clip(known + (1.0 - known) * guesses, 1e-6, 1 - 1e-6)
    ll = np.where(yes, np.log(p), np.log(1.0 - p)).sum(axis=-1)
    near = np.argwhere(ll >= ll.max() - 0.05)
    size = float(sizes[near[:, 0], 0, 0, 0].mean())
    guess = float(np.array(_GUESS_RATES)[near[:, 2]].mean())
    return round(size / 50) * 50, guess


def estimate(answers: Sequence[tuple[Item, bool]]) -> Result:
    """The vocabulary size the answers (item, said yes) point to (see the module's docstring)."""
    band_yes = [[0, 0] for _ in range(BANDS)]
    false_alarms = pseudo = 0
    for item, yes in answers:
        if item.rank is None:
            pseudo += 1
            false_alarms += yes
        else:
            band = band_yes[min(BANDS, (item.rank - 1) // BAND_SIZE + 1) - 1]
            band[0] += yes
            band[1] += 1
    bands = tuple((y, n) for y, n in band_yes)
    if pseudo and false_alarms / pseudo >= UNRELIABLE_GUESSING:
        return Result(None, None, bands, false_alarms, pseudo, false_alarms / pseudo)
    size, guess = _fit(answers)
    return Result(size, cefr_of_rank(size), bands, false_alarms, pseudo, guess)


class PlacementTest:
    """One sitting: the items in order, the answers so far, going back one."""

    def __init__(self, items: Sequence[Item]) -> None:
        self.items = list(items)
        self.answers: list[bool] = []

    @property
    def current(self) -> Item | None:
        return self.items[len(self.answers)] if not self.done else None

    @property
    def done(self) -> bool:
        return len(self.answers) >= len(self.items)

    def answer(self, known: bool) -> None:
        if not self.done:
            self.answers.append(known)

    def back(self) -> bool:
        """Take the last answer back; False when there was none."""
        if not self.answers:
            return False
        self.answers.pop()
        return True

    def result(self) -> Result:
        return estimate(list(zip(self.items, self.answers, strict=False)))


def save_result(store: Store, result: Result) -> None:
    """Keep the estimate as the learner's level (an unreliable one changes nothing), and when
    the test was taken."""
    from datetime import date

    if result.size is not None:
        store.set_setting("level", str(result.size))
        store.set_setting("placement.size", str(result.size))
        store.set_setting("placement.date", date.today().isoformat())
