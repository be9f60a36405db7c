"""Regular English inflection, both ways, written for ranking word families.

`forms_of` generates the inflected forms of a lemma (so a family's frequency is the sum of its
forms: *bloodiest* ranks by *bloody*, *bloodier*, *bloodiest*); `bases_of` undoes a suffix to find
candidate lemmas of a word form (used to build the family-rank table from wordfreq's word list).
Irregular forms of the commonest verbs do not matter for ranking: those families are K1 either way.
"""

from __future__ import annotations

__all__ = ["adjectives_of_adverb", "bases_of", "forms_of"]

_VOWELS = set("aeiou")


def _doubles_final(word: str) -> bool:
    """CVC words of one syllable double the last consonant: stop → stopped, big → bigger."""
    return (
        len(word) >= 3
        and word[-1] not in _VOWELS | {"w", "x", "y"}
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
        and sum(1 for ch in word if ch in _VOWELS) == 1
    )


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _verb_forms(word: str) -> list[str]:
    third = _plural(word)
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        stem = word[:-1]
        return [third, stem + "ed", stem + "ing"]
    if word.endswith("ie"):
        return [third, word + "d", word[:-2] + "ying"]
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return [third, word[:-1] + "ied", word + "ing"]
    if word.endswith("ee"):
        return [third, word + "d", word + "ing"]
    if _doubles_final(word):
        return [third, word + word[-1] + "ed", word + word[-1] + "ing"]
    return [third, word + "ed", word + "ing"]


def _adj_forms(word: str) -> list[str]:
    if word.endswith("e"):
        return [word + "r", word + "st"]
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return [word[:-1] + "ier", word[:-1] + "iest"]
    if _doubles_final(word):
        return [word + word[-1] + "er", word + word[-1] + "est"]
    return [word + "er", word + "est"]


def forms_of(lemma: str, pos: str) -> list[str]:
    """The lemma and its regular inflections for a coarse spaCy POS (NOUN, VERB, ADJ, ...)."""
    lemma = lemma.lower()
    if " " in lemma or ("-" in lemma and pos != "NOUN"):
        return [lemma]
    if pos in ("NOUN", "PROPN"):
        return [lemma, _plural(lemma)]
    if pos == "VERB":
        return [lemma, *_verb_forms(lemma)]
    if pos == "ADJ":
        return [lemma, *_adj_forms(lemma)]
    return [lemma]


_SUFFIX_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("iest", ("y",)),
    ("ier", ("y",)),
    ("ies", ("y",)),
    ("ied", ("y",)),
    ("ying", ("ie",)),
    ("est", ("", "e")),
    ("ing", ("", "e")),
    ("ed", ("", "e")),
    ("er", ("", "e")),
    ("es", ("",)),
    ("s", ("",)),
)


def bases_of(word: str) -> list[str]:
    """Candidate lemmas of a word form by undoing one regular suffix (longest suffix first).

    The caller decides which candidates are real words; candidates shorter than three letters are
    never offered (they make *thing* the plural of *th*).
    """
    out: list[str] = []
    for suffix, replacements in _SUFFIX_RULES:
        if not word.endswith(suffix) or len(word) - len(suffix) < 2:
            continue
        stem = word[: -len(suffix)]
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            continue
        for rep in replacements:
            cand = stem + rep
            if len(cand) >= 3:
                out.append(cand)
        if suffix in ("est", "ing", "ed", "er") and len(stem) >= 3 and stem[-1] == stem[-2]:
            out.append(stem[:-1])
    return out


def adjectives_of_adverb(adverb: str) -> list[str]:
    """Candidate adjectives of an -ly adverb, to be checked against a word list: warmly → warm,
    happily → happy, gently → gentle, basically → basic, fully → full, truly → true."""
    stem = adverb[:-2]
    out = [stem, adverb[:-1] + "e", stem + "l", stem + "e"]
    if stem.endswith("i"):
        out.append(stem[:-1] + "y")
    if adverb.endswith("ically"):
        out.append(adverb[:-4])
    return [w for w in out if len(w) > 2]
