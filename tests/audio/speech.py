"""Speech with known times: each sentence spoken by espeak-ng into its own clip, the clips joined
with pauses, so the true start of every sentence is known (the clip's place plus espeak-ng's
first audible sample). Used by the audio tests and by benchmarks/align.py."""

from __future__ import annotations

import array
import random
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

RATE = 16_000

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


def make_speech(folder: Path) -> Speech:
    """A short news text spoken into `folder`: its WAV file and its transcript."""
    pcm, starts = recording(SENTENCES)
    text = folder / "railway.txt"
    text.write_text(" ".join(SENTENCES) + "\n", encoding="utf-8")
    return Speech(SENTENCES, pcm, starts, write_wav(pcm, folder / "railway.wav"), text)


def speak(text: str, wpm: int = 165) -> array.array[int]:
    """One sentence spoken by espeak-ng (US English), as 16 kHz mono samples."""
    wav = subprocess.run(
        ["espeak-ng", "-v", "en-us", "-s", str(wpm), "--stdout", text],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    raw = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", "-", "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-"],
        input=wav,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    return array.array("h", raw)


def onset(samples: array.array[int], threshold: int = 500) -> int:
    """Index of the first sample louder than the threshold: where the speech starts."""
    return next((i for i, v in enumerate(samples) if abs(v) > threshold), 0)


def recording(
    sentences: list[str], wpm: int = 165, seed: int = 7, noise: bool = True
) -> tuple[bytes, list[float]]:
    """16 kHz mono s16le speech of the sentences with 0.15-0.9 s pauses, and each sentence's
    true start in seconds. `noise` mixes in -60 dB white noise, as any real recording has."""
    pauses = random.Random(seed)
    out = array.array("h")
    starts: list[float] = []
    for text in sentences:
        clip = speak(text, wpm)
        starts.append((len(out) + onset(clip)) / RATE)
        out.extend(clip)
        out.extend([0] * int(RATE * pauses.uniform(0.15, 0.9)))
    if noise:
        hiss = random.Random(seed + 1)
        for i in range(len(out)):
            out[i] = max(-32768, min(32767, out[i] + hiss.randint(-33, 33)))
    return out.tobytes(), starts


def write_wav(pcm: bytes, path: Path) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm)
    return path
