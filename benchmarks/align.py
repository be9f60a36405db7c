"""Benchmark: how close forced alignment puts sentence starts, on speech whose times are known.

Each sentence of a known text (the bundled China Daily sample, names and numbers included) is
spoken by espeak-ng (US English, 165 words a minute) into its own clip; the clips are joined
with pauses of 0.15-0.9 s (fixed pseudo-random) into one recording, so the true start of every
sentence is known: the clip's place in the recording plus the clip's first sample above the
noise floor (where espeak-ng starts speaking). Low noise (-60 dB) is mixed in, as any recording
has (tests/audio/speech.py makes it). The recording is then aligned with
`studyterm.audio.align.align_sentences` (PocketSphinx) and, side by side, given the
proportional estimate that the aligner's fallback uses.

Printed: sentences, audio duration, sentences the aligner had to estimate, the mean and
95th-percentile error of sentence starts for both methods (target for the aligner: mean <= 0.3 s,
p95 <= 0.8 s), and the alignment time / audio duration. It is a report, not a test: the exit
status is 0 even when a target is missed.

Run from the repository root (needs espeak-ng and ffmpeg):
    /work/venv/bin/python benchmarks/align.py [--sentences N] [--rate WPM]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studyterm.audio.align import align_sentences, estimate_times
from studyterm.audio.pcm import BYTES_PER_SECOND
from studyterm.audio.sentences import split_sentences
from studyterm.ingest import load_episode
from studyterm.pipeline import sample_episode_path
from tests.audio.speech import recording


def stats(errors: list[float]) -> tuple[float, float]:
    ordered = sorted(errors)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return sum(ordered) / len(ordered), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=0, help="first N sentences (0: all)")
    parser.add_argument("--rate", type=int, default=165, help="espeak-ng words per minute")
    args = parser.parse_args()
    sentences = split_sentences(load_episode(sample_episode_path()))
    if args.sentences:
        sentences = sentences[: args.sentences]
    pcm, truth = recording([s.text for s in sentences], args.rate)
    duration = len(pcm) / BYTES_PER_SECOND
    began = time.perf_counter()
    aligned = align_sentences(pcm, sentences)
    took = time.perf_counter() - began
    estimated = estimate_times(sentences, 0.0, duration)
    print(
        f"sentences: {len(sentences)}   audio: {duration:.1f} s   "
        f"estimated by the aligner's fallback: "
        f"{sum(t.method == 'estimated' for t in aligned)}"
    )
    print(f"{'method':<22}{'mean error (s)':>16}{'p95 error (s)':>16}")
    for name, times in (("forced alignment", aligned), ("proportional only", estimated)):
        mean, p95 = stats([abs(t.start - s) for t, s in zip(times, truth, strict=True)])
        print(f"{name:<22}{mean:>16.3f}{p95:>16.3f}")
    print("targets: mean <= 0.300 s, p95 <= 0.800 s")
    print(f"alignment time / audio duration: {took:.1f} s / {duration:.1f} s = {took / duration:.3f}")


if __name__ == "__main__":
    main()
