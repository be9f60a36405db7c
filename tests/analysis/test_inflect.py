"""Inflection: the forms of a word, irregular ones included, as ranking and card fronts use them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from studyterm.analysis.inflect import bases_of, family_forms, family_start, forms_of


@pytest.mark.parametrize(
    ("lemma", "pos", "forms", "never"),
    [
        ("go", "VERB", {"go", "goes", "went", "gone", "going"}, {"gos", "goed"}),
        ("do", "VERB", {"do", "does", "did", "done", "doing"}, {"dos", "doed"}),
        ("have", "VERB", {"have", "has", "had", "having"}, {"haves", "haved"}),
        ("be", "VERB", {"be", "am", "is", "are", "was", "were", "been", "being"}, {"bes", "bed"}),
        ("commit", "VERB", {"commit", "commits", "committed", "committing"}, {"commited"}),
        ("child", "NOUN", {"child", "children"}, {"childs"}),
        ("crisis", "NOUN", {"crisis", "crises"}, {"crisises"}),
        ("mouse", "NOUN", {"mouse", "mice"}, set()),
        ("woman", "NOUN", {"woman", "women"}, {"womans"}),
        ("good", "ADJ", {"good", "better", "best"}, {"gooder"}),
        ("analysis", "NOUN", {"analysis", "analyses"}, {"analysises"}),
    ],
)
def test_forms_come_from_the_dictionary_irregular_ones_included(
    lemma: str, pos: str, forms: set[str], never: set[str]
) -> None:
    got = forms_of(lemma, pos)
    assert forms <= set(got), got
    assert not never & set(got), got
    assert got[0] == lemma


def test_words_the_dictionary_lacks_get_the_regular_rules() -> None:
    # made-up words: consonant + o takes -es as a verb; -ie makes -ying
    assert set(forms_of("zeto", "VERB")) == {"zeto", "zetoes", "zetoed", "zetoing"}
    assert set(forms_of("blorie", "VERB")) == {"blorie", "blories", "bloried", "blorying"}
    assert set(forms_of("glimber", "NOUN")) == {"glimber", "glimbers"}
    assert forms_of("bilateral ties", "NOUN") == ["bilateral ties"]
    # a noun the dictionary gives no plural but itself keeps the regular one: the tagger reads
    # "as the planet warms" as a noun, and its lemma is still "warm"
    assert forms_of("warm", "NOUN") == ["warm", "warms"]


@pytest.mark.parametrize(
    "word",
    [
        "go",
        "went",
        "spending",
        "consolidated",
        "studies",
        "dying",
        "committed",
        "children",
        "kroner",
        "cross-borders",
        "zetoing",
        "better",
        "data",
        "being",
        "tie",
        "ties",
        "bats",
    ],
)
@pytest.mark.parametrize("pos", ["NOUN", "VERB", "ADJ", "ADV"])
def test_a_words_family_is_its_forms_and_those_of_the_word_it_inflects(word: str, pos: str) -> None:
    expected = {word, *forms_of(word, "VERB"), *forms_of(word, "NOUN")}
    if pos not in ("VERB", "NOUN"):
        expected.update(forms_of(word, pos))
    for base in bases_of(word):
        for other in ("VERB", "NOUN"):
            if word in (family := forms_of(base, other)):
                expected.update(family)
    family = family_forms(word, pos)
    assert family == expected
    # the start card fronts look for: every form has it
    start = family_start(word)
    assert all(form.startswith(start) for form in family), (start, family)


def test_a_gerund_brings_its_verbs_irregular_forms() -> None:
    assert {"spend", "spends", "spent", "spending"} <= family_forms("spending", "NOUN")


def test_forms_need_neither_spacy_nor_lemminflects_import() -> None:
    # an export of analysed episodes or a review's typed answer must not wait for spaCy
    code = (
        "import sys\n"
        "from studyterm.analysis.inflect import forms_of\n"
        "assert set(forms_of('go', 'VERB')) == {'go', 'goes', 'went', 'gone', 'going'}\n"
        "assert 'is' in forms_of('be', 'VERB')\n"
        "print(sorted(m for m in ('spacy', 'lemminflect') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"
