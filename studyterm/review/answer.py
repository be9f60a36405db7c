"""Checking a typed answer (Chinese → English cards), forgiving of inflection.

The card asks for the word that fits a blanked sentence, so *strengthens*, *strengthened* or the
lemma *strengthen* are all right; so is any case, curly or straight apostrophes, spaces around.
One slip of a letter in a long word is *close*: the card says so and the learner rates.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

from studyterm.analysis.inflect import bases_of, forms_of

__all__ = ["Verdict", "check_answer"]


class Verdict(Enum):
    RIGHT = "right"  # the lemma or the form the sentence uses
    INFLECTED = "inflected"  # another form of the word: right too
    CLOSE = "close"  # one letter off in a word of six letters or more
    WRONG = "wrong"


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"[^\w' -]+", " ", text)
    return " ".join(text.replace("-", " - ").split()).replace(" - ", "-")


def _same_word(typed: str, lemma: str, pos: str) -> bool:
    return typed in forms_of(lemma, pos) or lemma in bases_of(typed)


def check_answer(typed: str, lemma: str, pos: str, forms: list[str]) -> Verdict:
    """How `typed` answers a card for `lemma` (coarse `pos`, or PHRASE) whose sentence shows one
    of `forms`."""
    answer, lemma = _norm(typed), _norm(lemma)
    if not answer:
        return Verdict.WRONG
    if answer == lemma or answer in {_norm(f) for f in forms}:
        return Verdict.RIGHT
    got, want = answer.split(), lemma.split()
    if len(got) == len(want):
        # a phrase matches word by word, each word in any of its forms (*think tanks*)
        if all(
            g == w or _same_word(g, w, "VERB" if pos == "PHRASE" else pos) or _same_word(g, w, "NOUN")
            for g, w in zip(got, want, strict=True)
        ):
            return Verdict.INFLECTED
        if len(lemma) >= 6 and _one_slip(answer, lemma):
            return Verdict.CLOSE
    return Verdict.WRONG


def _one_slip(a: str, b: str) -> bool:
    """One letter inserted, dropped, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1 :]
