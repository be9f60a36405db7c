"""Typed answers are checked forgivingly: any form of the word, any case; a slip is *close*."""

from __future__ import annotations

import pytest

from studyterm.review.answer import Verdict, check_answer


@pytest.mark.parametrize(
    ("typed", "lemma", "pos", "forms", "verdict"),
    [
        ("strengthen", "strengthen", "VERB", [], Verdict.RIGHT),
        (" Strengthened ", "strengthen", "VERB", ["strengthened"], Verdict.RIGHT),
        ("strengthens", "strengthen", "VERB", [], Verdict.INFLECTED),
        ("cooperations", "cooperation", "NOUN", [], Verdict.INFLECTED),
        ("think tanks", "think tank", "PHRASE", [], Verdict.INFLECTED),
        ("stronger", "strong", "ADJ", [], Verdict.INFLECTED),
        ("people’s", "people's", "NOUN", [], Verdict.RIGHT),
        ("strenghten", "strengthen", "VERB", [], Verdict.CLOSE),
        ("multilaterlism", "multilateralism", "NOUN", [], Verdict.CLOSE),
        ("strength", "strengthen", "VERB", [], Verdict.WRONG),
        ("tank think", "think tank", "PHRASE", [], Verdict.WRONG),
        ("cat", "car", "NOUN", [], Verdict.WRONG),
        ("", "strengthen", "VERB", [], Verdict.WRONG),
    ],
)
def test_verdicts(typed: str, lemma: str, pos: str, forms: list[str], verdict: Verdict) -> None:
    assert check_answer(typed, lemma, pos, forms) is verdict
