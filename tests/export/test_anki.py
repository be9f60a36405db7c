"""Anki decks checked the way a user meets them: imported into a real Anki collection.

A small episode written here (with `<script>`, `&`, `<b>` and `[sound:…]` in its text and names,
and times) is analysed once with the real spaCy pipeline; decks are written with real genanki and
imported with the `anki` library, as Anki's import dialog does by default (update notes and note types when
newer). AnkiConnect is exercised against a loopback stand-in that speaks its JSON protocol and
imports into a real collection, as AnkiConnect's `importPackage` does.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from studyterm.analysis.learner import Learner, advanced_items
from studyterm.errors import ExportError
from studyterm.export import anki
from studyterm.export.ankiconnect import invoke, send_package
from studyterm.model import Analysis, Episode, Segment, VocabItem

EPISODE = Episode(
    title="Trade talks: <b>bold</b> & more",
    podcast="World  News [sound:news.mp3]",
    published=date(2025, 6, 17),
    segments=[
        Segment(
            "The minister praised multilateralism & said <script>alert(1)</script> was unacceptable.",
            12.0,
            18.0,
        ),
        Segment(
            "Negotiators reached a tentative agreement on <b>tariffs</b> after a protracted dispute.",
            65.0,
            71.0,
        ),
        Segment(
            "The delegation reaffirmed its steadfast commitment to sustainable revitalization.",
            3725.0,
            3731.0,
        ),
    ],
)
GLOSS = {"multilateralism": "多边主义", "tentative": "暂定的", "steadfast": "坚定的"}
DEFINITION = {"multilateralism": "countries working together through international cooperation"}
STYLE = re.compile(r"<style>.*?</style>", re.S)


@pytest.fixture(scope="module")
def analysis(analyzer) -> Analysis:  # type: ignore[no-untyped-def]
    return analyzer.analyse(EPISODE)


def _items(analysis: Analysis, gloss: dict[str, str] | None = None) -> list[VocabItem]:
    """Fresh copies of the advanced items, with the glosses given (as a dictionary would)."""
    items = [VocabItem.from_dict(i.to_dict()) for i in advanced_items(analysis, Learner())]
    for item in items:
        item.gloss = (gloss or GLOSS).get(item.lemma, f"{item.lemma}的释义")
        item.definition = DEFINITION.get(item.lemma)
    return items


def _import(col_path: Path, apkg: Path) -> Any:
    col = Collection(str(col_path))
    try:
        request = ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions())
        return col.import_anki_package(request).log
    finally:
        col.close()


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    """Where a test's Anki collection lives (created on first open)."""
    (tmp_path / "anki").mkdir()
    return tmp_path / "anki" / "collection.anki2"


def _open(col_path: Path) -> Collection:
    return Collection(str(col_path))


def _notes(col: Collection) -> dict[str, Any]:
    """Notes of the studyterm note type by lemma."""
    notes = [col.get_note(nid) for nid in col.find_notes(f'"note:{anki.MODEL_NAME}"')]
    return {n["Lemma"]: n for n in notes}


def _studyterm_notetypes(col: Collection) -> list[Any]:
    return [m for m in col.models.all_names_and_ids() if m.name.startswith(anki.MODEL_NAME)]


def _files(folder: Path) -> dict[str, bytes]:
    """The library's files (without SQLite's shared-memory index, which readers update)."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.endswith("-shm")}


def _front(html: str) -> str:
    return STYLE.sub("", html)


def test_deck_imports_with_escaped_fields_and_three_card_types(
    analysis: Analysis, tmp_path: Path, collection: Path
) -> None:
    words = anki.gather([(EPISODE, _items(analysis))])
    lemmas = {w.item.lemma for w in words}
    assert {"multilateralism", "tentative", "steadfast", "revitalization"} <= lemmas
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # genanki warns on fields that look like broken HTML
        exported = anki.export_deck(words, tmp_path / "deck.apkg", anki.DeckOptions(cards=anki.CARD_TYPES))
    assert (exported.notes, exported.cards) == (len(words), 3 * len(words))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["anki", "deck.apkg"]  # no temp left

    log = _import(collection, exported.path)
    assert len(log.new) == len(words)
    col = _open(collection)
    try:
        notes = _notes(col)
        assert set(notes) == lemmas and col.note_count() == len(words)
        [notetype] = _studyterm_notetypes(col)
        assert notetype.id == anki.MODEL_ID

        multi = notes["multilateralism"]
        assert multi["Word"] == "multilateralism" and multi["POS"] == "n."
        assert multi["Gloss"] == "多边主义"
        assert multi["Sentence"] == (
            "The minister praised <b>multilateralism</b> &amp; said "
            "&lt;script&gt;alert(1)&lt;/script&gt; was unacceptable."
        )
        assert "<b>" not in multi["Cloze"] and "multilateralism" not in multi["Cloze"]
        assert multi["Source"] == (
            "World News &#91;sound:news.mp3&#93; — Trade talks: &lt;b&gt;bold"
            "&lt;/b&gt; &amp; more — 2025-06-17 @ 0:12"
        )
        assert multi["Level"] == "C1" and multi["Frequency"].startswith("off-list")  # our glossary
        assert set(multi.tags) == {
            "studyterm",
            "level::C1",
            "band::off-list",
            "podcast::World_News_sound:news.mp3",
            "episode::Trade_talks:_b_bold_b_more",
        }
        # a literal <b> of the transcript stays text; only the target word is bold
        tentative = notes["tentative"]
        assert tentative["Sentence"] == (
            "Negotiators reached a <b>tentative</b> agreement on "
            "&lt;b&gt;tariffs&lt;/b&gt; after a protracted dispute."
        )
        assert tentative["Source"].endswith("@ 1:05")
        assert notes["steadfast"]["Source"].endswith("@ 1:02:05")

        cards = {c.template()["name"]: c for c in multi.cards()}
        assert set(cards) == {"Recognition", "Production", "Cloze"}
        rec_q = _front(cards["Recognition"].question())
        assert "multilateralism" in rec_q and "<b>multilateralism</b>" in rec_q
        assert "&lt;script&gt;" in rec_q and "<script>" not in rec_q
        assert "多边主义" not in rec_q
        rec_a = _front(cards["Recognition"].answer())
        assert "多边主义" in rec_a and DEFINITION["multilateralism"] in rec_a

        prod_q = _front(cards["Production"].question())
        assert "多边主义" in prod_q and 'class="blank"' in prod_q
        assert "multilateralism" not in prod_q
        assert "<b>multilateralism</b>" in _front(cards["Production"].answer())

        cloze_q = _front(cards["Cloze"].question())
        assert 'class="blank"' in cloze_q and DEFINITION["multilateralism"] in cloze_q
        assert "multilateralism" not in cloze_q and "多边主义" not in cloze_q
        cloze_a = _front(cards["Cloze"].answer())
        assert "<b>multilateralism</b>" in cloze_a and "多边主义" in cloze_a
        # a podcast named "[sound:…]" is shown on the card, never played
        for card in cards.values():
            assert card.question_av_tags() == [] and card.answer_av_tags() == []
            assert "World News &#91;sound:news.mp3&#93;" in card.answer()
    finally:
        col.close()


def test_reexport_adds_the_new_word_and_updates_the_corrected_gloss(
    analysis: Analysis, tmp_path: Path, collection: Path
) -> None:
    first = [w for w in anki.gather([(EPISODE, _items(analysis))]) if w.item.lemma != "tentative"]
    now = time.time()
    anki.export_deck(first, tmp_path / "one.apkg", timestamp=now - 120)
    _import(collection, tmp_path / "one.apkg")
    col = _open(collection)
    before = {lemma: (n.id, list(n.fields)) for lemma, n in _notes(col).items()}
    cards_before = col.card_count()
    col.close()

    corrected = dict(GLOSS, multilateralism="多边主义（外交）")
    second = anki.gather([(EPISODE, _items(analysis, corrected))])
    assert len(second) == len(first) + 1
    anki.export_deck(second, tmp_path / "two.apkg", timestamp=now - 60)
    log = _import(collection, tmp_path / "two.apkg")
    assert [n.fields[0] for n in log.new] == ["tentative"]
    assert not log.duplicate and not log.conflicting

    col = _open(collection)
    try:
        after = _notes(col)
        assert col.note_count() == len(second) == len(after)
        assert col.card_count() == cards_before + 2  # recognition + production of the new word
        assert len(_studyterm_notetypes(col)) == 1
        assert after["multilateralism"]["Gloss"] == "多边主义（外交）"
        for lemma, (nid, fields) in before.items():
            assert after[lemma].id == nid  # the same note: its review history is kept
            if lemma != "multilateralism":
                assert list(after[lemma].fields) == fields
        guids = [col.get_note(nid).guid for nid in col.find_notes("")]
        assert len(guids) == len(set(guids))
    finally:
        col.close()


def test_note_guids_are_genankis_so_earlier_exports_are_updated() -> None:
    """Decks already imported got their GUIDs from genanki's guid_for: a note must keep its."""
    import random

    import genanki

    rng = random.Random(3)
    letters = "abcxyzAZ09 -'éü中文"
    words = ["tentative", "in spite of", "", "a", "naïve", "多边主义", "x" * 80]
    words += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    for word in words:
        for pos in ("ADJ", "NOUN", "PHRASE", ""):
            assert anki.note_guid(word, pos) == genanki.guid_for(anki.GUID_NAMESPACE, word, pos)
    # among them GUIDs shorter than ten digits: genanki writes no leading zeros ("a")
    assert any(len(anki.note_guid(word, "ADJ")) < 10 for word in words)


def test_a_notes_digest_is_what_earlier_versions_stored() -> None:
    """The library keeps each exported note's digest to tell whether it changed: a digest made
    differently after an upgrade would stamp every note as changed (the one below is what
    studyterm has always made of this note, tags in any order)."""
    fields = ["multilateralism", "多边主义", "Sentence with <b>multilateralism</b>."]
    tags = ["studyterm", "level::C2", "episode::Trade_talks", "band::K9"]
    assert anki.note_digest(fields, tags) == "4eb213e16b7607285ecd44f39c44db8e"
    assert anki.note_digest(fields, tags[::-1]) == anki.note_digest(fields, tags)
    assert anki.note_digest(fields, tags[:3]) != anki.note_digest(fields, tags)


def test_card_choice_subdecks_and_stable_ids(analysis: Analysis, tmp_path: Path, collection: Path) -> None:
    words = anki.gather([(EPISODE, _items(analysis))])
    options = anki.DeckOptions(deck="News English", cards=("recognition",), subdecks="level")
    exported = anki.export_deck(words, tmp_path / "deck.apkg", options)
    assert exported.cards == exported.notes
    assert anki.deck_id("News English::C2") == anki.deck_id("News English::C2")
    assert anki.deck_id("News English::C2") != anki.deck_id("News English::B2")
    assert anki.note_guid("tentative", "ADJ") == anki.note_guid("tentative", "ADJ")
    assert anki.note_guid("tentative", "ADJ") != anki.note_guid("tentative", "NOUN")
    _import(collection, exported.path)
    col = _open(collection)
    try:
        for note in _notes(col).values():
            [card] = note.cards()
            assert card.template()["name"] == "Recognition"
            assert col.decks.name(card.did) == f"News English::{note['Level']}"
    finally:
        col.close()


def test_a_failed_write_leaves_the_old_deck(analysis: Analysis, tmp_path: Path) -> None:
    import genanki

    target = tmp_path / "deck.apkg"
    anki.export_deck(anki.gather([(EPISODE, _items(analysis))]), target)
    old = target.read_bytes()
    broken = genanki.Deck(anki.deck_id("x"), "x")
    broken.add_note(genanki.Note(model=anki.model(), fields=["only one field"]))
    with pytest.raises(ValueError):
        anki.write_package(genanki.Package(broken), target)
    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]
    with pytest.raises(ExportError, match="no words"):
        anki.export_deck([], tmp_path / "empty.apkg")
    assert not (tmp_path / "empty.apkg").exists()


def test_reader_export_takes_learning_words_when_any(
    analysis: Analysis, tmp_path: Path, collection: Path
) -> None:
    from studyterm.export.anki_library import export_episode_deck
    from studyterm.store import Store

    with Store(tmp_path / "library.sqlite3") as store:
        store.add_episode(EPISODE, analysis)
        everything = export_episode_deck(store, EPISODE.id, Learner(), tmp_path / "all.apkg")
        assert everything.notes + len(everything.no_gloss) == len(advanced_items(analysis, Learner()))
        learner = Learner(
            statuses={"tentative": "learning", "steadfast": "learning", "multilateralism": "known"}
        )
        learning = export_episode_deck(store, EPISODE.id, learner, tmp_path / "learning.apkg")
        assert learning.notes == 2
        with pytest.raises(ExportError, match="no advanced words"):
            export_episode_deck(store, EPISODE.id, Learner(level="C2"), tmp_path / "none.apkg")
    assert not (tmp_path / "none.apkg").exists()
    _import(collection, tmp_path / "learning.apkg")
    col = _open(collection)
    try:
        assert set(_notes(col)) == {"tentative", "steadfast"}
    finally:
        col.close()


@pytest.fixture
def sample_library(library: Path, sample_episode: Episode, sample_analysis: Analysis) -> Path:
    """The library (STUDYTERM_HOME) holding the sample and its analysis, so the CLI reuses it."""
    from studyterm.store import Store

    with Store.open(library) as store:
        store.add_episode(sample_episode, sample_analysis)
    return library


def test_cli_exports_the_sample_and_anki_imports_it(
    run_cli, sample_library: Path, sample_path: Path, tmp_path: Path, collection: Path
) -> None:
    out = tmp_path / "sample.apkg"
    result = run_cli(
        "anki", str(sample_path), "-o", str(out), "--cards", "recognition,cloze", "--subdecks", "episode"
    )
    assert result.code == 0, result.err
    count = int(re.search(r"wrote (\d+) notes", result.err).group(1))  # type: ignore[union-attr]
    assert count > 20
    _import(collection, out)
    col = _open(collection)
    try:
        notes = _notes(col)
        assert len(notes) == count and col.card_count() == 2 * count
        multi = notes["multilateralism"]
        assert "<b>multilateralism</b>" in multi["Sentence"]
        assert multi["Source"].startswith("China Daily Podcast — ")
        assert "podcast::China_Daily_Podcast" in multi.tags
        # a phrase in the form the episode uses, with no frequency rank made up for it
        phrase = notes["core interest"]
        assert phrase["Word"] == "core interests" and phrase["POS"] == "phr."
        assert phrase["Frequency"] == phrase["Rank"] == ""
        assert multi["Rank"].isdigit() and multi["POS"] == "n."
        [deck] = {col.decks.name(c.did) for n in notes.values() for c in n.cards()}
        assert deck.startswith("studyterm::2025-06-17 ") and "Sino-Kazakh" in deck
    finally:
        col.close()


def test_cli_no_words_and_unwritable_paths_fail_cleanly(
    run_cli, sample_library: Path, sample_path: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    fresh = tmp_path / "fresh.txt"
    fresh.write_text("Negotiators reached a tentative agreement after a protracted dispute.\n")
    before = _files(sample_library)
    bad = run_cli("anki", str(fresh), "-o", str(blocker / "deck.apkg"))
    assert bad.code == 1 and bad.err.count("\n") == 1 and "cannot write" in bad.err
    assert _files(sample_library) == before  # failed before importing the new file
    out = tmp_path / "learning.apkg"
    none = run_cli("anki", str(sample_path), "--status", "learning", "-o", str(out))
    assert none.code == 1 and none.err.count("\n") == 1 and "no words" in none.err
    assert not out.exists()
    usage = run_cli("anki", str(sample_path), "--cards", "flashcards")
    assert usage.code == 2 and "recognition" in usage.err
    reset = run_cli("anki", str(sample_path), "--reset-cards")
    assert reset.code == 2 and "--reset-cards needs --cards" in reset.err


# -- AnkiConnect ---------------------------------------------------------------------------------


class _AnkiConnectStandIn(BaseHTTPRequestHandler):
    """Speaks AnkiConnect's protocol (version 6) for the actions studyterm uses, on a real
    collection: `importPackage` runs Anki's importer with the options AnkiConnect's uses."""

    collection_path: Path
    requests: list[str]

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.requests.append(request["action"])
        try:
            reply = {"result": self._run(request["action"], request.get("params", {})), "error": None}
        except Exception as exc:
            reply = {"result": None, "error": str(exc)}
        body = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _run(self, action: str, params: dict[str, Any]) -> Any:
        if action == "version":
            return 6
        col = Collection(str(self.collection_path))
        try:
            if action == "modelFieldNames":
                model = col.models.by_name(params["modelName"])
                if model is None:
                    raise Exception(f"model was not found: {params['modelName']}")
                return [f["name"] for f in model["flds"]]
            if action == "findNotes":
                return list(col.find_notes(params["query"]))
            if action == "importPackage":
                options = ImportAnkiPackageOptions(
                    merge_notetypes=True, with_scheduling=True, with_deck_configs=True
                )
                col.import_anki_package(
                    ImportAnkiPackageRequest(package_path=params["path"], options=options)
                )
                return True
        finally:
            col.close()
        raise Exception("unsupported action")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def ankiconnect(collection: Path) -> Iterator[tuple[str, list[str]]]:
    handler = type("Handler", (_AnkiConnectStandIn,), {"collection_path": collection, "requests": []})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_ankiconnect_adds_then_updates_by_guid(
    analysis: Analysis, tmp_path: Path, collection: Path, ankiconnect: tuple[str, list[str]]
) -> None:
    url, requests = ankiconnect
    first = [w for w in anki.gather([(EPISODE, _items(analysis))]) if w.item.lemma != "tentative"]
    now = time.time()
    one = anki.export_deck(first, tmp_path / "one.apkg", timestamp=now - 120)
    sent = send_package(one.path, one.notes, url)
    assert (sent.added, sent.updated) == (len(first), 0)
    assert requests == ["version", "findNotes", "importPackage", "findNotes"]

    second = anki.gather([(EPISODE, _items(analysis, dict(GLOSS, steadfast="坚定不移的")))])
    two = anki.export_deck(second, tmp_path / "two.apkg", timestamp=now - 60)
    sent = send_package(two.path, two.notes, url)
    assert (sent.added, sent.updated) == (1, len(first))
    col = _open(collection)
    try:
        notes = _notes(col)
        assert len(notes) == col.note_count() == len(second)
        assert notes["steadfast"]["Gloss"] == "坚定不移的"
        assert len(_studyterm_notetypes(col)) == 1
    finally:
        col.close()


def test_cli_sends_to_ankiconnect(
    run_cli, sample_library: Path, sample_path: Path, collection: Path, ankiconnect: tuple[str, list[str]]
) -> None:
    url, _ = ankiconnect
    result = run_cli("anki", "--ankiconnect", str(sample_path), "--ankiconnect-url", url)
    assert result.code == 0, result.err
    added = int(re.search(r"(\d+) added", result.err).group(1))  # type: ignore[union-attr]
    assert added > 20
    col = _open(collection)
    try:
        assert len(_notes(col)) == added
    finally:
        col.close()


def test_ankiconnect_failures_are_one_clear_error(ankiconnect: tuple[str, list[str]]) -> None:
    url, _ = ankiconnect
    with pytest.raises(ExportError, match="unsupported action"):
        invoke(url, "deleteDecks", {"decks": ["studyterm"]})
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with pytest.raises(ExportError, match="cannot reach AnkiConnect"):
        invoke(closed, "version")


def test_ankiconnect_says_when_the_learner_added_a_field(
    run_cli,
    sample_library: Path,
    sample_path: Path,
    tmp_path: Path,
    collection: Path,
    ankiconnect: tuple[str, list[str]],
) -> None:
    from studyterm.export.ankiconnect import check_note_type

    url, requests = ankiconnect
    check_note_type(url)  # no note type yet: fine
    first = run_cli("anki", "--ankiconnect", str(sample_path), "--ankiconnect-url", url)
    assert first.code == 0, first.err
    col = _open(collection)
    try:
        notetype = col.models.by_name(anki.MODEL_NAME)
        col.models.add_field(notetype, col.models.new_field("My notes"))
        col.models.update_dict(notetype)
        count = col.note_count()
    finally:
        col.close()
    requests.clear()
    again = run_cli("anki", "--ankiconnect", str(sample_path), "--ankiconnect-url", url)
    assert again.code == 1 and again.err.count("\n") == 1
    assert "fields studyterm does not make (My notes)" in again.err and "--new-only" in again.err
    assert "importPackage" not in requests  # nothing sent
    col = _open(collection)
    try:
        assert col.note_count() == count and len(_studyterm_notetypes(col)) == 1
    finally:
        col.close()


def test_an_expression_named_after_someone_keeps_its_capital_in_the_collection(
    analyzer, tmp_path: Path, collection: Path
) -> None:  # type: ignore[no-untyped-def]
    """The phrase list's key is *ponzi scheme*; the learner's card reads as the story does."""
    episode = Episode(
        title="Fraud",
        segments=[
            Segment("Prosecutors said the fund was a Ponzi scheme that paid early investors with new money.")
        ],
    )
    items = _items(analyzer.analyse(episode), {"ponzi scheme": "庞氏骗局"})
    assert "ponzi scheme" in {i.lemma for i in items}
    exported = anki.export_deck(anki.gather([(episode, items)]), tmp_path / "deck.apkg")
    _import(collection, exported.path)
    col = _open(collection)
    try:
        note = _notes(col)["ponzi scheme"]
        assert note["Word"] == "Ponzi scheme"
    finally:
        col.close()
