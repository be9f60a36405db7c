"""Word levels from wordfreq family frequencies and cefrpy."""

from __future__ import annotations

from studyterm.analysis.inflect import bases_of, forms_of
from studyterm.analysis.learner import parse_level
from studyterm.analysis.levels import band_of_rank, family_frequency, level_of, rank_of_frequency


def test_family_frequency_sums_the_inflected_forms() -> None:
    assert set(forms_of("preserve", "VERB")) == {"preserve", "preserves", "preserved", "preserving"}
    assert set(forms_of("bloody", "ADJ")) == {"bloody", "bloodier", "bloodiest"}
    assert family_frequency("preserve", "VERB") > family_frequency("preserve", "NOUN")
    # the bare superlative is rare; its family (bloody) is not
    from wordfreq import word_frequency

    assert level_of("bloody", "ADJ").rank < rank_of_frequency(word_frequency("bloodiest", "en"))


def test_bases_undo_regular_suffixes() -> None:
    assert "preserve" in bases_of("preserved")
    assert "stop" in bases_of("stopped")
    assert "country" in bases_of("countries")
    assert "bloody" in bases_of("bloodiest")


def test_bands() -> None:
    assert band_of_rank(1) == "K1"
    assert band_of_rank(1000) == "K1"
    assert band_of_rank(1001) == "K2"
    assert band_of_rank(10_000) == "K10"
    assert band_of_rank(10_001) == "off-list"
    assert band_of_rank(None) == "off-list"


def test_levels_of_known_words() -> None:
    assert level_of("house", "NOUN").band == "K1"
    assert level_of("multilateralism", "NOUN").band == "off-list"
    sov = level_of("sovereignty", "NOUN")
    assert sov.cefr == "B2" and sov.cefr_source == "cefrpy"
    assert level_of("consolidate", "VERB").rank > 5000


def test_parse_level() -> None:
    assert parse_level("5000") == 5000
    assert parse_level("8k") == 8000
    assert parse_level("b2") == "B2"
    assert parse_level(None) == 5000
    import pytest

    from studyterm.errors import UsageError

    for bad in ("D1", "lots", "10", "-5"):
        with pytest.raises(UsageError):
            parse_level(bad)
