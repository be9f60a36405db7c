"""Playback with the real players on a null audio output (mpv --ao=null, ffplay with SDL's
dummy driver) and a short generated file: where playback starts and stops."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from studyterm.audio.playback import Playback
from studyterm.audio.player import FfplayPlayer, MpvPlayer, find_player
from studyterm.audio.tools import MissingTool
from studyterm.store.audio import TimedSentence


@pytest.fixture(scope="module")
def tone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tone") / "tone.ogg"
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=6",
            "-ac",
            "1",
            str(path),
        ],
        check=True,
        timeout=60,
    )
    return path


@pytest.fixture
def mpv(tone: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MpvPlayer]:
    monkeypatch.setenv("STUDYTERM_AUDIO_OUTPUT", "null")
    player = MpvPlayer(tone)
    yield player
    player.close()


def test_mpv_plays_exactly_the_sentence_asked_for(mpv: MpvPlayer) -> None:
    mpv.play(1.0, 2.0)
    assert mpv.wait(10)
    assert mpv.reached is not None
    first, last = mpv.reached
    # mpv reports the position of the first audio frame after the seek, which may fall a few
    # samples before it (0.999977 seen): within 10 ms is where the sentence starts
    assert 0.99 <= first < 1.2
    assert 2.0 <= last < 2.3
    assert not mpv.playing
    mpv.play(4.0, 4.5, speed=1.25)
    assert mpv.speed() == 1.25
    assert mpv.wait(10)
    assert mpv.reached is not None and 4.0 <= mpv.reached[0] < 4.2 <= 4.5 <= mpv.reached[1] < 4.8


def _sentences() -> list[TimedSentence]:
    return [
        TimedSentence(0, 0, 10, 0.0, 1.5, "aligned"),
        TimedSentence(0, 11, 20, 1.5, 3.0, "aligned"),
        TimedSentence(1, 0, 15, 3.0, 4.5, "aligned"),
    ]


def test_keys_move_through_the_sentences(mpv: MpvPlayer) -> None:
    playback = Playback(_sentences(), mpv)
    assert playback.index_at(0, 12) == 1 and playback.index_at(1, 3) == 2
    assert playback.play_from(0, 12) == _sentences()[1]
    assert mpv.wait(10) and mpv.reached is not None
    assert 1.5 <= mpv.reached[0] < 1.7 and 3.0 <= mpv.reached[1] < 3.3
    assert playback.previous() == _sentences()[0]
    mpv.wait(10)
    assert playback.next() == _sentences()[1]
    mpv.wait(10)
    assert playback.replay() == _sentences()[1]
    assert playback.cycle_speed() == 1.25 and mpv.speed() == 1.25
    assert playback.cycle_speed() == 0.75 and playback.cycle_speed() == 1.0
    playback.stop()
    assert not mpv.playing


def test_follow_mode_tracks_the_sentence_being_spoken(mpv: MpvPlayer) -> None:
    playback = Playback(_sentences(), mpv)
    assert playback.toggle_follow()
    playback.play(0)
    seen = []
    deadline = time.monotonic() + 10
    while mpv.playing and time.monotonic() < deadline and len(set(seen)) < 3:
        seen.append(playback.tick())
        time.sleep(0.05)
    playback.stop()
    assert sorted(set(seen)) == [0, 1, 2]  # it went on past each sentence's end, in order
    assert seen == sorted(seen)


def test_ffplay_plays_a_stretch_and_ends(tone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYTERM_AUDIO_OUTPUT", "null")
    player = FfplayPlayer(tone)
    player.play(0.5, 1.0)
    assert player.playing
    assert player.wait(15)
    assert player.returncode == 0
    assert player.position() == 1.0


def test_without_a_player_it_says_what_to_install(
    tone: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingTool, match="apt-get install mpv"):
        find_player(tone)
