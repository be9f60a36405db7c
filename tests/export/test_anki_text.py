"""The text of Anki notes, without Anki: escaping, blanking, trimming, labels, gloss clean-up."""

from __future__ import annotations

import re

import pytest

from studyterm.export.anki_text import (
    BLANK,
    Forms,
    blank_word,
    choose_example,
    clean_gloss,
    clue_text,
    escape,
    find_forms,
    none_but,
    pos_label,
    trim_sentence,
    word_forms,
)
from studyterm.model import Occurrence, VocabItem


def _item(
    lemma: str, pos: str, forms: list[str] | None = None, sentences: list[str] | None = None
) -> VocabItem:
    occurrences = []
    for i, sentence in enumerate(sentences or []):
        at = sentence.lower().find(lemma[:4])
        occurrences.append(Occurrence(i, at, at + len(lemma), sentence, at, at + len(lemma)))
    return VocabItem(
        lemma, pos, forms or [lemma], len(occurrences), 9000, 3.0, "K9", "C1", "cefrpy", occurrences
    )


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "\\(x^2\\) and \\[y\\]",
            "<span>\\</span>(x^2<span>\\</span>) and <span>\\</span>&#91;y<span>\\</span>&#93;",
        ),
        ("{{Gloss}} [sound:a.mp3]", "&#123;&#123;Gloss&#125;&#125; &#91;sound:a.mp3&#93;"),
        ("<b>bold</b> & more", "&lt;b&gt;bold&lt;/b&gt; &amp; more"),
        ("plain words, 多边主义", "plain words, 多边主义"),
    ],
)
def test_text_is_shown_literally(text: str, shown: str) -> None:
    assert escape(text) == shown
    assert "\\(" not in escape(text) and "\\[" not in escape(text)


def test_every_form_of_the_word_is_blanked() -> None:
    item = _item("consolidate", "VERB", ["consolidate", "consolidated"])
    forms = word_forms(item)
    text = "Consolidated funds will consolidate and keep consolidating; consolidation differs."
    found = [text[a:b] for a, b in find_forms(text, forms)]
    assert found == ["Consolidated", "consolidate", "consolidating"]
    # the adjective "consolidated" hides its verb's forms too
    adjective = word_forms(_item("consolidated", "ADJ"))
    assert "consolidate" in set(adjective) and "consolidates" in set(adjective)
    # irregular forms met in the episode share no start with the lemma: found all the same
    text = "They went, have gone and go again."
    found = [text[a:b] for a, b in find_forms(text, word_forms(_item("go", "VERB", ["went", "gone"])))]
    assert found == ["went", "gone", "go"]
    # whole words only: a hyphenated compound or a longer word is not the word
    assert find_forms("tariff-free tariffs tariff", Forms.of(["tariff", "tariffs"])) == [(12, 19), (20, 26)]


def test_a_definition_that_contains_the_word_is_blanked() -> None:
    item = _item("despite", "ADP")
    assert blank_word("despite; in spite of", word_forms(item)) == f"{BLANK}; in spite of"
    phrase = _item("in spite of", "PHRASE")
    assert blank_word("In spite of: despite", word_forms(phrase)) == f"{BLANK}: despite"
    assert blank_word("<not> & here", word_forms(item)) == "&lt;not&gt; &amp; here"


@pytest.mark.parametrize(
    ("gloss", "clean"),
    [
        ("contest的过去式和过去分词", None),
        ("v. 争辩；contest的过去式", "v. 争辩"),
        ("(contest)的复数", None),
        ("n. 比赛；竞争\nv. 争辩", "n. 比赛；竞争\nv. 争辩"),
        ("adj. 有争议的\nv. contest的过去分词", "adj. 有争议的"),
        ("的确", "的确"),
        ("v. 发誓戒除（forswear 的过去分词）", "v. 发誓戒除"),
    ],
)
def test_dictionary_inflection_notes_are_dropped(gloss: str, clean: str | None) -> None:
    assert clean_gloss(gloss) == clean


def test_examples_of_eight_to_thirty_words_are_preferred_and_long_ones_trimmed() -> None:
    short = "The talks were tentative."
    good = "Officials called the offer tentative, and the talks will resume in the capital soon."
    item = _item("tentative", "ADJ", sentences=[short, good])
    assert choose_example(item) is item.occurrences[1]
    words = [f"w{i}" for i in range(60)]
    words[30] = "tentative"
    long = " ".join(words)
    at = long.index("tentative")
    text, spans = trim_sentence(long, [(at, at + 9)])
    assert text.startswith("… ") and text.endswith(" …")
    assert len(text.split()) == 32  # 30 words and two ellipses
    assert [text[a:b] for a, b in spans] == ["tentative"]
    assert trim_sentence(good, [(0, 9)]) == (good, [(0, 9)])


def test_learner_labels_for_parts_of_speech() -> None:
    assert [pos_label(p) for p in ("NOUN", "VERB", "ADJ", "ADV", "PHRASE")] == [
        "n.",
        "v.",
        "adj.",
        "adv.",
        "phr.",
    ]
    assert re.fullmatch(r"[a-z]+\.", pos_label("X"))


@pytest.mark.parametrize(
    ("definition", "clue"),
    [
        ("v. past participle of forswear", None),
        ("plural of tariff; a tax on imports", "a tax on imports"),
        ("n. a fight; v. past tense of fight", "n. a fight"),
        ("the state of being one of many", "the state of being one of many"),
        (None, None),
    ],
)
def test_english_inflection_notes_are_kept_off_fronts(definition: str | None, clue: str | None) -> None:
    assert clue_text(definition) == clue


def _card(lemma: str, pos: str, sentence: str, met: str, definition: str | None = None) -> list[str]:
    """The fields of the note for a word met as `met` in `sentence` (forms: only that one)."""
    from studyterm.export.anki import FIELDS, DeckWord, note_fields
    from studyterm.model import Episode, Segment

    at = sentence.index(met)
    item = VocabItem(
        lemma,
        pos,
        [met],
        1,
        9000,
        3.0,
        "K9",
        "C1",
        "cefrpy",
        [Occurrence(0, at, at + len(met), sentence, at, at + len(met))],
        gloss="释义",
        definition=definition,
    )
    fields = note_fields(DeckWord(item, Episode(title="t", segments=[Segment(sentence)])))
    return dict(zip(FIELDS, fields, strict=True))  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("lemma", "pos", "sentence", "met", "blanked"),
    [
        (
            "go",
            "VERB",
            "She goes to work as her father went before her, and he has gone far.",
            "goes",
            ["goes", "went", "gone"],
        ),
        (
            "do",
            "VERB",
            "He does what his brother did and what their father has done.",
            "does",
            ["does", "did", "done"],
        ),
        ("have", "VERB", "The city has what the region had: ports.", "has", ["has", "had"]),
        (
            "be",
            "VERB",
            "The talks were long, and the deal is fragile but was signed.",
            "were",
            ["were", "is", "was"],
        ),
        ("child", "NOUN", "One child asked why the other children had left.", "child", ["child", "children"]),
        ("crisis", "NOUN", "The crisis came after two smaller crises.", "crisis", ["crisis", "crises"]),
        (
            "phenomenon",
            "NOUN",
            "Such phenomena are rare; this phenomenon is new.",
            "phenomena",
            ["phenomena", "phenomenon"],
        ),
        ("woman", "NOUN", "The women thanked the woman who led them.", "women", ["women", "woman"]),
    ],
)
def test_irregular_forms_are_blanked_on_the_card(
    lemma: str, pos: str, sentence: str, met: str, blanked: list[str]
) -> None:
    card = _card(lemma, pos, sentence, met)
    # the recognition sentence shows the word met in bold; the production front blanks every
    # form of the word, irregular ones too, so none gives the answer away
    assert f"<b>{met}</b>" in card["Sentence"]
    assert card["Cloze"].count(BLANK) == len(blanked)
    shown = card["Cloze"].replace(BLANK, " ")
    assert not any(re.search(rf"\b{form}\b", shown) for form in blanked), card["Cloze"]
    assert "gos" not in shown and "dos" not in shown and "haves" not in shown


def test_irregular_forms_in_the_definition_are_blanked_on_the_cloze_front() -> None:
    card = _card(
        "spending",
        "NOUN",
        "Public spending rose again this year.",
        "spending",
        "the money spent by a government",
    )
    assert card["Clue"] == f"the money {BLANK} by a government"
    assert card["Definition"] == "the money spent by a government"  # the back keeps it


@pytest.mark.parametrize(
    ("lemma", "pos"),
    [
        ("consolidate", "VERB"),
        ("consolidated", "ADJ"),
        ("go", "VERB"),
        ("study", "VERB"),
        ("dying", "ADJ"),
        ("tariff", "NOUN"),
        ("child", "NOUN"),
        ("bat", "NOUN"),
        ("tie", "VERB"),
        ("cross-border", "ADJ"),
        ("good", "ADJ"),
        ("zorbing", "NOUN"),
    ],
)
def test_the_quick_start_finds_what_every_form_finds(lemma: str, pos: str) -> None:
    from studyterm.analysis.inflect import family_forms

    every = family_forms(lemma, pos) | {lemma}
    words = [*sorted(every), f"{lemma}x", lemma[:-1], f"re-{lemma}", f"{lemma}-free", f"{lemma}_"]
    for word in words:
        for text in (
            f"{word}",
            f"A {word.capitalize()}, {word}- and ({word}).",
            f"{word}'s {word}ly pre{word} {word.upper()}",
        ):
            quick = word_forms(_item(lemma, pos))  # forms made only when a text needs them
            found = find_forms(text, Forms.of(every))
            assert find_forms(text, quick) == found, text
            # and the quick test of a sentence with the word met in it says the same
            for span in [(0, len(word)), *found]:
                quick = word_forms(_item(lemma, pos))
                assert none_but(text, quick, span) == (not found or found == [span]), (text, span)


def test_every_special_character_is_written_as_an_entity_whatever_surrounds_it() -> None:
    shown = {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "[": "&#91;",
        "]": "&#93;",
        "{": "&#123;",
        "}": "&#125;",
        "\\": "<span>\\</span>",
    }
    for text in [
        "&lt;",
        "\\<b>",
        "[[&]]",
        "{\\}",
        "a&b<c>d[e]f{g}h\\i",
        "&#91;",
        "<span>\\</span>",
        "多边&主义",
        "x" * 40 + "&" + "\\" * 3,
    ]:
        assert escape(text) == "".join(shown.get(c, c) for c in text), text


@pytest.mark.parametrize(
    ("sentence", "met", "front"),
    [
        ("Prosecutors called it a Ponzi scheme.", "Ponzi scheme", "Ponzi scheme"),
        ("Investors lost money in Ponzi schemes.", "Ponzi schemes", "Ponzi schemes"),
        ("Ponzi schemes always collapse.", "Ponzi schemes", "ponzi schemes"),  # the sentence's capital
        ("PONZI SCHEME EXPOSED", "PONZI SCHEME", "ponzi scheme"),  # a title's
    ],
)
def test_an_expressions_front_keeps_the_texts_capitals(sentence: str, met: str, front: str) -> None:
    from studyterm.export.anki import shown_word

    start = sentence.index(met)
    occ = Occurrence(0, start, start + len(met), sentence, start, start + len(met))
    item = VocabItem(
        "ponzi scheme", "PHRASE", [met.lower()], 1, None, 0.0, "phrase", "C1", "phrase list", [occ], True
    )
    assert shown_word(item, occ) == front
