"""The phrase finder's indexes (patterns found by their rarest word, tried only in a sentence
holding all their words) find exactly what trying every pattern of every token's first word finds,
in the same order, on real texts."""

from __future__ import annotations

from pathlib import Path

from studyterm.analysis import phrases
from studyterm.analysis.tokens import TokenTable
from studyterm.model import Episode

GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "gold"


def _every_pattern(finder: phrases.PhraseFinder, t: phrases._Tokens) -> list[phrases.PhraseMatch]:
    """The candidates with no index: every pattern a token's lemma or text opens is tried there."""
    rows = phrases._pattern_index()[0]
    by_first = {first: [phrases._Pattern(*row) for row in patterns] for first, patterns in rows.items()}
    found: list[phrases.PhraseMatch] = []
    for i in range(t.n):
        seen: set[str] = set()
        for word in (t.lemma[i], t.lower[i]):
            for pattern in by_first.get(word, ()):
                if pattern.key in seen:
                    continue
                match = phrases._listed_match(t, pattern, i)
                if match is not None:
                    seen.add(pattern.key)
                    found.append(match)
        if t.pos[i] == "NOUN":
            for key, verb in finder._passive.get(t.lemma[i], ()):
                j = phrases._passive_verb(t, i, verb)
                if j is not None:
                    found.append(phrases.PhraseMatch(key, finder._kinds[key], i, j + 1, True, (i, j)))
        if t.pos[i] == "VERB" and i + 1 < t.n and t.tag[i + 1] == "RP":
            key = f"{t.lemma[i]} {t.lower[i + 1]}"
            if key not in finder._kinds:
                found.append(phrases.PhraseMatch(key, "phrasal", i, i + 2, False, (i, i + 1)))
    return found


def test_indexed_finder_finds_what_every_pattern_finds(analyzer, sample_episode: Episode) -> None:  # type: ignore[no-untyped-def]
    texts = [s.text for s in sample_episode.segments]
    # tuning texts only (benchmarks/quality.py keeps 03 aside)
    texts += [p.read_text(encoding="utf-8") for p in sorted(GOLD.glob("0[1245]-*.txt"))]
    finder = analyzer.phrases
    listed = 0
    for doc in analyzer.nlp.pipe(texts):
        tokens = phrases._Tokens(TokenTable(doc))
        expected = _every_pattern(finder, tokens)
        assert finder._candidates(tokens) == expected
        assert finder.find(doc) == phrases._resolve(expected)
        listed += sum(m.listed for m in expected)
    assert listed > 50  # the texts hold expressions for the indexes to find
