"""Audio as the aligner hears it: 16 kHz mono 16-bit PCM, decoded by ffmpeg from any format."""

from __future__ import annotations

import subprocess
from pathlib import Path

from studyterm.audio.tools import require
from studyterm.errors import InputError

__all__ = ["BYTES_PER_SECOND", "RATE", "decode_pcm", "probe_duration"]

RATE = 16_000
BYTES_PER_SECOND = RATE * 2


def decode_pcm(path: Path, timeout: float = 600) -> bytes:
    """The whole file as 16 kHz mono s16le; InputError when ffmpeg cannot read it as audio."""
    ffmpeg = require("ffmpeg", "reading audio")
    try:
        run = subprocess.run(
            [
                ffmpeg,
                "-nostdin",
                "-v",
                "error",
                "-i",
                str(path),
                "-vn",
                "-ac",
                "1",
                "-ar",
                str(RATE),
                "-f",
                "s16le",
                "-",
            ],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise InputError(f"decoding the audio took longer than {timeout:g} s", path=path) from exc
    if run.returncode != 0 or not run.stdout:
        last = (run.stderr.decode("utf-8", "replace").strip().splitlines() or ["no audio"])[-1]
        raise InputError(f"not audio that ffmpeg can read ({last[:120]})", path=path)
    return run.stdout


def probe_duration(path: Path) -> float:
    """The file's duration in seconds (ffprobe); InputError when it is not audio."""
    ffprobe = require("ffprobe", "reading audio")
    try:
        run = subprocess.run(
            [
                ffprobe,
                "-v",
                "error",
                "-show_entries",
                "format=duration",
                "-of",
                "default=noprint_wrappers=1:nokey=1",
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        return float(run.stdout.strip())
    except (subprocess.TimeoutExpired, ValueError) as exc:
        raise InputError("not audio that ffprobe can read", path=path) from exc
