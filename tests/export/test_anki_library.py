"""Weeks of a learner's Anki use, replayed on a real collection with the `anki` library.

The library's deck builder (`export.anki_library`) is what both the `anki` command and the
reader's `e` call. Each test exports with real spaCy and genanki, imports with Anki's default
options ("update if newer"), does in Anki what a learner does (edits a template and a gloss, adds
tags, gets a leech, reviews cards), exports again and checks what survived.
"""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from studyterm.analysis.learner import Learner, advanced_items
from studyterm.errors import ExportError
from studyterm.export import anki
from studyterm.export.anki_library import export_episode_deck, export_library_deck
from studyterm.model import Analysis, Episode, Segment
from studyterm.store import Store


def _episode(title: str, published: date, *sentences: str, timed: bool = True) -> Episode:
    """A World News episode, one sentence a segment (five seconds each when timed)."""
    return Episode(
        title=title,
        podcast="World News",
        published=published,
        segments=[
            Segment(text, 10.0 * i if timed else None, 10.0 * i + 5 if timed else None)
            for i, text in enumerate(sentences, 1)
        ],
    )


TRADE = _episode(
    "Trade talks",
    date(2025, 6, 17),
    "Farmers say the new agreement will be beneficial to exporters across the whole region this year.",
    "The negotiators reaffirmed their commitment after a protracted dispute over tariffs on steel and grain.",
    "Officials called the offer tentative, and the talks will resume in the capital next month.",
    "The leaflet printed \\(x^2\\) and \\[y\\] and {{Gloss}} beside an unprecedented <b>surge</b> in orders.",
)
FARMS = _episode(
    "Farm policy",
    date(2025, 6, 24),
    "Experts said the unprecedented rains were hard on small farms and rural families in the "
    "north of the country.",
    "The ministry will consolidate its subsidies this year, and the consolidated funds will reach "
    "villages that have waited for years while prices of seed, fuel and fertiliser kept rising "
    "and the banks that once lent to farmers closed their branches one after another across the "
    "province.",
    timed=False,
)


@pytest.fixture(scope="module")
def analyses(analyzer) -> dict[str, Analysis]:  # type: ignore[no-untyped-def]
    return {TRADE.id: analyzer.analyse(TRADE), FARMS.id: analyzer.analyse(FARMS)}


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    (tmp_path / "anki").mkdir()
    return tmp_path / "anki" / "collection.anki2"


def _import(col_path: Path, apkg: Path, **options: Any) -> Any:
    col = Collection(str(col_path))
    try:
        request = ImportAnkiPackageRequest(
            package_path=str(apkg), options=ImportAnkiPackageOptions(**options)
        )
        return col.import_anki_package(request).log
    finally:
        col.close()


def _notes(col: Collection) -> dict[str, Any]:
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {n["Lemma"]: n for n in notes if "Lemma" in n}


def _sources(
    store: Store, analyses: dict[str, Analysis], *episodes: Episode
) -> list[tuple[Episode, list[Any]]]:
    return [(ep, advanced_items(analyses[ep.id], Learner())) for ep in episodes]


def _learner_edits(col_path: Path) -> dict[str, int]:
    """What a learner does in Anki after the first import; the review counts it leaves."""
    col = Collection(str(col_path))
    try:
        notetype = col.models.by_name(anki.MODEL_NAME)
        assert notetype is not None
        notetype["css"] += "\n.mine { color: purple; }\n"
        notetype["tmpls"][0]["afmt"] += "\n<!-- my note -->"
        col.models.update_dict(notetype)
        notes = _notes(col)
        notes["tentative"]["Gloss"] = "我自己的释义"
        col.update_note(notes["tentative"])
        notes["reaffirm"].add_tag("mine")
        col.update_note(notes["reaffirm"])
        notes["tariff"].add_tag("leech")
        notes["tariff"].add_tag("marked")
        col.update_note(notes["tariff"])
        reviewed = {}
        for lemma in ("resume", "protracted"):
            for card in notes[lemma].cards():
                card.start_timer()
                col.sched.answerCard(card, 3)
                reviewed[f"{lemma}:{card.template()['name']}"] = col.get_card(card.id).reps
        return reviewed
    finally:
        col.close()


def test_a_learners_collection_survives_exports_one_episode_at_a_time(
    analyses: dict[str, Analysis], tmp_path: Path, collection: Path
) -> None:
    t0 = time.time() - 3600
    with Store(tmp_path / "library.sqlite3") as store:
        store.add_episode(TRADE, analyses[TRADE.id])
        # week 1: the trade episode, with cloze cards too
        first = export_library_deck(
            store,
            _sources(store, analyses, TRADE),
            tmp_path / "1.apkg",
            anki.DeckOptions(cards=anki.CARD_TYPES),
            now=t0,
        )
        log = _import(collection, first.path)
        assert len(log.new) == first.notes
        reviewed = _learner_edits(collection)
        assert reviewed["resume:Cloze"] == 1

        # week 2: a new episode in the library, exported alone, without cloze (saved as the
        # choice from now on)
        store.add_episode(FARMS, analyses[FARMS.id])
        second = export_library_deck(
            store,
            _sources(store, analyses, FARMS),
            tmp_path / "2.apkg",
            anki.DeckOptions(cards=("recognition", "production")),
            now=time.time() + 60,
        )
        log = _import(collection, second.path)
        assert {"consolidate", "subsidy"} <= {n.fields[1] for n in log.new}
        # the shared word is the only note updated: its tags now name both episodes
        assert [n.fields[1] for n in log.updated] == ["unprecedented"]

        # week 3: the reader's `e` on the trade episode: the default cards, but the cloze cards
        # under review stay; nothing changed, so nothing is updated
        third = export_episode_deck(store, TRADE.id, Learner(), tmp_path / "3.apkg", now=time.time() + 120)
        assert third.notes == first.notes
        log = _import(collection, third.path)
        assert not log.new and not log.updated and not log.conflicting

    col = Collection(str(collection))
    try:
        notetypes = [m.name for m in col.models.all_names_and_ids() if m.name.startswith(anki.MODEL_NAME)]
        assert notetypes == [anki.MODEL_NAME]
        notetype = col.models.by_name(anki.MODEL_NAME)
        assert ".mine" in notetype["css"] and "<!-- my note -->" in notetype["tmpls"][0]["afmt"]
        notes = _notes(col)
        assert notes["tentative"]["Gloss"] == "我自己的释义"
        assert "mine" in notes["reaffirm"].tags
        assert {"leech", "marked"} <= set(notes["tariff"].tags)
        # the cloze card under review is still there, answerable, with its history
        cloze = next(c for c in notes["resume"].cards() if c.template()["name"] == "Cloze")
        assert cloze.reps == 1 and 'class="blank"' in cloze.question()
        assert not col.get_empty_cards().notes  # no card was emptied
        # the shared word: both episodes' tags, and the sentence first chosen
        shared = notes["unprecedented"]
        assert {"episode::Trade_talks", "episode::Farm_policy"} <= set(shared.tags)
        assert "The leaflet printed" in shared["Sentence"]
    finally:
        col.close()


def test_cards_are_answerable_and_text_is_literal(
    analyses: dict[str, Analysis], tmp_path: Path, collection: Path
) -> None:
    with Store(tmp_path / "library.sqlite3") as store:
        store.add_episode(TRADE, analyses[TRADE.id])
        store.add_episode(FARMS, analyses[FARMS.id])
        exported = export_library_deck(
            store,
            _sources(store, analyses, TRADE, FARMS),
            tmp_path / "deck.apkg",
            anki.DeckOptions(cards=anki.CARD_TYPES),
        )
    items = {i.lemma for ep in (TRADE, FARMS) for i in advanced_items(analyses[ep.id], Learner())}
    assert exported.notes + len(exported.no_gloss) == len(items)
    _import(collection, exported.path)
    col = Collection(str(collection))
    try:
        notes = _notes(col)
        for lemma, note in notes.items():
            assert note["Gloss"], lemma  # no note without a Chinese gloss
            for card in note.cards():
                front = re.sub(r"<style>.*?</style>", "", card.question(), flags=re.S)
                assert "blank" in front or card.template()["name"] == "Recognition", lemma
                if card.template()["name"] != "Recognition":
                    text = re.sub(r"<[^>]+>", " ", front).lower()
                    assert not re.search(rf"\b{re.escape(lemma)}", text), (lemma, text)
        # every occurrence and form blanked: "consolidate ... consolidated"
        consolidate = notes["consolidate"]
        assert consolidate["Cloze"].count('class="blank"') == 2
        assert "consolidat" not in consolidate["Cloze"].lower()
        # a long sentence trimmed around the word, with an ellipsis
        assert len(re.sub(r"<[^>]+>", "", consolidate["Sentence"]).split()) <= 32
        assert "…" in consolidate["Sentence"]
        # learner labels, a numeric rank, IPA, no field named Tags
        assert consolidate["POS"] == "v." and notes["protracted"]["POS"] == "adj."
        assert consolidate["Rank"].isdigit()
        assert (
            notes["protracted"]["Pronunciation"].startswith("/")
            and "ˈ" in notes["protracted"]["Pronunciation"]
        )
        assert "Tags" not in consolidate
        # the transcript's maths, field syntax and HTML are shown as written, never obeyed
        card = notes["unprecedented"].cards()[0]
        html = card.question()
        assert "tex2jax_ignore" in html
        assert "\\(" not in html and "\\[" not in html  # no run of text MathJax would typeset
        shown = re.sub(r"<[^>]+>", "", re.sub(r"<style>.*?</style>", "", html, flags=re.S))
        assert "\\(x^2\\)" in shown.replace("&#123;", "{").replace("&#125;", "}")
        assert "&#123;&#123;Gloss&#125;&#125;" in html and "&lt;b&gt;surge&lt;/b&gt;" in html
    finally:
        col.close()


def test_the_command_and_the_reader_build_the_same_deck(
    run_cli, library: Path, analyses: dict[str, Analysis], tmp_path: Path
) -> None:
    from studyterm.tui import background

    with Store.open(library) as store:
        store.add_episode(TRADE, analyses[TRADE.id])
    # a teacher's glosses, looked up before the built-in glossary
    unit = tmp_path / "unit3.tsv"
    unit.write_text("tentative\t初步的（课堂用）\nprotracted\t持久的（课堂用）\n", encoding="utf-8")
    assert run_cli("dict", "import", str(unit), "--name", "unit3").code == 0
    assert run_cli("dict", "order", "unit3", "builtin").code == 0
    cli = tmp_path / "cli.apkg"
    result = run_cli("anki", TRADE.id, "-o", str(cli), "--cards", "recognition,cloze")
    assert result.code == 0, result.err
    reader = background.export_deck(
        library / "library.sqlite3", TRADE.id, Learner(), str(tmp_path / "reader.apkg"), None
    )
    assert "wrote" in reader
    notes = anki.package_notes(cli)
    assert notes == anki.package_notes(tmp_path / "reader.apkg")
    glosses = {fields.split("\x1f")[1]: fields.split("\x1f")[4] for _, _, fields, _ in notes}
    assert glosses["tentative"] == "初步的（课堂用）" and glosses["protracted"] == "持久的（课堂用）"


def test_a_field_added_in_anki_gets_a_way_out(
    analyses: dict[str, Analysis], tmp_path: Path, collection: Path
) -> None:
    with Store(tmp_path / "library.sqlite3") as store:
        store.add_episode(TRADE, analyses[TRADE.id])
        first = export_library_deck(
            store, _sources(store, analyses, TRADE), tmp_path / "1.apkg", now=time.time() - 3600
        )
        _import(collection, first.path)
        col = Collection(str(collection))
        try:
            notetype = col.models.by_name(anki.MODEL_NAME)
            col.models.add_field(notetype, col.models.new_field("My notes"))
            col.models.update_dict(notetype)
            note = _notes(col)["tentative"]
            note["My notes"] = "heard it on the radio"
            col.update_note(note)
        finally:
            col.close()
        store.add_episode(FARMS, analyses[FARMS.id])
        with pytest.raises(ExportError, match="every word was exported before"):
            export_library_deck(
                store, _sources(store, analyses, TRADE), tmp_path / "x.apkg", anki.DeckOptions(new_only=True)
            )
        newer = export_library_deck(
            store,
            _sources(store, analyses, TRADE, FARMS),
            tmp_path / "2.apkg",
            anki.DeckOptions(new_only=True),
        )
        assert newer.not_new == first.notes and "exported before" in anki.describe(newer)
    log = _import(collection, newer.path, merge_notetypes=True)
    assert {n.fields[1] for n in log.new} >= {"consolidate"}
    col = Collection(str(collection))
    try:
        assert [m.name for m in col.models.all_names_and_ids() if m.name.startswith(anki.MODEL_NAME)] == [
            anki.MODEL_NAME
        ]
        notes = _notes(col)
        assert notes["tentative"]["My notes"] == "heard it on the radio"
        assert "My notes" in notes["consolidate"]
    finally:
        col.close()


def test_card_choices_are_remembered_and_only_switched_off_when_asked(
    analyses: dict[str, Analysis], tmp_path: Path
) -> None:
    from studyterm.export.anki_library import saved_cards

    def switches(apkg: Path) -> dict[str, tuple[str, ...]]:
        out = {}
        for _, _, fields, _ in anki.package_notes(apkg):
            values = fields.split("\x1f")
            out[values[1]] = tuple(values[-3:])
        return out

    with Store(tmp_path / "library.sqlite3") as store:
        store.add_episode(TRADE, analyses[TRADE.id])
        assert saved_cards(store) == ("recognition", "production")
        items = advanced_items(analyses[TRADE.id], Learner())
        tariff = [i for i in items if i.lemma == "tariff"]
        export_library_deck(
            store, [(TRADE, tariff)], tmp_path / "1.apkg", anki.DeckOptions(cards=("production",))
        )
        export_library_deck(
            store, [(TRADE, tariff)], tmp_path / "2.apkg", anki.DeckOptions(cards=("recognition", "cloze"))
        )
        assert saved_cards(store) == ("recognition", "cloze")
        # the reader's `e` uses the saved choice; tariff keeps the production card it had
        export_episode_deck(store, TRADE.id, Learner(), tmp_path / "3.apkg")
        after = switches(tmp_path / "3.apkg")
        assert after["tariff"] == ("y", "y", "y")
        assert after["protracted"] == ("y", "", "y")
        # asked for: the types not named are switched off
        export_library_deck(
            store,
            [(TRADE, tariff)],
            tmp_path / "4.apkg",
            anki.DeckOptions(cards=("recognition",), reset_cards=True),
        )
        assert switches(tmp_path / "4.apkg")["tariff"] == ("y", "", "")
        export_episode_deck(store, TRADE.id, Learner(), tmp_path / "5.apkg")
        assert switches(tmp_path / "5.apkg")["tariff"] == ("y", "", "")


def test_words_without_a_chinese_gloss_are_left_out_and_counted(
    analyses: dict[str, Analysis], tmp_path: Path
) -> None:
    from dataclasses import replace

    items = advanced_items(analyses[TRADE.id], Learner())
    unknown = [replace(i, lemma=f"zorb{n}late", forms=[f"zorb{n}late"]) for n, i in enumerate(items[:2])]
    with Store(tmp_path / "library.sqlite3") as store:
        store.add_episode(TRADE, analyses[TRADE.id])
        exported = export_library_deck(store, [(TRADE, [*unknown, *items])], tmp_path / "d.apkg")
        assert exported.no_gloss == ("zorb0late", "zorb1late")
        assert exported.notes == len(items)
        assert "left out 2 words without a Chinese gloss (zorb0late, zorb1late)" in anki.describe(exported)
        lemmas = {fields.split("\x1f")[1] for _, _, fields, _ in anki.package_notes(exported.path)}
        assert not lemmas & {"zorb0late", "zorb1late"}
        with pytest.raises(ExportError, match="2 words without a Chinese gloss"):
            export_library_deck(store, [(TRADE, unknown)], tmp_path / "none.apkg")
    assert not (tmp_path / "none.apkg").exists()


def test_dictionary_notes_that_name_the_stem_never_reach_a_front(
    run_cli, library: Path, tmp_path: Path, collection: Path
) -> None:
    """ECDICT glosses *forsworn* as "发誓戒除（forswear 的过去分词）" and defines it as "past
    participle of forswear": on a production or cloze front either would give the answer away."""
    from studyterm.model import Occurrence, VocabItem

    ecdict = Path(__file__).resolve().parent.parent / "fixtures" / "dicts" / "ecdict-mini.csv"
    assert run_cli("dict", "import", str(ecdict)).code == 0
    assert run_cli("dict", "order", "ecdict-mini", "builtin").code == 0
    sentence = "The rebels had forsworn violence long before the talks in the capital began."
    episode = _episode("Old vows", date(2025, 7, 1), sentence)
    at = sentence.index("forsworn")
    item = VocabItem(
        "forsworn",
        "ADJ",
        ["forsworn"],
        1,
        30000,
        1.5,
        "off-list",
        "C2",
        "frequency",
        [Occurrence(0, at, at + 8, sentence, at, at + 8)],
    )
    with Store.open(library) as store:
        store.add_episode(episode)
        exported = export_library_deck(
            store, [(episode, [item])], tmp_path / "d.apkg", anki.DeckOptions(cards=anki.CARD_TYPES)
        )
    _import(collection, exported.path)
    col = Collection(str(collection))
    try:
        note = _notes(col)["forsworn"]
        assert note["Gloss"] == "v. 发誓戒除"
        assert note["Pronunciation"] == "/fɔːˈswɔːn/"
        assert note["Clue"] == ""  # the definition was only the note
        for card in note.cards():
            if card.template()["name"] != "Recognition":
                assert "forswear" not in card.question() and "forsworn" not in card.question()
    finally:
        col.close()
