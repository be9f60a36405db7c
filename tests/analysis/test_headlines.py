"""Headlines in title case or capitals give their vocabulary (reviewers found their words and
expressions missing: the small model took every capitalised word for a name), while the text's
names stay names and the reader shows the headline as written. On the real pipeline."""

from __future__ import annotations

import pytest

from studyterm.analysis.headlines import is_headline, sentence_case
from studyterm.model import Episode, Segment

BODY = (
    "The European Union and the United States were locked in a dispute on Tuesday after"
    " Washington slapped tariffs on European-made cars. Officials close to Trump said the duties"
    " would stay."
)


def _items(analyzer, *paragraphs: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    episode = Episode(title="headlines", segments=[Segment(p) for p in paragraphs])
    return {item.lemma: item for item in analyzer.analyse(episode).items}


def test_a_title_case_headline_gives_its_words_and_expressions(analyzer) -> None:  # type: ignore[no-untyped-def]
    headline = "Brussels and Washington Edge Towards Trade War Over Electric Vehicle Tariffs"
    items = _items(analyzer, headline, BODY)
    assert "edge towards" in items
    tariff = items["tariff"]
    assert any(occ.segment == 0 for occ in tariff.occurrences)  # type: ignore[attr-defined]
    # the reader's sentence is the headline as the text has it
    first = next(o for o in tariff.occurrences if o.segment == 0)  # type: ignore[attr-defined]
    assert first.sentence == headline
    # its names stay names: Washington and Brussels are no vocabulary
    assert not {"washington", "brussels"} & set(items)


def test_a_name_of_the_body_stays_a_name_in_the_headline(analyzer) -> None:  # type: ignore[no-untyped-def]
    items = _items(analyzer, "Defiant Governor Hosts Trump as Tariff Row Deepens", BODY)
    assert "trump" not in items  # the body has Trump in mid-sentence: a name, not 王牌
    assert "defiant" in items and "tariff" in items


def test_a_headline_in_capitals_gives_its_words_and_keeps_acronyms(analyzer) -> None:  # type: ignore[no-untyped-def]
    items = _items(analyzer, "DROUGHT LEAVES BARGES STRANDED AND TRADE IN LIMBO AS EU WARNS", BODY)
    assert {"barge", "in limbo"} <= set(items), sorted(items)
    assert "eu" not in items


@pytest.mark.parametrize(
    ("line", "headline"),
    [
        ("Brussels and Washington Edge Towards Trade War Over Electric Vehicle Tariffs", True),
        ("Marathon Fever: Is China's Running Boom Going Too Fast?", True),
        ("HEATWAVE PUSHES GRID TO THE BRINK", True),
        # sentence case is read as it is
        ("State Senate narrowly approves new voting map after all-night session", False),
        # a sentence of the body, however many names it holds
        ("Zhang Wei met Li Na and Wang Fang in Beijing on Monday.", False),
        ("Too Short", False),
    ],
)
def test_what_is_a_headline(line: str, headline: bool) -> None:
    assert is_headline(line) is headline


@pytest.mark.parametrize(
    ("line", "names", "cased"),
    [
        (
            "Why Can't We Put the Phone Down? Young People and the Sleep Crisis",
            set(),
            "Why can't we put the phone down? Young people and the sleep crisis",
        ),
        (
            "Trading Up: Are Old-for-New Subsidies Getting Shoppers to Spend?",
            set(),
            "Trading up: Are old-for-new subsidies getting shoppers to spend?",
        ),
        ("Biden Hosts Trump at White House", {"Trump", "White", "House"}, "Biden hosts Trump at White House"),
        (
            "HEATWAVE PUSHES GRID TO THE BRINK AS EU WARNS",
            set(),
            "Heatwave pushes grid to the brink as EU warns",
        ),
    ],
)
def test_sentence_case_keeps_the_length_and_the_names(line: str, names: set[str], cased: str) -> None:
    assert sentence_case(line, names) == cased
    assert len(cased) == len(line)
