"""Anki cards of an episode with audio carry their sentence's clip: exported by the CLI, imported
into a real Anki collection, the clip checked with ffprobe against the sentence's times."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from studyterm.audio.pcm import probe_duration
from studyterm.export import anki
from studyterm.store import Store
from tests.audio.speech import Speech, make_speech


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Speech:
    return make_speech(tmp_path_factory.mktemp("speech"))


def test_each_card_carries_the_clip_of_its_sentence(
    run_cli, library: Path, speech: Speech, tmp_path: Path
) -> None:
    episode = run_cli("import", str(speech.text), "--title", "Railway").out.split()[0]
    assert run_cli("audio", episode, str(speech.wav)).code == 0
    result = run_cli("anki", episode, "--level", "1500", "-o", str(tmp_path / "deck.apkg"))
    assert result.code == 0, result.err

    col_path = tmp_path / "anki" / "collection.anki2"
    col_path.parent.mkdir()
    col = Collection(str(col_path))
    try:
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(tmp_path / "deck.apkg"), options=ImportAnkiPackageOptions()
            )
        )
        notes = [col.get_note(n) for n in col.find_notes(f'"note:{anki.MODEL_NAME}"')]
        media = Path(col.media.dir())
    finally:
        col.close()
    assert notes
    with Store.open(library) as store:
        times = store.sentence_times(episode)
    text = speech.text.read_text(encoding="utf-8")
    for note in notes:
        sound = re.fullmatch(r"\[sound:(studyterm-\w+-(\d{4})\.mp3)\]", note["Audio"])
        assert sound, note["Audio"]
        clip = media / sound.group(1)
        sentence = times[int(sound.group(2))]
        # the clip is the sentence the card shows: its text holds the card's word ...
        spoken = text[sentence.char_start : sentence.char_end]
        shown = re.sub(r"</?b>", "", note["Sentence"])
        assert shown == spoken
        # ... and its length is the sentence's time
        assert abs(probe_duration(clip) - (sentence.end - sentence.start)) <= 0.2


def test_cards_without_audio_have_an_empty_audio_field(
    run_cli, library: Path, speech: Speech, tmp_path: Path
) -> None:
    episode = run_cli("import", str(speech.text), "--title", "Railway").out.split()[0]
    assert run_cli("anki", episode, "--level", "1500", "-o", str(tmp_path / "d.apkg")).code == 0
    with zipfile.ZipFile(tmp_path / "d.apkg") as z:
        assert z.read("media") == b"{}"
        assert sorted(z.namelist()) == ["collection.anki2", "media"]
