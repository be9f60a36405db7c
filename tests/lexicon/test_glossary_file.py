"""The shipped glossary and phrase list: every line parses and holds what a learner needs."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from studyterm.analysis.phrases import PHRASE_KINDS
from studyterm.analysis.senses import _stem

HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
POS = {"NOUN", "VERB", "ADJ", "ADV", "ADP", "CCONJ", "SCONJ", "PRON", "DET", "NUM", "INTJ"}


def _lines(name: str) -> list[list[str]]:
    text = resources.files("studyterm.data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()]


@pytest.mark.parametrize(
    "name,header",
    [
        ("glossary.tsv", ["headword", "pos", "level", "gloss", "definition", "cues"]),
        ("phrases.tsv", ["phrase", "kind", "gloss", "definition", "level", "cues"]),
    ],
)
def test_every_line_parses(name: str, header: list[str]) -> None:
    lines = _lines(name)
    assert lines[0] == header
    for n, fields in enumerate(lines[1:], start=2):
        assert len(fields) == len(header), f"{name}:{n}: {fields}"
        assert all(f.strip() == f for f in fields), f"{name}:{n}: padded field"
        optional = {"level", "cues"}
        assert all(f for f, h in zip(fields, header, strict=True) if h not in optional), (
            f"{name}:{n}: empty field"
        )


def test_glossary_entries() -> None:
    rows = _lines("glossary.tsv")[1:]
    assert len({r[0].lower() for r in rows}) >= 20_000
    senses: dict[tuple[str, str], list[list[str]]] = {}
    for r in rows:
        senses.setdefault((r[0], r[1]), []).append(r)
    for key, group in senses.items():
        # several rows of one headword and POS are its senses: each with cue words to pick it
        # by and its own level (*bill*: 法案 C1, 账单 A2), at most six
        assert len(group) <= 6, key
        assert all(r[2] for r in group), key
        if len(group) > 1:
            assert all(r[5] for r in group), key
    for head, pos, level, gloss, definition, cues in rows:
        assert level in {"", "A1", "A2", "B1", "B2", "C1", "C2"}, (head, level)
        assert re.fullmatch(r"[a-z' -]*", cues), (head, cues)
        assert re.fullmatch(r"[A-Za-z][A-Za-z'-]*", head), head
        assert pos in POS, (head, pos)
        assert HAN.search(gloss), (head, gloss)  # glosses are Chinese
        assert len(LATIN_WORD.findall(gloss)) <= 1, (head, gloss)  # at most a 卡拉OK-style loan
        assert not HAN.search(definition), (head, definition)  # definitions are English
        assert len(definition.split()) <= 15, (head, definition)
        assert LATIN_WORD.search(definition), (head, definition)


def test_a_words_own_forms_are_not_its_cue_words() -> None:
    """A cue meets the word itself in that form (*spectacles*: glasses), so a verb's tense or an
    adjective's degree would pick one sense whatever the sentence says (*slumped* the 颓然倒下 of
    every "prices slumped"); only a noun's plural may, for a sense the plural names (*authorities*
    当局, *talks* 会谈): the plural of any count noun otherwise takes the sense that lists it
    (*in some cases* was 病例, *shipping lanes* 小路)."""
    for head, pos, _, gloss, _, cues in _lines("glossary.tsv")[1:]:
        own = [c for c in cues.split() if c != head.lower() and _stem(c) == _stem(head.lower())]
        if pos == "NOUN":  # its plural (another form is another word's: *batting* for the bat)
            plural = {head + "s", head + "es", head[:-1] + "ies"}
            own = [c for c in own if c in plural and head not in _PLURAL_SENSES]
        assert not own, (head, pos, gloss, own)


# nouns one of whose senses its plural names (a cue may be that plural)
_PLURAL_SENSES = frozenset(
    "authority fatigue force formality fortune frill green laurel margin premise share sideline sight"  # noqa: SIM905
    " spectacle stake stride rumbling talk tear term time vat wood work writing".split()
)


def test_phrase_list_entries() -> None:
    rows = _lines("phrases.tsv")[1:]
    senses: dict[str, list[list[str]]] = {}
    previous = None
    for r in rows:
        # several rows of one phrase are its senses, side by side, each with cue words to pick
        # it by and its own level (*pick up*: 捡起 A2, 回升 C1), at most six
        assert r[0] == previous or r[0] not in senses, f"{r[0]}: its senses are not together"
        senses.setdefault(r[0], []).append(r)
        previous = r[0]
    assert len(senses) >= 2500
    for phrase, group in senses.items():
        assert len(group) <= 6, phrase
        assert len({r[1] for r in group}) == 1, phrase
        if len(group) > 1:
            assert all(r[5] for r in group), phrase
    for phrase, kind, gloss, definition, level, cues in rows:
        assert re.fullmatch(r"[a-z ]*", cues), (phrase, cues)
        assert phrase == phrase.lower() and (" " in phrase or "-" in phrase), phrase
        assert kind in PHRASE_KINDS, (phrase, kind)
        assert HAN.search(gloss) and not HAN.search(definition), phrase
        assert level in {"A1", "A2", "B1", "B2", "C1", "C2"}, (phrase, level)


def test_one_entry_per_expression() -> None:
    """Two keys the matcher finds in the same places (*quick fix* and *a quick fix*, or *civil
    right* for *civil rights*) would show a learner one expression twice or under a made-up form."""
    from studyterm.analysis.phrases import compile_pattern, phrase_list

    seen: dict[tuple[str, ...], str] = {}
    for key, phrase in phrase_list().items():
        pattern = compile_pattern(key, phrase.kind)
        if pattern is None or ("-" in key and " " not in key):
            continue
        assert pattern.elements not in seen, (seen.get(pattern.elements), key)
        seen[pattern.elements] = key
    # (an idiom's noun after *the* is met only as listed, singular or plural: *do the math* and
    # *do the maths* are found apart, as the matcher reads *poisoned wells* as no *poison the well*)
    singular = {
        key[:-1]
        for key, phrase in phrase_list().items()
        if key.endswith("s")
        and not (phrase.kind in ("idiom", "expression") and key.split()[-2:-1] == ["the"])
    }
    assert not singular & phrase_list().keys(), sorted(singular & phrase_list().keys())[:5]
