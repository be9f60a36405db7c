"""The learner: a level (vocabulary size in word families, a CEFR level, or an exam) and word
statuses.

A word is *advanced* — highlighted, listed, carded — when its status is new or learning, or when
it has no status and lies beyond the learner's level by the difficulty model
(`levels.difficulty`: the vocabulary size at which a Chinese learner knows it). Known and ignored
words never are, nor words whose every occurrence is inside a listed expression (the expression
is the item), nor words no dictionary or list knows (*suspect*: counted, not listed).

Exams stand for vocabulary sizes (`EXAM_LEVELS`, documented in the README); with an installed
dictionary that tags words by exam (ECDICT), a word tagged with an exam the learner has passed is
known whatever its frequency.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from studyterm.analysis.inflect import bases_of
from studyterm.analysis.levels import CEFR_LEVELS, LEVEL_RANKS
from studyterm.errors import UsageError
from studyterm.model import Analysis, VocabItem

__all__ = [
    "DEFAULT_LEVEL",
    "EXAM_LEVELS",
    "Learner",
    "advanced_items",
    "hardness",
    "left_out",
    "lemmas_for",
    "parse_level",
    "usefulness",
]

DEFAULT_LEVEL = 5000  # word families: about where a CET-6 learner stands

# An exam level: the vocabulary size (word families) of a candidate about to sit the exam, and
# the exam tags (as ECDICT names them) of the word lists such a learner already knows.
EXAM_LEVELS: dict[str, tuple[int, tuple[str, ...]]] = {
    "CET4": (4000, ("中考", "高考")),
    "CET6": (5000, ("中考", "高考", "CET-4")),
    "KAOYAN": (5500, ("中考", "高考", "CET-4")),
    "IELTS": (6500, ("中考", "高考", "CET-4")),
    "TOEFL": (7000, ("中考", "高考", "CET-4", "CET-6")),
}


def parse_level(value: str | int | None) -> int | str:
    """`5000`, `5k` → 5000 word families; `B2` → "B2". Raises UsageError otherwise."""
    if value is None or value == "":
        return DEFAULT_LEVEL
    if isinstance(value, int):
        level: int | str = value
    else:
        text = value.strip().upper().replace("-", "")
        if text in CEFR_LEVELS:
            return text
        if text in EXAM_LEVELS:
            return text.lower()
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(K?)", text)
        if not m:
            raise UsageError(
                f"level {value!r} is not a vocabulary size (e.g. 5000, 8k), a CEFR level (A1–C2)"
                " or an exam (cet4, cet6, kaoyan, ielts, toefl)"
            )
        level = int(float(m.group(1)) * (1000 if m.group(2) else 1))
    if not isinstance(level, int) or not 100 <= level <= 100_000:
        raise UsageError(f"level {value!r}: a vocabulary size must be between 100 and 100000")
    return level


@dataclass
class Learner:
    level: int | str = DEFAULT_LEVEL
    statuses: dict[str, str] = field(default_factory=dict)  # lemma (lower case) → status

    def status_of(self, item: VocabItem) -> str | None:
        return self.statuses.get(item.lemma)

    @property
    def size(self) -> int:
        """The level as a vocabulary size in word families."""
        if isinstance(self.level, int):
            return self.level
        if self.level.upper() in EXAM_LEVELS:
            return EXAM_LEVELS[self.level.upper()][0]
        return LEVEL_RANKS[self.level][1]

    @property
    def known_tags(self) -> tuple[str, ...]:
        if isinstance(self.level, str) and self.level.upper() in EXAM_LEVELS:
            return EXAM_LEVELS[self.level.upper()][1]
        return ()

    def beyond_level(self, item: VocabItem) -> bool:
        if item.suspect or item.inside_phrase:
            return False
        if self.known_tags and set(item.tags).intersection(self.known_tags):
            return False
        if isinstance(self.level, str) and self.level in CEFR_LEVELS:
            return CEFR_LEVELS.index(item.cefr) > CEFR_LEVELS.index(self.level)
        rank = item.difficulty if item.difficulty is not None else item.rank
        return rank is None or rank > self.size

    def is_advanced(self, item: VocabItem) -> bool:
        status = self.status_of(item)
        if status in ("new", "learning"):
            return True
        if status in ("known", "ignored"):
            return False
        return self.beyond_level(item)

    def knows(self, item: VocabItem) -> bool:
        """For coverage: a word the learner can be expected to understand."""
        return not self.is_advanced(item)


def hardness(item: VocabItem) -> tuple[bool, float, int, int]:
    """Sort key: hardest first (by the difficulty model), then first occurrence; items with no
    rank or a suspect lemma last, not first."""
    rank = item.difficulty if item.difficulty is not None else item.rank
    seg, start = item.first_position
    return (rank is None or item.suspect, -(rank or 0), seg, start)


def usefulness(item: VocabItem) -> tuple[bool, float, int, int]:
    """Sort key of enriched items: most useful first. Items with no gloss or a suspect lemma go
    last. Then the easiest to learn next (lowest difficulty: the commonest words just beyond the
    level), lifted by how often the text uses the item and by exam tags; then first occurrence."""
    junk = item.suspect or item.gloss is None
    rank = item.difficulty if item.difficulty is not None else (item.rank or 20_000)
    score = math.log(max(rank, 1)) - 0.35 * math.log(max(item.count, 1)) - 0.2 * bool(item.tags)
    seg, start = item.first_position
    return (junk, score, seg, start)


def advanced_items(analysis: Analysis, learner: Learner) -> list[VocabItem]:
    """The learner's advanced items, hardest first, then by first occurrence."""
    return sorted((i for i in analysis.items if learner.is_advanced(i)), key=hardness)


def left_out(analysis: Analysis, learner: Learner) -> set[tuple[str, str]]:
    """The (lemma, POS) of items with no status kept off the learner's list as suspect (no
    dictionary, word list or frequency table knows them): shown as a count, never as words to
    learn."""
    return {(i.lemma, i.pos) for i in analysis.items if i.suspect and learner.status_of(i) is None}


def lemmas_for(words: Iterable[str], items: Iterable[VocabItem]) -> list[str]:
    """The lemma to keep a status under for each word a learner typed.

    Statuses are looked up by lemma, but learners type what they read: *consolidated*, *Think
    Tanks*. A typed word that is not a lemma of `items` (the library's words) but one of their
    forms, or a regular inflection of one of their lemmas, is stored under that lemma; anything
    else is kept as typed (lower case, single spaces), for words not met yet.
    """
    items = list(items)
    lemmas = {i.lemma for i in items}
    form_of: dict[str, str] = {}
    for item in items:
        for form in item.forms:
            form_of.setdefault(" ".join(form.lower().split()), item.lemma)
    out = []
    for word in words:
        typed = " ".join(word.lower().split())
        if typed in lemmas or not typed:
            out.append(typed)
            continue
        head, _, last = typed.rpartition(" ")
        guesses = [f"{head} {b}" if head else b for b in bases_of(last)]
        out.append(form_of.get(typed) or next((g for g in guesses if g in lemmas), typed))
    return out
