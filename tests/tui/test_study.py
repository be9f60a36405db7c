"""The study session (no app): highlights follow level, status and filter; n/p walk them in
reading order; a change reports exactly the spans to repaint."""

from __future__ import annotations

import bisect
import re

import pytest

from studyterm.analysis.learner import Learner
from studyterm.model import Analysis, Episode, Segment
from studyterm.tui import study
from studyterm.tui.study import Mark, StudySession, band_group


def _session(episode: Episode, analysis: Analysis, **statuses: str) -> StudySession:
    return StudySession(episode, analysis, Learner(level=5000, statuses=dict(statuses)))


def test_advanced_words_are_highlighted_in_reading_order(
    sample_episode: Episode, sample_analysis: Analysis
) -> None:
    s = _session(sample_episode, sample_analysis)
    learner = s.learner
    seen = []
    mark = s.next()
    while mark is not None:
        seen.append(mark)
        s.select(mark)
        mark = s.next()
    assert len(seen) == s.highlighted > 20
    keys = [(m.segment, m.start, -m.end) for m in seen]
    assert keys == sorted(keys)
    assert all(learner.is_advanced(s.items[m.item]) for m in seen)
    lemmas = {s.items[m.item].lemma for m in seen}
    assert {"multilateralism", "revitalization"} <= lemmas
    assert "say" not in lemmas and "country" not in lemmas
    # and back again
    back = []
    while (mark := s.previous()) is not None:
        back.append(mark)
        s.select(mark)
    assert back == list(reversed(seen[:-1]))


def test_a_status_change_rehighlights_every_occurrence(
    sample_episode: Episode, sample_analysis: Analysis
) -> None:
    s = _session(sample_episode, sample_analysis)
    idx = next(i for i, it in enumerate(s.items) if it.lemma == "bilateral")
    occurrences = s.items[idx].occurrences
    assert len(occurrences) >= 2 and s.role_of(idx) == "rare"
    changed = s.set_status(idx, "known")
    assert {(c.segment, c.start, c.end) for c in changed} >= {
        (o.segment, o.start, o.end) for o in occurrences
    }
    assert s.role_of(idx) is None
    for o in occurrences:
        assert (o.start, o.end, "rare") not in s.spans_in(o.segment, o.start, o.end)
    s.set_status(idx, "learning")
    for o in occurrences:
        assert (o.start, o.end, "learning") in s.spans_in(o.segment, o.start, o.end)
    assert s.learner.statuses["bilateral"] == "learning"


def test_coverage_rises_when_a_word_becomes_known(sample_episode: Episode, sample_analysis: Analysis) -> None:
    s = _session(sample_episode, sample_analysis)
    before, advanced = s.coverage, s.advanced_count
    idx = next(i for i, it in enumerate(s.items) if it.lemma == "bilateral" and not it.is_phrase)
    s.set_status(idx, "known")
    assert s.coverage > before
    assert s.advanced_count == advanced - 1


def test_band_filter_limits_highlights_and_navigation(
    sample_episode: Episode, sample_analysis: Analysis
) -> None:
    s = _session(sample_episode, sample_analysis)
    total = s.highlighted
    s.set_filter("phrase")
    assert 0 < s.highlighted < total
    mark = s.next()
    while mark is not None:
        assert band_group(s.items[mark.item]) == "phrase"
        s.select(mark)
        mark = s.next()
    assert s.cycle_filter() == "all" and s.highlighted == total


def test_clicking_inside_a_phrase_alternates_word_and_phrase(
    sample_episode: Episode, sample_analysis: Analysis
) -> None:
    s = _session(sample_episode, sample_analysis)
    text = sample_episode.segments[0].text
    at = text.index("bilateral ties")
    first = s.mark_at(0, at)
    assert first is not None and s.items[first.item].lemma == "bilateral"
    s.select(first)
    second = s.mark_at(0, at)
    assert second is not None and s.items[second.item].lemma == "bilateral tie"
    assert s.mark_at(0, text.index(" called")) is None  # a space is no word


def test_search_finds_case_insensitively_and_wraps(
    sample_episode: Episode, sample_analysis: Analysis
) -> None:
    s = _session(sample_episode, sample_analysis)
    s.search("KAZAKHSTAN")
    text = sample_episode.segments[0].text
    assert len(s.matches) == text.lower().count("kazakhstan") > 3
    first = s.next_match((0, -1))
    assert first is not None and text[first.start : first.end] == "Kazakhstan"
    last = s.matches[-1]
    assert s.next_match((last.segment, last.start)) == s.matches[0]
    assert s.next_match((0, first.start), forward=False) == last
    assert s.search("") and not s.matches


def test_detail_lists_each_sentence_with_the_word_marked(
    sample_episode: Episode, sample_analysis: Analysis
) -> None:
    s = _session(sample_episode, sample_analysis)
    idx = next(i for i, it in enumerate(s.items) if it.lemma == "bilateral" and not it.is_phrase)
    d = s.detail(idx)
    assert d.count == s.items[idx].count and d.advanced and d.status is None
    assert d.sentences
    for sentence, spans in d.sentences:
        assert all(sentence[a:b].lower() == "bilateral" for a, b in spans)
    assert d.others is None  # not indexed yet
    s.others = {"bilateral": ["Another episode"]}
    assert s.detail(idx).others == ["Another episode"]


@pytest.fixture(scope="module")
def paragraphs(analyzer, sample_episode: Episode) -> tuple[Episode, Analysis]:  # type: ignore[no-untyped-def]
    """The sample in paragraphs of two sentences: an episode of many segments."""
    sentences = re.split(r"(?<=[a-z][.!?])\s*(?=[A-Z])", sample_episode.segments[0].text)
    paras = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    episode = Episode("In paragraphs", [Segment(p) for p in paras])
    return episode, analyzer.analyse(episode)


def _reference(s: StudySession) -> list[Mark]:
    """The highlighted occurrences in reading order, made from every item's occurrences."""
    marks = [
        Mark(o.segment, o.start, o.end, i)
        for i, item in enumerate(s.items)
        if s.role_of(i)
        for o in item.occurrences
    ]
    return sorted(marks, key=lambda m: (m.segment, m.start, -m.end))


@pytest.mark.parametrize("stretch", [1, 40, 100_000])
def test_marks_made_a_stretch_of_segments_at_a_time_are_every_occurrence(
    paragraphs: tuple[Episode, Analysis], stretch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However few occurrences the session makes at a time (a huge transcript's, a stretch of
    segments when first shown), n and p walk every highlighted one, from anywhere, and the
    transcript and a click see every occurrence."""
    episode, analysis = paragraphs
    monkeypatch.setattr(study, "STRETCH", stretch)
    s = _session(episode, analysis)
    expected = _reference(s)
    assert len(episode.segments) > 10 and s.highlighted == len(expected) > 20
    walked = []
    while (mark := s.next()) is not None:
        walked.append(mark)
        s.select(mark)
    assert walked == expected
    s.select(None)
    back = []
    while (mark := s.previous()) is not None:
        back.append(mark)
        s.select(mark)
    assert back == expected[::-1]
    s.select(None)
    keys = [(m.segment, m.start) for m in expected]
    for seg, segment in enumerate(episode.segments):
        for at in (0, len(segment.text) // 2):
            i = bisect.bisect_left(keys, (seg, at))
            assert s.next(after=(seg, at)) == (expected[i] if i < len(expected) else None)
            assert s.previous(before=(seg, at)) == (expected[i - 1] if i else None)
        everything = [
            (o.start, o.end)
            for i, item in enumerate(s.items)
            for o in item.occurrences
            if o.segment == seg and s.role_of(i)
        ]
        shown = [(a, b) for a, b, _ in s.spans_in(seg, 0, len(segment.text))]
        assert sorted(shown) == sorted(everything)
        for m in (m for m in expected if m.segment == seg):
            assert s.find_mark(seg, m.start, m.end) is not None
            under = s.mark_at(seg, m.start)
            assert under is not None and under.start <= m.start < under.end
    # a word made known leaves the walk at once, wherever it occurs
    item = expected[-1].item
    s.set_status(item, "known")
    s.select(None)
    walked = []
    while (mark := s.next()) is not None:
        walked.append(mark)
        s.select(mark)
    assert walked == _reference(s) and all(m.item != item for m in walked)
    assert s.highlighted == len(walked) < len(expected)
