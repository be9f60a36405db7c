"""A sentence's words as the aligner's pronouncing dictionary knows them.

Lower case, punctuation dropped, numbers spelt out ("2025" as "twenty twenty five", "3.5" as
"three point five"). A word the dictionary lacks is split into dictionary words when it can be
("multilateralism" → "multi lateral ism" style, longest pieces first); otherwise it is left out,
and the aligner lets its neighbours take its time.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["number_words", "sentence_words"]

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+(?:'[a-z]+)*")


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
        if not n:
            return words
    if n < 20:
        words.append(_ONES[n])
    else:
        words.append(_TENS[n // 10])
        if n % 10:
            words.append(_ONES[n % 10])
    return words


def number_words(token: str) -> list[str]:
    """Digits as spoken: years in pairs (1999, 2025), others in thousands, decimals digit by
    digit after "point"."""
    whole, _, fraction = token.partition(".")
    n = int(whole) if len(whole) <= 12 else 0
    if 1100 <= n <= 2099 and n % 100 and len(whole) == 4 and not fraction:
        return _below_thousand(n // 100) + (["oh"] if n % 100 < 10 else []) + _below_thousand(n % 100)
    words: list[str] = []
    for value, name in ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand")):
        if n >= value:
            words += [*_below_thousand(n // value % 1000), name]
            n %= value
    if n or not words:
        words += _below_thousand(n)
    if fraction:
        words += ["point", *(_ONES[int(d)] for d in fraction)]
    return words


def _pieces(word: str, known: Callable[[str], bool]) -> list[str] | None:
    """`word` as a run of dictionary words of 2+ letters, longest first; None if impossible."""
    if not word:
        return []
    for cut in range(len(word), 1, -1):
        head = word[:cut]
        if known(head):
            rest = _pieces(word[cut:], known) if len(word) - cut != 1 else None
            if rest is not None:
                return [head, *rest]
    return None


def sentence_words(text: str, known: Callable[[str], bool]) -> list[str]:
    """The dictionary words to align for `text` (possibly none)."""
    words: list[str] = []
    for token in _TOKEN.findall(text.lower().replace("’", "'")):
        if token[0].isdigit():
            words += number_words(token)
        elif known(token):
            words.append(token)
        elif len(token) <= 24 and (pieces := _pieces(token, known)) is not None:
            words += pieces
    return words
