"""The analysis streamed: Docs read one at a time give what reading them all first gave, with one
process or two, and names found late still count everywhere."""

from __future__ import annotations

from pathlib import Path

from studyterm.analysis.vocab import Analyzer
from studyterm.ingest import load_episode
from studyterm.model import Episode, Segment

NEWS = Path(__file__).parent.parent / "fixtures" / "news"


def _occurrences(analysis, lemma: str) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return [(o.segment, o.start) for i in analysis.items if i.lemma.lower() == lemma for o in i.occurrences]


def test_a_word_found_to_be_a_name_later_is_a_name_where_it_came_first(
    analyzer: Analyzer,
) -> None:
    # "Reform" opens the first paragraph's sentences, where any word is capitalised; only the
    # second paragraph shows it is a name (the Reform wing): it is a name in both
    first = Segment("Reform is slow. Reform takes years, officials said.")
    alone = analyzer.analyse(Episode("one", [first]))
    assert _occurrences(alone, "reform") == [(0, 0), (0, 16)]
    later = Segment("Members of the party's Reform wing walked out on Tuesday.")
    both = analyzer.analyse(Episode("two", [first, later]))
    assert _occurrences(both, "reform") == []
    assert both.other_bands["names"] > alone.other_bands.get("names", 0)


def test_two_processes_give_the_same_analyses_as_one(analyzer: Analyzer) -> None:
    episodes = [load_episode(p) for p in sorted(NEWS.glob("*.txt"))[:3]]
    one = list(analyzer.analyse_all(episodes, n_process=1))
    two = list(analyzer.analyse_all(episodes, n_process=2))
    assert [a.content_hash for a in two] == [e.content_hash for e in episodes]
    assert [a.to_dict() for a in two] == [a.to_dict() for a in one]


def test_progress_counts_every_character_once(analyzer: Analyzer) -> None:
    episodes = [load_episode(p) for p in sorted(NEWS.glob("*.txt"))[:2]]
    heard: list[tuple[int, int]] = []
    started: list[int] = []
    list(analyzer.analyse_all(episodes, progress=lambda d, t: heard.append((d, t)), starting=started.append))
    total = sum(len(s.text) for e in episodes for s in e.segments)
    assert started == [0, 1]
    assert len(heard) == sum(len(e.segments) for e in episodes)  # a paragraph at a time
    assert [d for d, _ in heard] == sorted(d for d, _ in heard)
    assert heard[-1] == (total, total)


def test_an_episode_without_text_is_analysed_too(analyzer: Analyzer) -> None:
    empty = Episode("nothing", [])
    some = Episode("some", [Segment("Negotiators reached a tentative agreement.")])
    analyses = list(analyzer.analyse_all([empty, some, empty]))
    assert [a.content_hash for a in analyses] == [empty.content_hash, some.content_hash, empty.content_hash]
    assert analyses[0].items == [] and analyses[1].items
