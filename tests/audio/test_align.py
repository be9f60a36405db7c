"""Forced alignment with the real PocketSphinx on speech spoken by espeak-ng."""

from __future__ import annotations

import itertools

from studyterm.audio.align import align_sentences, estimate_times
from studyterm.audio.sentences import Sentence, split_sentences
from studyterm.audio.words import number_words, sentence_words
from studyterm.model import Episode, Segment
from tests.audio.speech import Speech, recording


def _sentences(texts: list[str]) -> list[Sentence]:
    return split_sentences(Episode("t", [Segment(" ".join(texts))]))


def test_sentences_start_where_they_are_spoken(speech: Speech) -> None:
    sentences = _sentences(speech.sentences)
    assert [s.text for s in sentences] == speech.sentences
    times = align_sentences(speech.pcm, sentences)
    assert [t.method for t in times] == ["aligned"] * 4
    for time, truth in zip(times, speech.starts, strict=True):
        assert abs(time.start - truth) < 0.4, (time, truth)
        assert time.end > time.start
    # each sentence ends before the next one starts
    assert all(a.end <= b.start + 0.05 for a, b in itertools.pairwise(times))


def test_a_sentence_with_no_known_words_is_estimated_and_marked() -> None:
    texts = ["The minister resigned on Friday.", "Qxzv brrgh!", "Markets fell sharply afterwards."]
    pcm, starts = recording(texts)
    times = align_sentences(pcm, _sentences(texts))
    assert [t.method for t in times] == ["aligned", "estimated", "aligned"]
    assert abs(times[2].start - starts[2]) < 0.4
    assert times[0].end <= times[1].start <= times[1].end <= times[2].start


def test_proportional_estimates_share_the_time_by_length() -> None:
    sentences = _sentences(["Short one.", "A sentence three times as long."])
    times = estimate_times(sentences, 10.0, 20.0)
    assert [t.method for t in times] == ["estimated", "estimated"]
    assert times[0].start == 10.0 and times[1].end == 20.0
    assert times[0].end == times[1].start
    assert times[1].end - times[1].start > 2.5 * (times[0].end - times[0].start)


def test_words_as_the_dictionary_knows_them() -> None:
    assert number_words("2024") == ["twenty", "twenty", "four"]
    assert number_words("1,5".replace(",", "")) == ["fifteen"]
    assert number_words("3.25") == ["three", "point", "two", "five"]
    known = {"the", "multi", "lateral", "ism", "don't", "percent"}.__contains__
    assert sentence_words("The multilateralism, don’t 20 percent Zzq!", known) == [
        "the",
        "multi",
        "lateral",
        "ism",
        "don't",
        "twenty",
        "percent",
    ]


def test_sentence_split_keeps_abbreviations_of_lower_case_text() -> None:
    texts = split_sentences(
        Episode(
            "t",
            [
                Segment('He said: "We agree." Then he left. prices rose 3.5 percent.'),
                Segment("No end punctuation here"),
            ],
        )
    )
    assert [(s.segment, s.text) for s in texts] == [
        (0, 'He said: "We agree."'),
        (0, "Then he left. prices rose 3.5 percent."),
        (1, "No end punctuation here"),
    ]
    first = texts[1]
    assert (
        'He said: "We agree." Then he left. prices rose 3.5 percent.'[first.char_start : first.char_end]
        == first.text
    )
