"""The reader's audio keys with the real player (mpv on a null audio output), driven by Pilot:
the sentence played is the one painted, and the player is where the keys say."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from studyterm.audio.attach import attach_audio
from studyterm.pipeline import import_episode
from studyterm.store import Store
from studyterm.tui.screens.reader_screen import ReaderScreen
from tests.audio.speech import Speech, make_speech

from .conftest import running

pytestmark = pytest.mark.asyncio


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Speech:
    return make_speech(tmp_path_factory.mktemp("speech"))


def _store(tmp_path: Path, speech: Speech) -> tuple[Store, str]:
    store = Store(tmp_path / "lib" / "library.sqlite3")
    episode = import_episode(store, speech.text).episode
    attach_audio(store, episode.id, str(speech.wav))
    return store, episode.id


async def _until(condition, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    for _ in range(int(timeout / 0.05)):
        if condition():
            return True
        await asyncio.sleep(0.05)
    return False


async def test_keys_play_the_sentences_and_paint_the_one_spoken(
    tmp_path: Path, speech: Speech, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDYTERM_AUDIO_OUTPUT", "null")
    store, episode = _store(tmp_path, speech)
    text = speech.text.read_text(encoding="utf-8").strip()
    try:
        async with running(store, episode) as (app, pilot):
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            await pilot.press("space")
            playback = screen._playback
            assert playback is not None and playback.current == 0
            assert playback.player.name == "mpv"
            assert screen._speaking is not None
            _, start, end = screen._speaking
            assert text[start:end] == speech.sentences[0]
            assert await _until(lambda: not playback.player.playing)  # one sentence, then stops
            await pilot.press("right_square_bracket")
            assert playback.current == 1
            assert text[slice(*screen._speaking[1:])] == speech.sentences[1]
            first = playback.sentences[1].start
            assert await _until(lambda: (playback.player.position() or 0) > first)
            await pilot.press("space")  # stops
            assert not playback.player.playing
            await pilot.press("x")
            assert playback.speed == 1.25
            # said on the status line, not in a notification that would stack with the next
            assert screen.transcript.border_subtitle == "Speed 1.25×"
            assert not any("Speed" in n.message for n in app._notifications)
            await pilot.press("a", "left_square_bracket")  # follow mode from sentence 0
            assert playback.follow and playback.current == 0
            # follow mode plays on and moves the painted sentence with the voice
            assert await _until(lambda: playback.current == 1, timeout=15)
            assert text[slice(*screen._speaking[1:])] == speech.sentences[1]
            process = playback.player._process  # type: ignore[attr-defined]
            await pilot.press("escape")  # back to the library: the player is stopped and ended
            assert await _until(lambda: process.poll() is not None)
            assert screen._playback is None
    finally:
        store.close()


async def test_an_episode_without_audio_says_how_to_add_it(store: Store, sample_episode) -> None:  # type: ignore[no-untyped-def]
    async with running(store, sample_episode.id) as (app, pilot):
        await pilot.press("space")
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen._playback is None
        notices = [n.message for n in app._notifications]
        assert any(f"studyterm audio {sample_episode.id}" in m for m in notices)
