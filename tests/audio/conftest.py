"""Speech made once per test session with espeak-ng: a short news text whose sentence starts
are known."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.audio.speech import recording, write_wav

SENTENCES = [
    "President Xi Jinping arrived in Astana on Monday.",
    "Trade between the two countries grew by 20 percent in 2024.",
    "Officials said the new railway would cut delivery times in half.",
    "Farmers in the region welcomed the agreement.",
]


@dataclass(frozen=True)
class Speech:
    sentences: list[str]
    pcm: bytes
    starts: list[float]  # the true start of each sentence, in seconds
    wav: Path
    text: Path  # the sentences as a plain transcript


@pytest.fixture(scope="session")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Speech:
    folder = tmp_path_factory.mktemp("speech")
    pcm, starts = recording(SENTENCES)
    text = folder / "railway.txt"
    text.write_text(" ".join(SENTENCES) + "\n", encoding="utf-8")
    return Speech(SENTENCES, pcm, starts, write_wav(pcm, folder / "railway.wav"), text)
