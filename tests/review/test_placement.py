"""The placement test: its words, its pseudo-words (none real), and its estimate checked with
simulated test-takers who know the top N word families."""

from __future__ import annotations

import random

import pytest
from wordfreq import word_frequency

from studyterm.analysis.inflect import bases_of
from studyterm.lexicon import Lexicon
from studyterm.review.placement import (
    PSEUDO_WORDS,
    REAL_WORDS,
    TOP_RANK,
    Item,
    PlacementTest,
    estimate,
    make_pseudowords,
    make_test,
)


def test_pseudowords_are_no_words_of_english() -> None:
    words = make_pseudowords(300, random.Random(7))
    assert len(set(words)) == 300 and all(5 <= len(w) <= 11 and w.isalpha() for w in words)
    lexicon = Lexicon()
    for word in words:
        assert word_frequency(word, "en") == 0, word
        assert not any(word_frequency(b, "en") for b in bases_of(word)), word
        assert all(lexicon.lookup(word, pos) is None for pos in ("NOUN", "VERB", "ADJ", "ADV")), word


def test_a_test_spans_the_bands_with_pseudowords_mixed_in() -> None:
    items = make_test(seed=1)
    real = [i for i in items if not i.is_pseudo]
    assert len(items) == REAL_WORDS + PSEUDO_WORDS == 60
    assert len(real) == REAL_WORDS and len({i.word for i in items}) == 60
    ranks = sorted(i.rank or 0 for i in real)
    assert ranks[0] < 300 and ranks[-1] > 12_000 and ranks[-1] <= TOP_RANK
    assert sum(r <= 2000 for r in ranks) >= 15  # small vocabularies are measured too
    assert any(i.is_pseudo for i in items[:20])  # shuffled, not all at the end
    assert [i.word for i in make_test(seed=2)] != [i.word for i in items]


def _bot(size: int, claims: float, guesses_real: bool, seed: int) -> int | None:
    """A test-taker who knows the `size` commonest families, says yes to a pseudo-word with
    probability `claims` (and, if `guesses_real`, to a real word beyond them too)."""
    rng = random.Random(seed * 31 + size)
    answers = []
    for item in make_test(seed):
        if item.rank is None:
            yes = rng.random() < claims
        else:
            yes = item.rank <= size or (guesses_real and rng.random() < claims)
        answers.append((item, yes))
    return estimate(answers).size


@pytest.mark.parametrize("size", [2000, 5000, 10_000])
def test_the_estimate_lands_within_a_quarter_of_the_true_size(size: int) -> None:
    for seed in range(12):
        for claims in (0.0, 0.1, 0.2):
            got = _bot(size, claims, guesses_real=False, seed=seed)
            assert got is not None and abs(got - size) <= 0.25 * size, (seed, claims, got)
    # takers who also guess at real words: nine in ten still within a quarter
    near = [abs((_bot(size, 0.15, True, seed) or 0) - size) <= 0.25 * size for seed in range(20)]
    assert sum(near) >= 18


def test_much_guessing_gives_no_estimate() -> None:
    items = make_test(seed=3)
    result = estimate([(i, True) for i in items])
    assert result.size is None and result.false_alarms == PSEUDO_WORDS
    assert "level is unchanged" in " ".join(result.explanation())


def test_a_sitting_answers_goes_back_and_explains() -> None:
    test = PlacementTest([Item("house", 400), Item("plendance", None), Item("vodka", 7150)])
    assert test.current == Item("house", 400)
    test.answer(True)
    test.answer(True)
    assert test.back() and test.current == Item("plendance", None)
    test.answer(False)
    test.answer(False)
    assert test.done and test.current is None
    result = test.result()
    assert result.false_alarms == 0 and result.size is not None and result.size < 7150
    text = " ".join(result.explanation())
    assert "1 of 2 real words" in text and "0 of 1 made-up" in text
