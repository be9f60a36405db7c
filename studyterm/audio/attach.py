"""`studyterm audio EPISODE FILE|URL`: keep an episode's audio in the library, timed sentence
by sentence.

The audio is copied (a local file) or downloaded (a URL, or the feed item's enclosure when none
is given) into the library's `audio/` folder once. A download goes to a `.part` file first and a
second run resumes it with an HTTP Range request; a finished file is checked to be audio
(ffprobe) before it takes its final name. Then each sentence gets its time: from the transcript
when it has times, else by forced alignment (PocketSphinx), with proportional estimates only
where alignment fails, marked as such. The file and the times are stored together; a failure at
any step leaves the library as it was (an interrupted download keeps only its `.part`).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from studyterm.audio.align import Progress as AlignProgress
from studyterm.audio.align import align_sentences
from studyterm.audio.pcm import decode_pcm, probe_duration
from studyterm.audio.sentences import split_sentences, transcript_times
from studyterm.downloads import FetchError, Limits, Progress, copy_capped, open_url
from studyterm.errors import InputError, StudytermError, UsageError
from studyterm.model import Episode
from studyterm.store import Store
from studyterm.store.audio import TimedSentence

__all__ = ["AUDIO_DIR", "Attached", "attach_audio", "download_audio"]

AUDIO_DIR = "audio"


@dataclass(frozen=True)
class Attached:
    episode: Episode
    path: Path
    duration: float
    times: list[TimedSentence]

    def count(self, method: str) -> int:
        return sum(t.method == method for t in self.times)


def _is_url(ref: str) -> bool:
    return urlparse(ref).scheme.lower() in ("http", "https")


def _suffix(ref: str) -> str:
    suffix = Path(urlparse(ref).path if _is_url(ref) else ref).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ".audio"


def download_audio(url: str, folder: Path, limits: Limits, progress: Progress | None = None) -> Path:
    """Download into `folder/.<hash>.part`, resuming what an earlier try left there; returns
    the complete `.part` file."""
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f".{hashlib.sha256(url.encode()).hexdigest()[:16]}.part"
    have = part.stat().st_size if part.exists() else 0
    started = time.monotonic()
    try:
        response = open_url(url, limits, {"Range": f"bytes={have}-"} if have else None, started)
    except FetchError as err:
        if have and err.status == 416:  # an earlier try got every byte
            return part
        raise
    with response:
        resumed = have > 0 and response.status == 206
        with part.open("ab" if resumed else "wb") as sink:
            try:
                copy_capped(response, sink, url, limits, started, have if resumed else 0, progress)
            except FetchError as err:
                raise FetchError(
                    f"{err.message}; run the command again to resume the download", path=url
                ) from err
    return part


def _fetch(
    store: Store, episode_id: str, ref: str | None, folder: Path, limits: Limits, progress: Progress | None
) -> tuple[Path, str]:
    """The audio as a file in `folder` under a temporary name, and where it came from."""
    if ref is None:
        item = store.feed_item_for_episode(episode_id)
        if item is None or not item.audio_url:
            raise UsageError("give the audio FILE or URL (this episode came from no feed with an audio link)")
        ref = item.audio_url
    if _is_url(ref):
        return download_audio(ref, folder, limits, progress), ref
    source = Path(ref).expanduser()
    if not source.is_file():
        raise InputError("no such file", path=ref)
    size = source.stat().st_size
    if size > limits.max_bytes:
        raise InputError(
            f"is {size:,} bytes, over the {limits.max_bytes:,}-byte limit (--max-audio)", path=ref
        )
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f".{episode_id}.copy"
    try:
        shutil.copyfile(source, temp)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise InputError(f"cannot copy: {exc.strerror or exc}", path=ref) from exc
    return temp, str(source.resolve())


def episode_times(
    episode: Episode, audio: Path, progress: AlignProgress | None = None
) -> list[TimedSentence]:
    """Sentence times: the transcript's own, else forced alignment to the audio."""
    if episode.has_times:
        return transcript_times(episode)
    return align_sentences(decode_pcm(audio), split_sentences(episode), progress=progress)


def attach_audio(
    store: Store,
    episode_ref: str,
    ref: str | None,
    limits: Limits | None = None,
    progress: Progress | None = None,
    align_progress: AlignProgress | None = None,
) -> Attached:
    """Attach audio to an episode of the library and time its sentences."""
    limits = limits or Limits(max_bytes=500 * 1024 * 1024, deadline=3600)
    episode_id = store.find_episode(episode_ref)
    episode = store.episode(episode_id)
    library = store.path.parent
    folder = library / AUDIO_DIR
    temp, source = _fetch(store, episode_id, ref, folder, limits, progress)
    try:
        duration = probe_duration(temp)
        times = episode_times(episode, temp, align_progress)
    except StudytermError as err:
        temp.unlink(missing_ok=True)  # not audio, or no use: nothing of it is kept
        raise InputError(err.message, path=ref or source) from err
    final = folder / f"{episode_id}{_suffix(source)}"
    old = store.audio(episode_id)
    temp.replace(final)
    store.set_audio(episode_id, str(final.relative_to(library)), source, times)
    if old is not None and (library / old.path) != final:
        (library / old.path).unlink(missing_ok=True)
    return Attached(episode, final, duration, times)
