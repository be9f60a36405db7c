"""Speech made once per test session with espeak-ng: a short news text whose sentence starts
are known."""

from __future__ import annotations

import pytest

from tests.audio.speech import Speech, make_speech


@pytest.fixture(scope="session")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Speech:
    return make_speech(tmp_path_factory.mktemp("speech"))
