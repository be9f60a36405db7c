"""What the analysis knows about words besides spaCy's tags: is a string a word at all, and what
level our glossary's authors gave it.

Sources, all used as they come: the built-in glossary (`data/glossary.tsv`, authored by us, with
a level per headword and part of speech judged for a Chinese learner), cefrpy's word list, and
wordfreq's frequencies. The glossary's rows are read here directly (headword, POS and level only)
because the analysis sits below the lexicon layer; the lexicon reads the glosses.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from studyterm.analysis.datacache import cached, data_file, package_tsv

__all__ = ["authored_level", "glossary_pos", "in_glossary", "is_known_word", "sense_levels", "word_zipf"]

_GLOSSARY = "glossary.tsv"
_PHRASES = "phrases.tsv"
# a word form wordfreq has seen this often (Zipf) is a word of English even when no list has it
KNOWN_ZIPF = 2.0
_ZIPF_MIN_FREQ = 1e-9  # the frequency of Zipf 0, wordfreq's answer for a word it lacks


_Senses = tuple[tuple[frozenset[str], str | None], ...]


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, dict[str, str | None]], dict[tuple[str, str], _Senses]]:
    """The glossary read once: headword (lower case) → {POS: authored level of its first row},
    and (headword, POS) → its senses' (cue words, level) where the senses differ in level
    (*bill*: 账单 A2, 法案 C1). Built from the TSV once, then loaded from the user's cache."""
    return cached(
        "glossary-levels", _build_indexes, sources=[data_file(_GLOSSARY)], code=[__name__], lookup=True
    )


def _build_indexes() -> tuple[dict[str, dict[str, str | None]], dict[tuple[str, str], _Senses]]:
    levels: dict[str, dict[str, str | None]] = {}
    senses: dict[tuple[str, str], list[tuple[frozenset[str], str | None]]] = {}
    for row in package_tsv(_GLOSSARY):
        head, pos = row["headword"].strip().lower(), row["pos"].strip().upper()
        level = (row.get("level") or "").strip().upper() or None
        levels.setdefault(head, {}).setdefault(pos, level)
        senses.setdefault((head, pos), []).append((frozenset((row.get("cues") or "").split()), level))
    return levels, {k: tuple(v) for k, v in senses.items() if len({lv for _, lv in v}) > 1}


def _glossary() -> dict[str, dict[str, str | None]]:
    return _indexes()[0]


def sense_levels(word: str, pos: str) -> _Senses:
    """The senses of a glossary entry whose senses differ in level, each as (cue words, level),
    commonest first; empty when its senses share one level."""
    return _indexes()[1].get((word, pos), ())


def in_glossary(word: str, pos: str | None = None) -> bool:
    """Whether the built-in glossary has the word (with this POS, or any POS)."""
    entry = _glossary().get(word)
    return entry is not None and (pos is None or pos in entry)


def echoes_expression(word: str, phrase: str) -> bool:
    """Whether one of the word's glossary senses says what the listed expression it is a word of
    says (*string* 一连串 in *a string of* 一连串, *unaccounted* 下落不明的 in *unaccounted for*
    下落不明): met only there, the word adds nothing to the expression on a list."""
    return (word, phrase) in _echoes()


@lru_cache(maxsize=1)
def _echoes() -> frozenset[tuple[str, str]]:
    return cached(
        "gloss-echoes",
        _build_echoes,
        sources=[data_file(_GLOSSARY), data_file(_PHRASES)],
        code=[__name__],
    )


_PARENTHESES = re.compile(r"（[^）]*）|\([^)]*\)")


def _gloss_parts(gloss: str) -> set[str]:
    """A gloss's senses compared as meanings: its parts between semicolons, without what
    parentheses add, a final 的 or 地, or ellipses (下落不明的 is 下落不明)."""
    parts = set()
    for part in re.split("[；;]", _PARENTHESES.sub("", gloss)):
        part = part.replace("……", "").replace("…", "").strip()
        if part.endswith(("的", "地")) and len(part) > 2:
            part = part[:-1]
        if len(part) >= 2:
            parts.add(part)
    return parts


def _build_echoes() -> frozenset[tuple[str, str]]:
    glosses: dict[str, set[str]] = {}
    for row in package_tsv(_GLOSSARY):
        glosses.setdefault(row["headword"].strip().lower(), set()).update(_gloss_parts(row["gloss"]))
    pairs: set[tuple[str, str]] = set()
    for row in package_tsv(_PHRASES):
        phrase = row["phrase"].strip().lower()
        parts = _gloss_parts(row["gloss"])
        for word in phrase.split():
            if parts & glosses.get(word, set()):
                pairs.add((word, phrase))
    return frozenset(pairs)


def glossary_pos(word: str) -> tuple[str, ...]:
    """The parts of speech the glossary has the word under."""
    return tuple(_glossary().get(word, {}))


def authored_level(word: str, pos: str) -> str | None:
    """The CEFR-style level the glossary's authors gave (word, POS), for a Chinese learner."""
    return _glossary().get(word, {}).get(pos)


@lru_cache(maxsize=65_536)
def word_zipf(word: str) -> float:
    """wordfreq's Zipf frequency of a word form, `wordfreq.zipf_frequency(word, "en")`.

    A word of lower-case ASCII letters (nearly every word asked about) is one token to wordfreq,
    so its answer is worked out here, step for step as wordfreq does, from the frequency table
    levels.py keeps in the user's cache: importing wordfreq and reading its list would cost a
    process ~0.5 s. Anything else (capitals, digits, apostrophes, accents) goes to wordfreq.
    """
    if word.isascii() and word.isalpha() and word.islower():
        from studyterm.analysis.levels import _freq_dict

        freq = _freq_dict().get(word)
        if freq is None:
            least = _ZIPF_MIN_FREQ  # wordfreq's floor for a word it lacks: Zipf 0
        else:
            # one token: 1 / (1 / f), kept to three significant digits as wordfreq does
            least = max(1.0 / (0.0 + 1.0 / freq), _ZIPF_MIN_FREQ)
            least = round(least, math.floor(-math.log(least, 10)) + 3)
        return round(math.log(least, 10) + 9, 2)
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


@lru_cache(maxsize=65_536)
def _cefrpy_knows(word: str) -> bool:
    from studyterm.analysis.levels import cefr_from_list

    return any(cefr_from_list(word, pos) is not None for pos in ("NOUN", "VERB", "ADJ", "ADV"))


def is_known_word(word: str) -> bool:
    """A word of English: in the glossary, in cefrpy's list, or common enough in wordfreq."""
    return in_glossary(word) or _cefrpy_knows(word) or word_zipf(word) >= KNOWN_ZIPF
