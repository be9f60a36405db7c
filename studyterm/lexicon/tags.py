"""Exam tags on vocabulary items (CET-4, CET-6, 考研, Collins-3, Oxford-3000 …): how a tag a user
types matches a tag a dictionary gave, and the order learners expect to see them in.

Shared by everything that filters by tag — `vocab --tag cet6` and the study app's filter — so
`cet6`, `CET 6` and `CET-6` mean the same tag everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from studyterm.lexicon.ecdict import EXAM_TAGS

__all__ = ["has_any_tag", "is_tag_name", "normalise_tag", "sort_tags"]

_SEPARATORS = re.compile(r"[\s\-_.]+")
_COLLINS = re.compile(r"collins(\d)")


def normalise_tag(tag: str) -> str:
    """Tags compare without case, hyphens, spaces or dots: `cet6` matches `CET-6` and `CET 6`."""
    return _SEPARATORS.sub("", tag).casefold()


def has_any_tag(tags: Iterable[str], wanted: Iterable[str]) -> bool:
    """Whether any of an item's `tags` is one of `wanted` (compared by `normalise_tag`; blank
    wanted tags are ignored, and nothing wanted matches nothing)."""
    keys = {normalise_tag(w) for w in wanted if w.strip()}
    return bool(keys) and any(normalise_tag(t) in keys for t in tags)


# the exam lists in the order ECDICT's importer lists them: 中考 高考 CET-4 CET-6 考研 TOEFL …
_EXAMS = {normalise_tag(t): i for i, t in enumerate(EXAM_TAGS.values())}


def is_tag_name(text: str) -> bool:
    """Whether `text` names an exam list or a dictionary tag (`cet6`, `考研`, `collins3`)."""
    key = normalise_tag(text)
    return key in _EXAMS or bool(_COLLINS.fullmatch(key)) or key.startswith("oxford")


def _order(tag: str) -> tuple[int, int, str]:
    key = normalise_tag(tag)
    if key in _EXAMS:
        return (0, _EXAMS[key], key)
    collins = _COLLINS.fullmatch(key)
    if collins:  # most stars (the commonest words) first
        return (1, -int(collins.group(1)), key)
    if key.startswith("oxford"):
        return (2, 0, key)
    return (3, 0, key)


def sort_tags(tags: Iterable[str]) -> list[str]:
    """Distinct tags (by `normalise_tag`, the first spelling kept) in the order learners expect:
    the exams from 中考 to GRE, then Collins stars (most first), Oxford 3000, then any other."""
    seen: dict[str, str] = {}
    for tag in tags:
        if tag.strip():
            seen.setdefault(normalise_tag(tag), tag)
    return sorted(seen.values(), key=_order)
