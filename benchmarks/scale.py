"""Benchmark: studyterm on a whole podcast archive — 189 and 1,500 episodes side by side.

What it measures, in one run:

1. import vs bare spaCy - in two child processes, each with its pipeline loaded and warmed up
   before the clock starts: `pipeline.import_episodes` of the K distinct episode files into a new
   library (read, analyse, store) against bare `nlp.pipe` of the same paragraphs with the same
   components and batch size (`bare.py`). Time and peak memory of each, and their ratio.
2. at each library size (189 and 1,500 episodes by default), each command as a user runs it, a
   whole `python -m studyterm` process (start-up included), its wall time and peak memory
   (the child's own maximum resident set, from `wait4`):
       list, mark (one word), vocab of one episode, vocab of all, anki of all, profile of 20,
   and the library screen's first paint: a child process starts the app on the library
   (`make_app(...).run_test()`, 120x40) and stops the clock when the table holds every row.
   A `--version` process is timed too: the start-up every command pays.

The episodes: K distinct ~700-word news transcripts (a China Daily episode's length) made here from
the bundled sample's sentences and news sentences of our own (`analysis.py`), recombined with a
seeded RNG; each is analysed by spaCy once, in step 1. A library of N episodes holds episode i as
text i mod K with its number as a last paragraph (so every episode has its own id) and a copy of
that text's stored analysis (the number is not a word, so the copy is the analysis but for one
running word): building it runs no spaCy and writes through `Store.add_episodes`, as an import
does. Nothing is downloaded.

Printed: one table, each figure at both sizes and the ratio (target: within 1.5x from 189 to
1,500; `list` under 0.5 s), with each process's CPU time (user and system) beside its wall time:
on a busy shared machine the wall times swing with other work, the CPU times much less. It is
a report, not a test (exit status 0 even when a target is missed).

Run from the repository root (about 3 minutes with --quick on two cores, 8 without):
    /work/venv/bin/python benchmarks/scale.py [--quick] [--sizes 189,1500] [--distinct K]
To compare with another checkout of studyterm, put it first on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysis import (
    CITIES,
    DAYS,
    MONTHS,
    OWN_SENTENCES,
    sample_transcript,
    split_sentences,
)
from reporting import run_report

EPISODE_WORDS = 700
MARK_WORD = "tariffs"  # a form: `mark` looks its lemma up in the library


def make_text(rng: random.Random, pool: list[str]) -> str:
    """One episode: paragraphs of 3-8 sentences, the sample's and ours, ~EPISODE_WORDS words."""
    paragraphs = []
    words = 0
    while words < EPISODE_WORDS:
        sentences = []
        for _ in range(rng.randint(3, 8)):
            if rng.random() < 0.4:
                sentences.append(rng.choice(pool))
            else:
                sentences.append(
                    rng.choice(OWN_SENTENCES).format(
                        city=rng.choice(CITIES),
                        day=rng.choice(DAYS),
                        month=rng.choice(MONTHS),
                        num=rng.randint(2, 95),
                    )
                )
        paragraphs.append(" ".join(sentences))
        words += len(paragraphs[-1].split())
    return "\n\n".join(paragraphs) + "\n"


def write_texts(folder: Path, k: int) -> list[Path]:
    rng = random.Random(0)
    pool = split_sentences(sample_transcript())
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(k):
        path = folder / f"news-{i:03d}.txt"
        path.write_text(make_text(rng, pool), encoding="utf-8")
        paths.append(path)
    return paths


# -- child processes: measured work only, each reports its own clock -------------------------


def child_import(library: str, paths: list[str]) -> dict[str, Any]:
    from studyterm.ingest import load_episode
    from studyterm.model import Episode, Segment
    from studyterm.pipeline import get_analyzer, import_episodes
    from studyterm.store import Store

    get_analyzer(None).analyse(Episode("warm-up", [Segment(load_episode(paths[0]).text)]))
    with Store(Path(library) / "library.sqlite3") as store:
        start = time.perf_counter()
        import_episodes(store, paths)
        return {"seconds": time.perf_counter() - start}


def child_bare(paths: list[str]) -> dict[str, Any]:
    from bare import bare_pipe, same_pipeline, studyterm_batch_size

    from studyterm.analysis.nlp import resolve_model
    from studyterm.ingest import load_episode

    nlp = same_pipeline(resolve_model())
    batch = studyterm_batch_size()
    bare_pipe(nlp, [load_episode(paths[0]).text], batch)  # warm-up, as the import's
    start = time.perf_counter()
    # the same reading of the files as the import, then the paragraphs piped
    texts = [seg.text for p in paths for seg in load_episode(p).segments]
    tokens = bare_pipe(nlp, texts, batch)
    return {"seconds": time.perf_counter() - start, "tokens": tokens}


def child_paint(library: str, rows: int) -> dict[str, Any]:
    start = time.perf_counter()
    from textual.widgets import DataTable

    from studyterm.store import Store
    from studyterm.tui.app import make_app

    async def paint() -> float:
        with Store(Path(library) / "library.sqlite3") as store:
            app = make_app(store, level="5000")
            async with app.run_test(size=(120, 40)) as pilot:
                deadline = time.perf_counter() + 600
                while time.perf_counter() < deadline:
                    tables = app.screen.query(DataTable)
                    if tables and tables.first().row_count >= rows:
                        break
                    await asyncio.sleep(0.005)
                painted = time.perf_counter() - start
                app.exit()
                await pilot.pause()
            return painted

    return {"seconds": asyncio.run(paint())}


# -- the parent --------------------------------------------------------------------------------


def run_child(
    args: list[str], env: dict[str, str] | None = None, stdout: int | None = subprocess.DEVNULL
) -> tuple[float, float, str, float]:
    """Run a process; (wall seconds, peak resident MB of that process, its stdout, its CPU
    seconds: user and system, which other work on a shared machine barely changes)."""
    start = time.perf_counter()
    # from a neutral folder: `python -m` puts the working folder first on the path, which would
    # run the checkout the benchmark sits in rather than the studyterm under test (PYTHONPATH)
    proc = subprocess.Popen(
        args, stdout=stdout, stderr=subprocess.PIPE, env=env, text=True, cwd=tempfile.gettempdir()
    )
    out = ""
    if stdout == subprocess.PIPE:
        assert proc.stdout is not None
        out = proc.stdout.read()
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:6])} … exited {proc.returncode}: {err.strip()[-400:]}")
    return wall, usage.ru_maxrss / 1024, out, usage.ru_utime + usage.ru_stime


def child_json(kind: str, *args: str) -> tuple[dict[str, Any], float]:
    _, mb, out, _ = run_child([sys.executable, __file__, "--child", kind, *args], stdout=subprocess.PIPE)
    return json.loads(out.strip().splitlines()[-1]), mb


def build_library(folder: Path, n: int, source: Path) -> list[str]:
    """A library of `n` episodes, copies of the analysed ones in `source` (see the docstring)."""
    from studyterm.model import Segment
    from studyterm.pipeline import analysis_version
    from studyterm.store import Store

    version = analysis_version(None)
    with Store(source / "library.sqlite3") as src:
        base = []
        for row in src.episodes():
            episode = src.episode(row.id)
            analysis = src.analysis(row.content_hash, version)
            assert analysis is not None
            base.append((episode, analysis))
    ids = []
    first = date(2020, 1, 1)
    with Store(folder / "library.sqlite3") as store:
        for chunk in range(0, n, 100):
            pairs = []
            for i in range(chunk, min(n, chunk + 100)):
                episode, analysis = base[i % len(base)]
                copy = replace(
                    episode,
                    title=f"China Daily news {i + 1}",
                    podcast="China Daily Podcast",
                    published=first + timedelta(days=i),
                    segments=[*episode.segments, Segment(f"({i + 1})")],
                )
                pairs.append((copy, replace(analysis, content_hash=copy.content_hash)))
                ids.append(copy.id)
            store.add_episodes(pairs)
    return ids


def measure(
    library: Path, ids: list[str], scratch: Path, repeat: int
) -> dict[str, tuple[float, float, float]]:
    """Each command: (median wall seconds, peak MB, median CPU seconds)."""
    cli = [sys.executable, "-m", "studyterm", "--library", str(library)]
    commands: dict[str, list[str]] = {
        "start-up (--version)": [sys.executable, "-m", "studyterm", "--version"],
        "list": [*cli, "list", "--format", "json"],
        "mark": [*cli, "mark", "known", MARK_WORD],
        "vocab of one": [*cli, "vocab", ids[0], "--format", "json"],
        "vocab of all": [*cli, "vocab", *ids, "--format", "csv", "-o", str(scratch / "all.csv")],
        "anki of all": [*cli, "anki", *ids, "-o", str(scratch / "all.apkg")],
        "profile of 20": [*cli, "profile", *ids[:20], "--format", "json"],
        "library first paint": [sys.executable, __file__, "--child", "paint", str(library), str(len(ids))],
    }
    out = {}
    for name, args in commands.items():
        runs = [run_child(args) for _ in range(repeat)]
        out[name] = (
            statistics.median(r[0] for r in runs),
            max(r[1] for r in runs),
            statistics.median(r[3] for r in runs),
        )
        print(
            f"  {name:<22} {out[name][0]:7.2f} s {out[name][1]:7.0f} MB {out[name][2]:7.2f} s CPU", flush=True
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="12 distinct episodes instead of 40, one run of each command"
    )
    parser.add_argument("--sizes", default="189,1500", help="library sizes (default 189,1500)")
    parser.add_argument("--distinct", type=int, help="distinct episodes analysed by spaCy")
    parser.add_argument("--repeat", type=int, help="runs of each command (median)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, rest = args.child[0], args.child[1:]
        result = (
            child_import(rest[0], rest[1:])
            if kind == "import"
            else child_bare(rest)
            if kind == "bare"
            else child_paint(rest[0], int(rest[1]))
        )
        print(json.dumps(result))
        return
    k = args.distinct or (12 if args.quick else 40)
    repeat = args.repeat or (1 if args.quick else 3)
    sizes = [int(s) for s in args.sizes.split(",")]
    import studyterm

    print(
        f"studyterm from {Path(studyterm.__file__).parent}; {k} distinct episodes of "
        f"~{EPISODE_WORDS} words; sizes {sizes}; {repeat} run(s) of each command"
    )
    _, _, used, _ = run_child(
        [sys.executable, "-c", "import studyterm; print(studyterm.__file__)"], stdout=subprocess.PIPE
    )
    print(f"the commands run studyterm from {Path(used.strip()).parent}")
    with tempfile.TemporaryDirectory(prefix="studyterm-scale-") as tmp:
        work = Path(tmp)
        paths = [str(p) for p in write_texts(work / "texts", k)]
        source = work / "analysed"
        imp, imp_mb = child_json("import", str(source), *paths)
        bare, bare_mb = child_json("bare", *paths)
        print(
            f"import of {k} files vs bare nlp.pipe (same components and batch size): "
            f"{imp['seconds']:.2f} s vs {bare['seconds']:.2f} s = "
            f"{imp['seconds'] / bare['seconds']:.2f}x (target <= 1.15); peak "
            f"{imp_mb:.0f} MB vs {bare_mb:.0f} MB = {imp_mb / bare_mb:.2f}x",
            flush=True,
        )
        results = {}
        for n in sizes:
            folder = work / f"library-{n}"
            t = time.perf_counter()
            ids = build_library(folder, n, source)
            print(f"library of {n} episodes built in {time.perf_counter() - t:.1f} s (untimed)", flush=True)
            results[n] = measure(folder, ids, work, repeat)
        first, last = sizes[0], sizes[-1]
        print(
            f"\n{'':<22} {'time @' + str(first):>10} {'@' + str(last):>9} {'ratio':>6}"
            f"   {'MB @' + str(first):>9} {'@' + str(last):>7} {'ratio':>6}"
            f"   {'CPU @' + str(first):>9} {'@' + str(last):>7} {'ratio':>6}"
        )
        for name in results[first]:
            (t0, m0, c0), (t1, m1, c1) = results[first][name], results[last][name]
            flag = "" if t1 / t0 <= 1.5 else "  (over 1.5x)"
            print(
                f"{name:<22} {t0:9.2f}s {t1:8.2f}s {t1 / t0:6.2f}   {m0:9.0f} {m1:7.0f} {m1 / m0:6.2f}"
                f"   {c0:8.2f}s {c1:6.2f}s {c1 / c0:6.2f}{flag}"
            )
        print(
            f"`list` at {last}: {results[last]['list'][0]:.2f} s (target < 0.5 s, whole "
            f"process; start-up alone {results[last]['start-up (--version)'][0]:.2f} s)"
        )


if __name__ == "__main__":
    run_report(main)
