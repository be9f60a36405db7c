"""Sentence clips on Anki cards: a card of an episode with audio carries the clip of its example
sentence, cut with ffmpeg from the library's audio at the sentence's times, in its Audio field.

Kept apart from the deck builder: `anki_library` asks `SentenceClips.name_for(word)` for each
note (the name goes into the note's fields, so a clip added later counts as a change Anki
imports) and puts `files()` in the package's media.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from studyterm.audio.tools import require
from studyterm.errors import ExportError
from studyterm.store.audio import TimedSentence

if TYPE_CHECKING:
    from studyterm.export.anki import DeckWord
    from studyterm.store import Store

__all__ = ["SentenceClips", "cut_clip"]


def cut_clip(audio: Path, start: float, end: float, target: Path) -> Path:
    """[start, end] of `audio` as an MP3 (mono, VBR) at `target`; ExportError when ffmpeg fails."""
    ffmpeg = require("ffmpeg", "cutting sentence clips")
    run = subprocess.run(
        [
            ffmpeg,
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-ss",
            f"{start:.3f}",
            "-to",
            f"{end:.3f}",
            "-i",
            str(audio),
            "-vn",
            "-ac",
            "1",
            "-c:a",
            "libmp3lame",
            "-q:a",
            "5",
            str(target),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    if run.returncode != 0 or not target.exists():
        last = (run.stderr.decode("utf-8", "replace").strip().splitlines() or ["failed"])[-1]
        raise ExportError(f"cannot cut a sentence clip: {last[:120]}", path=audio)
    return target


def _sentence_of(times: Sequence[TimedSentence], segment: int, offset: int) -> int | None:
    for index, t in enumerate(times):
        if t.segment == segment and t.char_start <= offset < max(t.char_end, t.char_start + 1):
            return index
    return None


class SentenceClips:
    """The clips of one export, cut on demand into a scratch folder (removed by `close`; an
    export that fails leaves it to the temporary folder's clean-up). One clip per sentence,
    however many words it serves, named after the episode and sentence so that exporting again
    gives Anki the same names."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._timing: dict[str, tuple[Path, list[TimedSentence]] | None] = {}
        self._cut: dict[tuple[str, int], Path] = {}

    def _times(self, episode_id: str) -> tuple[Path, list[TimedSentence]] | None:
        if episode_id not in self._timing:
            row = self._store.audio(episode_id)
            times = self._store.sentence_times(episode_id) if row else []
            audio = self._store.path.parent / row.path if row else None
            self._timing[episode_id] = (audio, times) if audio and times else None
        return self._timing[episode_id]

    def name_for(self, word: DeckWord) -> str:
        """The file name of the clip of `word`'s example sentence, cut now; "" without audio."""
        occurrence = word.occurrence
        found = self._times(word.episode.id)
        if found is None or occurrence is None:
            return ""
        audio, times = found
        index = _sentence_of(times, occurrence.segment, occurrence.start)
        if index is None:
            return ""
        key = (word.episode.id, index)
        if key not in self._cut:
            if self._scratch is None:
                self._scratch = tempfile.TemporaryDirectory(prefix="studyterm-clips-")
            t = times[index]
            name = f"studyterm-{word.episode.id}-{index:04d}.mp3"
            self._cut[key] = cut_clip(audio, t.start, t.end, Path(self._scratch.name) / name)
        return self._cut[key].name

    def files(self) -> list[str]:
        return sorted(str(p) for p in self._cut.values())

    def close(self) -> None:
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None
