"""Look-ups against the built-in glossary: by lemma and POS, with fallbacks; coverage of real text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studyterm.analysis.learner import Learner, advanced_items
from studyterm.lexicon import Lexicon, enrich
from studyterm.model import Analysis, Episode, Segment

HAN = re.compile(r"[\u4e00-\u9fff]")
NEWS = Path(__file__).resolve().parent.parent / "fixtures" / "news"


def test_lookup_by_pos_and_fallbacks() -> None:
    lex = Lexicon()
    advance_noun = lex.lookup("advance", "NOUN")
    advance_verb = lex.lookup("advance", "VERB")
    assert advance_noun and advance_verb and advance_noun.gloss != advance_verb.gloss
    # POS the glossary does not have: any entry of the lemma
    assert lex.lookup("multilateralism", "ADJ").gloss == lex.lookup("multilateralism", "NOUN").gloss
    # an inflected form falls back to its base
    assert (
        lex.lookup("consolidated", "VERB", ("consolidated",)).gloss == lex.lookup("consolidate", "VERB").gloss
    )
    assert lex.lookup("think tank", "PHRASE").gloss == "智库"
    assert lex.lookup("qwzxv", "NOUN") is None


def test_every_advanced_word_of_the_sample_has_a_chinese_gloss(sample_analysis: Analysis) -> None:
    items = enrich(advanced_items(sample_analysis, Learner()))
    assert items
    missing = [i.lemma for i in items if not (i.gloss and HAN.search(i.gloss))]
    assert missing == []
    multi = next(i for i in items if i.lemma == "multilateralism")
    assert multi.gloss == "多边主义" and multi.definition


@pytest.mark.skipif(not NEWS.is_dir(), reason="news fixtures missing")
def test_most_advanced_items_of_news_transcripts_are_glossed(analyzer) -> None:  # type: ignore[no-untyped-def]
    total = glossed = 0
    for path in sorted(NEWS.glob("*.txt")):
        paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        analysis = analyzer.analyse(Episode(title=path.stem, segments=[Segment(p) for p in paragraphs]))
        items = enrich(advanced_items(analysis, Learner()))
        total += len(items)
        glossed += sum(1 for i in items if i.gloss)
    assert total > 100
    assert glossed / total >= 0.90, f"{glossed}/{total}"


def test_base_fallback_only_where_the_suffix_fits_the_pos() -> None:
    lex = Lexicon()
    # "ledger" must never borrow the gloss of "ledge"
    ledge = lex.lookup("ledge", "NOUN")
    ledger = lex.lookup("ledger", "NOUN")
    assert ledger is None or ledger.gloss != ledge.gloss
    assert lex.lookup("safeguarded", "VERB").gloss == lex.lookup("safeguard", "VERB").gloss
