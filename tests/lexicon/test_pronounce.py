"""Pronunciations for a default install (CMU dictionary → IPA) and dictionary IPA tidied."""

from __future__ import annotations

from studyterm.lexicon.pronounce import arpabet_to_ipa, clean_ipa, cmu_ipa


def test_cmu_pronunciations_are_written_as_ipa_with_stress_before_the_syllable() -> None:
    assert cmu_ipa("beneficial") == "/ˌbɛnəˈfɪʃəl/"
    assert cmu_ipa("despite") == "/dɪˈspaɪt/"
    assert cmu_ipa("think tank") == "/θɪŋk tæŋk/"  # one syllable each: nothing to mark
    assert cmu_ipa("Multilateralism") == "/ˌmʌltɪˈlætɚəˌlɪzəm/"
    assert cmu_ipa("qwzxv") is None and cmu_ipa("") is None
    assert arpabet_to_ipa(["S", "T", "R", "EH1", "NG", "K", "TH", "AH0", "N"]) == "ˈstrɛŋkθən"


def test_dictionary_ipa_is_tidied() -> None:
    assert clean_ipa("kən'sɒlɪdeɪt") == "/kənˈsɒlɪdeɪt/"
    assert clean_ipa("/,mʌlti'lætərәlizәm/") == "/ˌmʌltiˈlætərəlizəm/"  # Cyrillic ә → ə
    assert clean_ipa("wi:l") == "/wiːl/"
    assert clean_ipa("  ") is None and clean_ipa(None) is None
