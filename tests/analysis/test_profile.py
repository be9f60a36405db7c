"""The profile: band shares, coverage and the words to pre-teach."""

from __future__ import annotations

import pytest

from studyterm.analysis.learner import Learner
from studyterm.analysis.levels import level_of
from studyterm.analysis.profile import build_profile
from studyterm.model import Analysis, Episode, Segment


def test_band_shares_add_up_and_match_a_hand_count(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = "The cat sat on the mat. Tokayev praised multilateralism in 2022."
    analysis = analyzer.analyse(Episode(title="t", segments=[Segment(text)]))
    profile = build_profile(analysis, Learner())
    shares = {b.band: b for b in profile.bands}
    # hand count: 11 running words; Tokayev and 2022 are names/numbers
    assert profile.tokens == 11
    assert shares["names"].tokens == 2
    assert shares["off-list"].tokens == 1  # multilateralism
    expected: dict[str, int] = {}
    for word, pos in [
        ("the", "DET"),
        ("cat", "NOUN"),
        ("sit", "VERB"),
        ("on", "ADP"),
        ("the", "DET"),
        ("mat", "NOUN"),
        ("praise", "VERB"),
        ("in", "ADP"),
    ]:
        band = level_of(word, pos).band
        expected[band] = expected.get(band, 0) + 1
    for band, n in expected.items():
        assert shares[band].tokens == n, band
    assert sum(b.share for b in profile.bands) == pytest.approx(1.0)


def test_coverage_and_words_to_preteach(sample_analysis: Analysis) -> None:
    learner = Learner(level=2000)
    profile = build_profile(sample_analysis, learner)
    assert 0.5 < profile.coverage < 0.99
    unknown = {i.lemma: i.count for i in sample_analysis.items if not i.is_phrase and learner.is_advanced(i)}
    covered = profile.tokens - sum(unknown.values()) + sum(unknown[w] for w in profile.to_95)
    assert covered / profile.tokens >= 0.95
    # the smallest list: without its last word the target is not reached
    if profile.to_95:
        assert (covered - unknown[profile.to_95[-1]]) / profile.tokens < 0.95
    assert profile.to_98[: len(profile.to_95)] == profile.to_95
    counts = [unknown[w] for w in profile.to_98]
    assert counts == sorted(counts, reverse=True)
