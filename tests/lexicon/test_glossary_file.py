"""The shipped glossary and phrase list: every line parses and holds what a learner needs."""

from __future__ import annotations

import re
from importlib import resources

import pytest

HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
POS = {"NOUN", "VERB", "ADJ", "ADV", "ADP", "CCONJ", "SCONJ", "PRON", "DET", "NUM", "INTJ"}


def _lines(name: str) -> list[list[str]]:
    text = resources.files("studyterm.data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()]


@pytest.mark.parametrize("name,header", [
    ("glossary.tsv", ["headword", "pos", "gloss", "definition"]),
    ("phrases.tsv", ["phrase", "kind", "gloss", "definition", "level"]),
])
def test_every_line_parses(name: str, header: list[str]) -> None:
    lines = _lines(name)
    assert lines[0] == header
    for n, fields in enumerate(lines[1:], start=2):
        assert len(fields) == len(header), f"{name}:{n}: {fields}"
        assert all(f.strip() == f and f for f in fields), f"{name}:{n}: empty or padded field"


def test_glossary_entries() -> None:
    rows = _lines("glossary.tsv")[1:]
    assert len(rows) >= 8000
    keys = [(r[0], r[1]) for r in rows]
    assert len(keys) == len(set(keys)), "duplicate headword for one POS"
    for head, pos, gloss, definition in rows:
        assert re.fullmatch(r"[A-Za-z][A-Za-z'-]*", head), head
        assert pos in POS, (head, pos)
        assert HAN.search(gloss), (head, gloss)  # glosses are Chinese
        assert len(LATIN_WORD.findall(gloss)) <= 1, (head, gloss)  # at most a 卡拉OK-style loan
        assert not HAN.search(definition), (head, definition)  # definitions are English
        assert len(definition.split()) <= 15, (head, definition)
        assert LATIN_WORD.search(definition), (head, definition)


def test_phrase_list_entries() -> None:
    rows = _lines("phrases.tsv")[1:]
    assert len(rows) >= 300
    phrases = [r[0] for r in rows]
    assert len(phrases) == len(set(phrases))
    for phrase, kind, gloss, definition, level in rows:
        assert phrase == phrase.lower() and (" " in phrase or "-" in phrase), phrase
        assert kind in {"compound", "expression", "phrasal", "collocation"}, (phrase, kind)
        assert HAN.search(gloss) and not HAN.search(definition), phrase
        assert level in {"A1", "A2", "B1", "B2", "C1", "C2"}, (phrase, level)
