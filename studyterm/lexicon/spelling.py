"""British ↔ American spelling variants, so a glossary entry under one spelling serves both.

News podcasts from London and Washington spell *decarbonisation*/*decarbonization*,
*millimetre*/*millimeter*, *labour*/*labor*; a learner should get the gloss either way.
"""

from __future__ import annotations

__all__ = ["spelling_variants"]

# (British ending, American ending), tried in both directions
_ENDINGS = (
    ("isation", "ization"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("yse", "yze"),
    ("tre", "ter"),
    ("our", "or"),
    ("ogue", "og"),
    ("ence", "ense"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ller", "ler"),
)


def spelling_variants(word: str) -> list[str]:
    """Other spellings of the same word (may include non-words; callers look them up)."""
    out: list[str] = []
    for british, american in _ENDINGS:
        if word.endswith(british) and len(word) > len(british) + 2:
            out.append(word[: -len(british)] + american)
        elif word.endswith(american) and len(word) > len(american) + 2:
            out.append(word[: -len(american)] + british)
    if "ae" in word:
        out.append(word.replace("ae", "e"))
    if "oe" in word:
        out.append(word.replace("oe", "e"))
    return out
