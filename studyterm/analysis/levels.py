"""Word levels: wordfreq family frequency → rank → 1k band (K1 … K10, off-list), and CEFR.

Method (documented in the README):

* **Family frequency.** wordfreq gives frequencies of word *forms*. A lemma's family frequency is
  the sum over its regular inflections (`inflect.forms_of`), so *preserve* ranks by *preserve*,
  *preserves*, *preserved*, *preserving* together, and *bloodiest* by the family of *bloody*.
* **Family rank.** The rank of a frequency among families, not among word forms: we fold
  wordfreq's English list into families once per process (each form added to its most frequent
  regular base, `inflect.bases_of`) and count how many families are more frequent. This is what
  "vocabulary size in word families" (the learner's level) is measured against.
* **Band.** K1 = ranks 1–1000, … K10 = 9001–10000, beyond that "off-list".
* **CEFR.** From the `cefrpy` data (levels per word and Penn POS) when it knows the lemma; else
  estimated from the family rank with the thresholds in `_RANK_TO_CEFR` (a coarse estimate: raw
  frequency lands within one CEFR step of word lists less than half the time on news text, which
  is why the list comes first).
"""

from __future__ import annotations

import bisect
import importlib.util
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from studyterm.analysis.datacache import cached
from studyterm.analysis.inflect import bases_of, forms_of

__all__ = [
    "CEFR_LEVELS",
    "LEVEL_RANKS",
    "Difficulty",
    "Level",
    "band_of_rank",
    "difficulty",
    "family_frequency",
    "level_of",
    "rank_of_frequency",
]

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
TABLE_SIZE = 120_000
BASE_MIN_RATIO = 0.3  # word forms of wordfreq's list folded into families; enough for ranks ~40k

# Family rank → estimated CEFR when cefrpy does not know the word. Upper bounds, inclusive.
_RANK_TO_CEFR = ((800, "A1"), (1800, "A2"), (3500, "B1"), (5000, "B2"), (10000, "C1"))

# The vocabulary sizes (family ranks) each level stands for, inclusive (the ranges of the
# frequency estimate, `_RANK_TO_CEFR`); C2 is open-ended.
LEVEL_RANKS: dict[str, tuple[int, int]] = {
    "A1": (1, 800),
    "A2": (801, 1800),
    "B1": (1801, 3500),
    "B2": (3501, 5000),
    "C1": (5001, 10_000),
    "C2": (10_001, 20_000),
}

_PENN = {"NOUN": "NN", "VERB": "VB", "ADJ": "JJ", "ADV": "RB", "PROPN": "NNP"}


@dataclass(frozen=True)
class Level:
    rank: int | None
    zipf: float
    band: str
    cefr: str
    cefr_source: str  # "cefrpy" or "frequency"


@lru_cache(maxsize=1)
def _freq_dict() -> dict[str, float]:
    """wordfreq's English frequencies (its "best" list), from the user's cache (`datacache`):
    ~0.25 s to decompress from wordfreq's own file, a tenth of that from the cache."""
    return cached(
        "wordfreq-en",
        _wordfreq_dict,
        sources=_package_files("wordfreq", "*.py", "data/*_en.msgpack.gz"),
        lookup=True,
    )


def _wordfreq_dict() -> dict[str, float]:
    from wordfreq import get_frequency_dict  # loaded only to fill the cache

    return dict(get_frequency_dict("en"))


def _package_files(package: str, *patterns: str) -> list[Path]:
    """The files of an installed package a cached table is built from (its data and code), so
    upgrading the package rebuilds the table."""
    spec = importlib.util.find_spec(package)
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    return sorted(f for folder in folders for pattern in patterns for f in Path(folder).glob(pattern))


@lru_cache(maxsize=1)
def _family_table() -> list[float]:
    """Family frequencies of wordfreq's list, ascending (for bisect). ~0.3 s to fold; once, then
    from the user's cache."""
    return cached(
        "family-table",
        _fold_families,
        sources=_package_files("wordfreq", "*.py", "data/*_en.msgpack.gz"),
        code=[__name__, "studyterm.analysis.inflect"],
    )


def _fold_families() -> list[float]:
    freqs = _freq_dict()
    families: dict[str, float] = {}
    for i, (word, freq) in enumerate(freqs.items()):
        if i >= TABLE_SIZE:
            break
        if not word.isalpha():
            continue
        base = word
        # a base must be a word in its own right, not a rare string: *minister* is not a form of
        # "minist", *computer* not one of *compute*, but *preserved* is one of *preserve*.
        best = freq * BASE_MIN_RATIO
        for cand in bases_of(word):
            cf = freqs.get(cand, 0.0)
            if cf > best:
                base, best = cand, cf
        families[base] = families.get(base, 0.0) + freq
    return sorted(families.values())


def family_frequency(lemma: str, pos: str) -> float:
    """Sum of wordfreq frequencies of the lemma's regular forms.

    A hyphenated compound (*cross-border*, *people-to-people*) is as frequent as its rarest part:
    a learner who knows every part can read it, and wordfreq has no figure for the whole.
    """
    freqs = _freq_dict()
    if "-" in lemma:
        parts = [p for p in lemma.split("-") if p.isalpha() and len(p) > 2]
        if not parts:
            return 0.0
        return min(max(family_frequency(p, part_pos) for part_pos in ("NOUN", "VERB", "ADJ")) for p in parts)
    # each form once, added from the most frequent down, the order `_fold_families` adds a
    # family's forms in: the sum is then the very number the table holds for the family, whatever
    # PYTHONHASHSEED (a set's order moved its last bit, and ranks by one, from run to run)
    found = (freqs.get(form, 0.0) for form in dict.fromkeys(forms_of(lemma, pos)))
    return sum(sorted(found, reverse=True))


def rank_of_frequency(freq: float) -> int | None:
    """1-based family rank of a frequency: how many families are at least as frequent, plus one."""
    if freq <= 0.0:
        return None
    table = _family_table()
    return len(table) - bisect.bisect_right(table, freq) + 1


def band_of_rank(rank: int | None) -> str:
    if rank is None or rank > 10_000:
        return "off-list"
    return f"K{(rank - 1) // 1000 + 1}"


def cefr_of_rank(rank: int | None) -> str:
    if rank is None:
        return "C2"
    for bound, level in _RANK_TO_CEFR:
        if rank <= bound:
            return level
    return "C2"


@lru_cache(maxsize=1)
def _cefr_table() -> dict[str, str]:
    """cefrpy's levels of the POS we ask about, as "word TAG" → level name, from the user's
    cache: the same answers as `cefrpy.CEFRAnalyzer` without reading and validating its data
    (~0.2 s) in every process."""
    return cached(
        "cefrpy-levels",
        _read_cefrpy,
        sources=_package_files("cefrpy", "*.py", "*.bin"),
        code=[__name__],
        lookup=True,
    )


def _read_cefrpy() -> dict[str, str]:
    import cefrpy  # reads its word data on import

    tags = set(_PENN.values())
    table: dict[str, str] = {}
    for word, tag, level in cefrpy.CEFRAnalyzer().yield_word_pos_level(pos_tag_as_string=True):
        if tag in tags:
            table.setdefault(f"{word} {tag}", str(level.name))
    return table


def cefr_from_list(lemma: str, pos: str) -> str | None:
    """CEFR level of (lemma, POS) from cefrpy, or None when it does not know that pair."""
    tag = _PENN.get(pos)
    if tag is None or not lemma.isascii() or not lemma.replace("-", "").isalpha():
        return None
    return _cefr_table().get(f"{lemma.lower()} {tag}")


@lru_cache(maxsize=65_536)
def level_of(lemma: str, pos: str) -> Level:
    """Rank, Zipf, band and CEFR level of a lemma with a coarse POS."""
    freq = family_frequency(lemma, pos)
    rank = rank_of_frequency(freq)
    zipf = round(math.log10(freq * 1e9), 2) if freq > 0 else 0.0
    cefr = cefr_from_list(lemma, pos)
    source = "cefrpy"
    if cefr is None:
        cefr, source = cefr_of_rank(rank), "frequency"
    return Level(rank=rank, zipf=zipf, band=band_of_rank(rank), cefr=cefr, cefr_source=source)


@dataclass(frozen=True)
class Difficulty:
    """The difficulty model's answer for one item (see `difficulty`)."""

    cefr: str
    source: str  # "glossary", "cefrpy", "frequency", "phrase list"
    rank: int  # the vocabulary size (word families) at which a Chinese learner knows the item


def _step(level: str) -> int:
    return CEFR_LEVELS.index(level)


def difficulty(
    rank: int | None, listed: str | None, authored: str | None, authored_source: str = "glossary"
) -> Difficulty:
    """One difficulty for a Chinese learner from three sources (documented in the README).

    * `authored`: the level our glossary (or phrase list) gives the item, judged entry by entry
      for a Chinese learner: everyday and school words are early whatever their news frequency
      (*sofa, tooth, timetable* A1–A2), news words late whatever a general list says (*uphold,
      momentum, imminent* C1).
    * `listed`: cefrpy's level for the lemma and part of speech.
    * the frequency estimate: the family rank's level (`cefr_of_rank`).

    The level: the authored one when there is one. Without it, cefrpy's level when it is within
    one step of the frequency estimate; when the two are two or more steps apart, the step next
    to the frequency estimate in cefrpy's direction (cefrpy's A1/A2 labels on news words and
    frequency's C1 on everyday words are the usual disagreements, and neither alone is right).
    The rank: the family rank, moved into the level's range of vocabulary sizes
    (`LEVEL_RANKS`): a rare word a learner knows early (*sofa*, rank ~9,000, A1) counts as known
    from 800 families; a common word learnt late (*momentum*, C1) not before 5,001.
    """
    estimate = cefr_of_rank(rank)
    if authored in LEVEL_RANKS:
        level, source = authored, authored_source
    elif listed in LEVEL_RANKS:
        gap = _step(listed) - _step(estimate)
        if abs(gap) <= 1:
            level, source = listed, "cefrpy"
        else:
            level = CEFR_LEVELS[_step(estimate) + (1 if gap > 0 else -1)]
            source = "cefrpy+frequency"
    else:
        level, source = estimate, "frequency"
    low, high = LEVEL_RANKS[level]
    if rank is None:
        eff = (low + high) // 2
    else:
        eff = min(max(rank, low), high if level != "C2" else max(rank, low))
    return Difficulty(level, source, eff)
