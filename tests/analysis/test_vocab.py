"""The analysis on the real spaCy pipeline: what is vocabulary, what never is, where it occurs."""

from __future__ import annotations

from studyterm.analysis.learner import Learner, advanced_items
from studyterm.model import Analysis, Episode, Segment

REQUIRED = [
    "multilateralism",
    "revitalization",
    "separatism",
    "sovereignty",
    "consolidate",
    "synergy",
    "extremism",
    "steadfastly",
]
NAMES = {
    "tokayev",
    "astana",
    "kazakh",
    "sco",
    "xi",
    "jinping",
    "kazakhstan",
    "tianjin",
    "china",
    "xiao",
    "bin",
    "kassym",
    "jomart",
    "shanghai",
    "asia",
    "chinese",
    "kazakhstan's",
}


def _lemmas(items) -> set[str]:  # type: ignore[no-untyped-def]
    return {i.lemma for i in items}


def test_sample_advanced_vocabulary_has_the_hard_words(sample_analysis: Analysis) -> None:
    advanced = _lemmas(advanced_items(sample_analysis, Learner()))
    for word in REQUIRED:
        assert word in advanced, word


def test_names_are_never_vocabulary(sample_analysis: Analysis) -> None:
    for item in sample_analysis.items:
        parts = set(item.lemma.replace("-", " ").split())
        assert not parts & NAMES, item.lemma
        assert all(not f[:1].isupper() for f in item.forms)


def test_numbers_and_measures_yield_the_measure_at_most(sample_analysis: Analysis) -> None:
    lemmas = _lemmas(sample_analysis.items)
    assert "kilometer" in lemmas
    assert not any(ch.isdigit() for lemma in lemmas for ch in lemma)
    assert "plus" not in lemmas and "1,700-plus-kilometer" not in lemmas


def test_hyphenated_compounds_are_one_item(sample_analysis: Analysis, sample_episode: Episode) -> None:
    by_lemma = {i.lemma: i for i in sample_analysis.items}
    for compound in ("cross-border", "people-to-people", "high-tech"):
        item = by_lemma[compound]
        occ = item.occurrences[0]
        assert sample_episode.segments[occ.segment].text[occ.start : occ.end].lower() == compound
    assert "border" not in by_lemma or all(
        "cross-border" not in o.sentence[o.sent_start - 6 : o.sent_end]
        for o in by_lemma["border"].occurrences
    )


def test_listed_phrases_match_on_lemmas(sample_analysis: Analysis) -> None:
    phrases = {i.lemma: i for i in sample_analysis.items if i.is_phrase}
    for phrase in ("weal and woe", "think tank", "mutual trust", "core interest"):
        assert phrase in phrases, phrase
    assert phrases["think tank"].forms == ["think tanks"]
    assert phrases["core interest"].count == 2


def test_occurrences_point_at_the_original_text(sample_analysis: Analysis, sample_episode: Episode) -> None:
    for item in sample_analysis.items:
        for occ in item.occurrences:
            surface = sample_episode.segments[occ.segment].text[occ.start : occ.end]
            assert surface.lower() in item.forms
            assert occ.sentence[occ.sent_start : occ.sent_end] == surface
            assert occ.sentence in sample_episode.segments[occ.segment].text


def test_glued_sentences_are_split(sample_analysis: Analysis) -> None:
    media = next(i for i in sample_analysis.items if i.lemma == "media")
    # "…tourism and media.Kazakhstan is the largest…": the sentence ends at "media."
    assert any(o.sentence.endswith("media.") for o in media.occurrences)


def test_hardest_first_then_first_occurrence(sample_analysis: Analysis) -> None:
    items = advanced_items(sample_analysis, Learner())
    ranks = [i.difficulty for i in items]
    assert all(r is not None for r in ranks)
    assert ranks == sorted(ranks, reverse=True)  # type: ignore[type-var]
    assert items[0].cefr == "C2" and "multilateralism" in {i.lemma for i in items[:10]}


def test_statuses_and_cefr_level(sample_analysis: Analysis) -> None:
    learner = Learner(statuses={"synergy": "known", "cooperation": "learning"})
    advanced = _lemmas(advanced_items(sample_analysis, learner))
    assert "synergy" not in advanced
    assert "cooperation" in advanced  # a K4 word, brought back by its status
    b2 = Learner(level="B2")
    cefr_items = advanced_items(sample_analysis, b2)
    assert all(i.cefr in ("C1", "C2") for i in cefr_items)
    assert "sovereignty" in _lemmas(cefr_items)  # B2 in cefrpy, C1 in our glossary: ours wins
    assert "multilateralism" in _lemmas(cefr_items)


def test_normalised_text_maps_back_to_the_original(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The minister\u00a0said\u200b \u201cmultilateralism\u201d matters\uff0c and the "
        "talks were substantive.Observers agreed."
    )
    episode = Episode(title="t", segments=[Segment(text)])
    analysis = analyzer.analyse(episode)
    by_lemma = {i.lemma: i for i in analysis.items}
    for word in ("multilateralism", "substantive", "observer"):
        occ = by_lemma[word].occurrences[0]
        assert text[occ.start : occ.end].lower().startswith(word)
    assert by_lemma["substantive"].occurrences[0].sentence.endswith("substantive.")


def test_timed_cues_are_merged_into_sentences(analyzer) -> None:  # type: ignore[no-untyped-def]
    episode = Episode(
        title="t",
        segments=[
            Segment("The leaders pledged to", 0.0, 2.0, "Anna"),
            Segment("consolidate their cooperation.", 2.0, 4.0, "Anna"),
            Segment("Observers praised the synergy.", 4.0, 6.0, "Ben"),
        ],
    )
    analysis = analyzer.analyse(episode)
    by_lemma = {i.lemma: i for i in analysis.items}
    occ = by_lemma["consolidate"].occurrences[0]
    assert occ.segment == 1
    assert occ.sentence == "The leaders pledged to consolidate their cooperation."
    assert occ.sentence[occ.sent_start : occ.sent_end] == "consolidate"
    assert by_lemma["synergy"].occurrences[0].segment == 2


def test_sound_notes_are_not_words_and_do_not_break_sentences(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Analysts said the reform was long overdue [laughter] but warned of fiscal "
        "repercussions. (APPLAUSE) He said [the tariffs] were rescinded."
    )
    analysis = analyzer.analyse(Episode(title="t", segments=[Segment(text)]))
    by_lemma = {i.lemma: i for i in analysis.items}
    assert not {"laughter", "applause"} & set(by_lemma)
    assert "tariff" in by_lemma  # an editor's [insertion] is still text
    occ = by_lemma["overdue"].occurrences[0]
    assert occ.sentence == (
        "Analysts said the reform was long overdue [laughter] but warned of fiscal repercussions."
    )
    assert text[occ.start : occ.end] == "overdue"
    assert by_lemma["repercussion"].occurrences[0].sentence == occ.sentence


def test_phrases_match_irregular_and_inflected_forms(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The two sides laid a solid foundation for ties. Officials are carrying out the plan, "
        "and think tanks praised their core interests."
    )
    analysis = analyzer.analyse(Episode(title="t", segments=[Segment(text)]))
    phrases = {i.lemma: i for i in analysis.items if i.is_phrase}
    assert phrases["lay a solid foundation"].forms == ["laid a solid foundation"]
    assert "carry out" in phrases and "think tank" in phrases and "core interest" in phrases
    # overlapping phrases: the longest wins, so "solid foundation" is not counted a second time
    assert "solid foundation" not in phrases


def test_an_expression_is_listed_by_its_citation_form_and_found_in_each_tense(analyzer) -> None:  # type: ignore[no-untyped-def]
    """*declined to comment* was a key of its own: *declines to comment* went unfound, and the
    list showed a past form as the headword."""
    text = "A spokesman declines to comment. The ministry declined to comment on the report."
    analysis = analyzer.analyse(Episode(title="t", segments=[Segment(text)]))
    phrases = {i.lemma: i for i in analysis.items if i.is_phrase}
    assert phrases["decline to comment"].count == 2, sorted(phrases)


def test_example_sentences_keep_a_leading_bracket(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = "[Editor's note] The minister announced sweeping sanctions yesterday."
    analysis = analyzer.analyse(Episode(title="note", segments=[Segment(text)]))
    item = next(i for i in analysis.items if i.lemma == "sanction")
    occ = item.occurrences[0]
    assert occ.sentence == text  # spaCy splits off the "[": the example keeps it
    assert occ.sentence[occ.sent_start : occ.sent_end] == "sanctions"
