"""Benchmark: how quickly the study app paints an episode and answers `n`, against its targets.

What it measures, in one run:

A. first paint, sample   - from starting the app (`make_app(...).run_test()`, 120x40) on the
                           bundled sample episode, analysed and cached beforehand, until the
                           transcript's first line of text is rendered. Median of N starts.
B. first paint, long     - the same for a transcript of >= 20,000 words.
C. `n` latency, long     - on the long transcript: from pressing `n` (Pilot) until the transcript
                           repaints with the new selection. Median and 95th percentile of many
                           presses walking through the highlighted words.
D. page-down latency     - the same for `pagedown` (scrolling repaints a whole screen of lines).
E. first frame, fresh    - `studyterm demo` on an empty library, in a fresh process: from the
                           process start (module imports included) to the first frame, to the
                           import's progress on screen, and to the episode shown (spaCy loaded
                           and the sample analysed meanwhile, in a worker). Target: a frame
                           within 1 s while the analysis goes on.

The long transcript is built from the sentences of the bundled sample, recombined into paragraphs
with `random.Random(0)`, and imported once into a temp library (analysis not timed). The
measurements run in a child process that never imports spaCy (checked and printed), as the study
app on a cached episode must not.

Printed: each figure beside its target and the ratio figure / target (below 1 meets it).
Absolute times are noisy on a shared machine; it is a report, not a test: exit status 0 even when
a target is missed.

Run from the repository root:
    /work/venv/bin/python benchmarks/tui.py [--starts N] [--presses N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from paints import first_paint_after, key_latency, record_paints, text_paints

MIN_WORDS = 20_000
TARGETS = {"paint": 0.5, "key": 0.050, "frame": 1.0}


def build_transcript(sample_text: str, seed: int = 0) -> str:
    """>= MIN_WORDS words of news English: the sample's sentences, shuffled into paragraphs."""
    sentences = [
        s.strip() for s in re.split(r"(?<=[.!?\"])\s+(?=[A-Z\"])", sample_text) if len(s.split()) >= 4
    ]
    rng = random.Random(seed)
    paragraphs: list[str] = []
    words = 0
    while words < MIN_WORDS:
        para = " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 7)))
        paragraphs.append(para)
        words += len(para.split())
    return "\n\n".join(paragraphs) + "\n"


def prepare(workdir: Path) -> tuple[str, str, int]:
    """Import the sample and the long transcript into a library in `workdir` (spaCy runs here,
    untimed). Returns the two episode ids and the long transcript's word count."""
    from studyterm.pipeline import import_episode, sample_episode_path
    from studyterm.store import Store

    with Store(workdir / "library.sqlite3") as store:
        sample = import_episode(store, sample_episode_path())
        text = build_transcript(sample.episode.text)
        path = workdir / "long-episode.txt"
        path.write_text(text, encoding="utf-8")
        long = import_episode(store, path)
    return sample.episode.id, long.episode.id, len(text.split())


# -- the child: measurements with the study app ------------------------------------------------


def child(library: str, sample_id: str, long_id: str, starts: int, presses: int) -> None:
    t_import = time.perf_counter()
    from studyterm.store import Store
    from studyterm.tui.app import make_app
    from studyterm.tui.widgets.transcript_view import TranscriptView

    import_s = time.perf_counter() - t_import
    paints = text_paints()

    async def first_paint(episode_id: str) -> float:
        with Store(Path(library) / "library.sqlite3") as store:
            paints.clear()
            app = make_app(store, episode=episode_id, level="5000")
            start = time.perf_counter()
            async with app.run_test(size=(120, 40)) as pilot:
                painted = await first_paint_after(paints, start)
                await app.workers.wait_for_complete()
                await pilot.pause()
            return painted

    async def latencies(episode_id: str, key: str, count: int) -> tuple[list[float], int]:
        with Store(Path(library) / "library.sqlite3") as store:
            app = make_app(store, episode=episode_id, level="5000")
            async with app.run_test(size=(120, 40)) as pilot:
                while not paints:
                    await asyncio.sleep(0.001)
                await app.workers.wait_for_complete()
                await pilot.pause()
                out: list[float] = []
                for _ in range(count):
                    took = await key_latency(pilot, paints, key)
                    if took is not None:
                        out.append(took)
                screen = app.screen
                lines = screen.query_one(TranscriptView).line_count
            return out, lines

    async def main() -> dict[str, object]:
        sample = [await first_paint(sample_id) for _ in range(starts)]
        long = [await first_paint(long_id) for _ in range(starts)]
        n_times, lines = await latencies(long_id, "n", presses)
        page_times, _ = await latencies(long_id, "pagedown", min(presses, 60))
        return {
            "import_s": import_s,
            "sample": sample,
            "long": long,
            "n": n_times,
            "page": page_times,
            "lines": lines,
            "spacy": "spacy" in sys.modules,
        }

    print(json.dumps(asyncio.run(main())))


def fresh_child(library: str) -> None:
    """E: the app started on a file it must import into an empty library, as `studyterm demo`
    does on a first run."""
    t0 = time.perf_counter()
    from studyterm.pipeline import sample_episode_path
    from studyterm.store import Store
    from studyterm.tui.app import make_app
    from studyterm.tui.background import ImportSource
    from studyterm.tui.widgets.transcript_view import TranscriptView

    seen: dict[str, float] = {}

    def painted(view: TranscriptView) -> None:
        now = time.perf_counter() - t0
        seen.setdefault("frame", now)
        if view._message:
            seen.setdefault("progress", now)
        if view.line_count:
            seen.setdefault("episode", now)

    record_paints(painted)

    async def run() -> None:
        with Store(Path(library) / "library.sqlite3") as store:
            app = make_app(store, level="5000", source=ImportSource(sample_episode_path()))
            async with app.run_test(size=(120, 40)) as pilot:
                while "episode" not in seen and time.perf_counter() - t0 < 120:
                    await asyncio.sleep(0.005)
                await app.workers.wait_for_complete()
                await pilot.pause()

    asyncio.run(run())
    print(json.dumps(seen))


def _fresh_start() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, __file__, "--fresh", tmp], capture_output=True, text=True, check=False
        )
    if out.returncode != 0:
        print(out.stdout, out.stderr, sep="\n")
        raise SystemExit("the fresh-library process failed")
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# -- the parent: prepare, run the child, print ---------------------------------------------------


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)] if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--starts", type=int, default=5, help="app starts per episode")
    parser.add_argument("--presses", type=int, default=200, help="presses of n")
    parser.add_argument("--child", nargs=3, metavar=("LIBRARY", "SAMPLE", "LONG"), help=argparse.SUPPRESS)
    parser.add_argument("--fresh", metavar="LIBRARY", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, starts=args.starts, presses=args.presses)
        return
    if args.fresh:
        fresh_child(args.fresh)
        return
    fresh = _fresh_start()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        t = time.perf_counter()
        sample_id, long_id, words = prepare(workdir)
        print(f"library prepared in {time.perf_counter() - t:.1f} s (import and analysis, untimed)")
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--starts",
                str(args.starts),
                "--presses",
                str(args.presses),
                "--child",
                str(workdir),
                sample_id,
                long_id,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            print(out.stdout, out.stderr, sep="\n")
            raise SystemExit("the measuring process failed")
        r = json.loads(out.stdout.strip().splitlines()[-1])
    rows = [
        ("first paint, sample episode", statistics.median(r["sample"]), TARGETS["paint"]),
        (f"first paint, {words:,}-word episode", statistics.median(r["long"]), TARGETS["paint"]),
        ("`n` to repaint, median", statistics.median(r["n"]), TARGETS["key"]),
        ("`n` to repaint, 95th percentile", _p95(r["n"]), TARGETS["key"]),
        ("page-down to repaint, median", statistics.median(r["page"]), TARGETS["key"]),
        ("page-down to repaint, 95th pct", _p95(r["page"]), TARGETS["key"]),
        ("fresh library: first frame", fresh["frame"], TARGETS["frame"]),
        ("fresh library: progress on screen", fresh.get("progress", float("nan")), TARGETS["frame"]),
    ]
    print(
        f"long transcript: {words:,} words, {r['lines']:,} lines at 120x40; "
        f"{len(r['n'])} presses of n, {args.starts} starts each"
    )
    print(f"importing the app's modules took {r['import_s']:.2f} s (before the timings)")
    print(f"spaCy imported by the study app: {'YES (wrong)' if r['spacy'] else 'no'}")
    print(
        f"fresh library: the sample episode on screen after {fresh['episode']:.2f} s "
        "(spaCy loaded and the episode analysed meanwhile; the app answered keys throughout)"
    )
    print()
    print(f"{'measure':<36}{'time':>10}{'target':>10}{'ratio':>8}")
    for name, value, target in rows:
        verdict = "ok" if value <= target else "MISSED"
        print(f"{name:<36}{value * 1000:>8.1f}ms{target * 1000:>8.0f}ms{value / target:>8.2f}  {verdict}")


if __name__ == "__main__":
    main()
