"""Forced alignment: when is each sentence of an untimed transcript spoken in the audio?

PocketSphinx 5 (its PyPI wheel ships an US English acoustic model and pronouncing dictionary)
aligns a known word sequence to speech with `Decoder.set_align_text`. One alignment over a whole
episode loses its way (the search is pruned long before the end), so the text goes block by
block, about 15 seconds of speech at a time: each block is aligned on a window of audio from
where the previous one stopped, a little longer than the block's expected length; every sentence
but the block's last is kept (the last one absorbs any extra audio in the window) and the next
block starts where the kept ones end. A block the aligner cannot place gets proportional
estimates for its first sentence, marked `estimated`, and alignment carries on after it.
"""

from __future__ import annotations

import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from studyterm.audio.pcm import BYTES_PER_SECOND
from studyterm.audio.sentences import Sentence
from studyterm.audio.words import sentence_words
from studyterm.store.audio import TimedSentence

__all__ = ["AlignSettings", "align_sentences", "estimate_times"]

_FRAME = 0.01  # PocketSphinx's frame: 100 frames a second
_NOT_WORDS = ("<s>", "</s>", "<sil>")

Progress = Callable[[int, int], None]  # (sentences placed, sentences in all)


@dataclass(frozen=True)
class AlignSettings:
    block_seconds: float = 15.0  # expected speech per aligned block
    min_sentences: int = 3  # per block (the last of each block is aligned again in the next)
    slack: float = 1.4  # the window is this times the block's expected length …
    pad: float = 3.0  # … plus this many seconds
    beams: tuple[float, ...] = (1e-64, 1e-96)  # tried in turn on a block that fails


def _decoder(beam: float) -> Any:
    from pocketsphinx import Decoder  # deferred: the model loads in about 0.3 s

    # dither: digital silence (exact zeros between sentences) otherwise derails the features
    return Decoder(lm=None, loglevel="FATAL", dither=True, beam=beam, wbeam=beam, pbeam=beam)


def _onset(pcm: bytes, start: float, limit: float) -> float:
    """Where the sentence's speech begins between `start` and `limit`. The aligner often gives
    a sentence's first word the pause before it, or the previous sentence's last sound (a name it
    pronounces otherwise): the sentence starts after the last pause (150 ms quieter than a
    hundredth of the loud parts) that begins before `limit`, 30 ms ahead of the first loud sound."""
    step = BYTES_PER_SECOND // 200  # 5 ms
    first = int(start * 200) * step
    samples = array.array("h", pcm[first : first + 400 * step])
    n = step // 2  # samples in a step
    energies = [sum(v * v for v in samples[i : i + n]) / n for i in range(0, len(samples) - n + 1, n)]
    if not energies:
        return start
    floor = sorted(energies)[int(len(energies) * 0.9)] / 100
    last_steps = int((limit - start) * 200)
    onset, quiet = 0, 0
    for i, energy in enumerate(energies):
        if energy <= floor:
            quiet += 1
        elif quiet >= 30 or (i and onset == 0 and quiet == i):
            if i - quiet > last_steps:
                break
            onset, quiet = i, 0
        else:
            quiet = 0
    return min(max(start, start + onset * 0.005 - 0.03), limit)


def estimate_times(sentences: list[Sentence], start: float, end: float) -> list[TimedSentence]:
    """Times spread over [start, end] in proportion to each sentence's length (the last resort,
    marked `estimated`)."""
    total = sum(len(s.text) for s in sentences) or 1
    out: list[TimedSentence] = []
    at = start
    for s in sentences:
        length = (end - start) * len(s.text) / total
        out.append(TimedSentence(s.segment, s.char_start, s.char_end, at, at + length, "estimated"))
        at += length
    return out


def _run(decoder: Any, pcm: bytes, words: list[str]) -> list[tuple[float, float]] | None:
    """(start, end) of each word in `pcm`, or None when the aligner cannot place them all."""
    try:
        decoder.set_align_text(" ".join(words))
        decoder.start_utt()
        decoder.process_raw(pcm, full_utt=True)
        decoder.end_utt()
    except RuntimeError:
        return None
    if decoder.hyp() is None:
        return None
    found = [
        (seg.start_frame * _FRAME, (seg.end_frame + 1) * _FRAME)
        for seg in decoder.seg()
        if seg.word not in _NOT_WORDS and not seg.word.startswith(("[", "+"))
    ]
    return found if len(found) == len(words) else None


def align_sentences(
    pcm: bytes,
    sentences: list[Sentence],
    settings: AlignSettings | None = None,
    progress: Progress | None = None,
) -> list[TimedSentence]:
    """Every sentence's time in the audio (16 kHz mono s16le), aligned where the aligner can."""
    settings = settings or AlignSettings()
    decoders = [_decoder(beam) for beam in settings.beams[:1]]
    decoder = decoders[0]
    known: Callable[[str], bool] = lambda w: decoder.lookup_word(w) is not None  # noqa: E731
    words = [sentence_words(s.text, known) for s in sentences]
    duration = len(pcm) / BYTES_PER_SECOND
    chars = sum(len(s.text) for s, w in zip(sentences, words, strict=True) if w) or 1
    per_char = duration / chars
    out: list[TimedSentence] = []
    cursor, i, n = 0.0, 0, len(sentences)
    while i < n:
        j, expected = i, 0.0
        while j < n and (expected < settings.block_seconds or j - i < settings.min_sentences):
            expected += len(sentences[j].text) * per_char if words[j] else 0.0
            j += 1
        window_end = duration if j == n else min(duration, cursor + expected * settings.slack + settings.pad)
        last_block = window_end >= duration
        if last_block:
            j = n
        block = [k for k in range(i, j) if words[k]]
        first_byte = int(cursor * BYTES_PER_SECOND) & ~1
        window = pcm[first_byte : int(window_end * BYTES_PER_SECOND) & ~1]
        found = None
        for attempt in range(len(settings.beams) if block else 0):
            if attempt == len(decoders):
                decoders.append(_decoder(settings.beams[attempt]))
            found = _run(decoders[attempt], window, [w for k in block for w in words[k]])
            if found is not None:
                break
        if found is None:
            # the aligner could not place this block: estimate its first sentence and go on
            share = (
                (window_end - cursor)
                * len(sentences[i].text)
                / max(1, sum(len(sentences[k].text) for k in range(i, j)))
            )
            out += estimate_times([sentences[i]], cursor, cursor + share)
            cursor, i = cursor + share, i + 1
            if progress is not None:
                progress(i, n)
            continue
        keep_until = j if last_block else max(i + 1, j - 1)
        at = 0
        placed: dict[int, tuple[float, float]] = {}
        for k in block:
            spans = found[at : at + len(words[k])]
            at += len(words[k])
            start = cursor + spans[0][0]
            second = min(1, len(spans) - 1)
            if spans[second][1] - spans[0][0] > 0.2 + 0.1 * sum(map(len, words[k][: second + 1])):
                # first words far longer than their letters took the pause before them, or the
                # last sound of the sentence before: look for where the speech begins
                start = _onset(pcm, start, cursor + spans[second][1])
            placed[k] = (start, cursor + spans[-1][1])
        previous_end = out[-1].end if out else cursor
        for k in range(i, keep_until):
            s = sentences[k]
            if k in placed:
                start, end = placed[k]
                out.append(TimedSentence(s.segment, s.char_start, s.char_end, start, end, "aligned"))
            else:  # nothing to align (no dictionary words): the gap before the next one
                nxt = next((placed[m][0] for m in range(k + 1, j) if m in placed), previous_end)
                out += estimate_times([s], previous_end, max(previous_end, nxt))
            previous_end = out[-1].end
        cursor, i = previous_end, keep_until
        if progress is not None:
            progress(i, n)
    return out
