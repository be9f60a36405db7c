"""The learner: a level (vocabulary size in word families, or a CEFR level) and word statuses.

A word is *advanced* — highlighted, listed, carded — when its status is new or learning, or when
it has no status and lies beyond the learner's level. Known and ignored words never are.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from studyterm.analysis.inflect import bases_of
from studyterm.analysis.levels import CEFR_LEVELS
from studyterm.errors import UsageError
from studyterm.model import Analysis, VocabItem

__all__ = ["DEFAULT_LEVEL", "Learner", "advanced_items", "hardness", "lemmas_for", "parse_level"]

DEFAULT_LEVEL = 5000  # word families: about where a CET-6 learner stands


def parse_level(value: str | int | None) -> int | str:
    """`5000`, `5k` → 5000 word families; `B2` → "B2". Raises UsageError otherwise."""
    if value is None or value == "":
        return DEFAULT_LEVEL
    if isinstance(value, int):
        level: int | str = value
    else:
        text = value.strip().upper()
        if text in CEFR_LEVELS:
            return text
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(K?)", text)
        if not m:
            raise UsageError(
                f"level {value!r} is neither a vocabulary size (e.g. 5000, 8k) nor a CEFR level (A1–C2)"
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

    def beyond_level(self, item: VocabItem) -> bool:
        if isinstance(self.level, str):
            return CEFR_LEVELS.index(item.cefr) > CEFR_LEVELS.index(self.level)
        return item.rank is None or item.rank > self.level

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


def hardness(item: VocabItem) -> tuple[float, int, int]:
    """Sort key: hardest first (rarest family), then first occurrence."""
    rank = math.inf if item.rank is None else item.rank
    seg, start = item.first_position
    return (-rank, seg, start)


def advanced_items(analysis: Analysis, learner: Learner) -> list[VocabItem]:
    """The learner's advanced items, hardest first, then by first occurrence."""
    return sorted((i for i in analysis.items if learner.is_advanced(i)), key=hardness)


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
