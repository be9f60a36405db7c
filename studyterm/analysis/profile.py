"""The lexical profile of a text for one learner, as vocabulary profilers report it.

Running words (tokens) are every word of the text: vocabulary items, function words and names or
numbers. Each falls in a 1k frequency band (K1 … K10, off-list) by its family rank; names and
numbers form their own row, counted as known (as profilers treat proper nouns). Coverage is the
share of running words the learner knows; the words to pre-teach are the unknown ones that add the
most coverage, taken greedily (most frequent first) until 95% and 98% are reached.
"""

from __future__ import annotations

from studyterm.analysis.learner import Learner
from studyterm.analysis.vocab import NAMES_BAND
from studyterm.model import Analysis, BandShare, Profile

__all__ = ["BAND_ORDER", "build_profile"]

BAND_ORDER = (*tuple(f"K{i}" for i in range(1, 11)), "off-list", NAMES_BAND)


def build_profile(analysis: Analysis, learner: Learner) -> Profile:
    words = [i for i in analysis.items if not i.is_phrase]
    counts: dict[str, int] = dict.fromkeys(BAND_ORDER, 0)
    for band, n in analysis.other_bands.items():
        counts[band] = counts.get(band, 0) + n
    for item in words:
        counts[item.band] = counts.get(item.band, 0) + item.count
    total = sum(counts.values())
    bands = [BandShare(band, n, (n / total) if total else 0.0) for band, n in counts.items()]
    unknown = sorted((i for i in words if not learner.knows(i)), key=lambda i: (-i.count, i.lemma))
    known_tokens = total - sum(i.count for i in unknown)
    coverage = known_tokens / total if total else 1.0
    to_95 = _lift(unknown, known_tokens, total, 0.95)
    to_98 = _lift(unknown, known_tokens, total, 0.98)
    return Profile(
        tokens=total,
        types=len({(i.lemma, i.pos) for i in words}),
        bands=bands,
        coverage=coverage,
        to_95=to_95,
        to_98=to_98,
        advanced=sum(1 for i in analysis.items if learner.is_advanced(i)),
    )


def _lift(unknown: list, known: int, total: int, target: float) -> list[str]:  # type: ignore[type-arg]
    """Fewest words to learn (most frequent first) so that coverage reaches `target`."""
    out: list[str] = []
    covered = known
    for item in unknown:
        if total == 0 or covered / total >= target:
            break
        out.append(item.lemma)
        covered += item.count
    return out
