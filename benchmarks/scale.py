"""Benchmark: studyterm on a whole podcast archive — 189 and 1,500 episodes side by side.

What it measures, in one run:

1. import vs bare spaCy, at each library size (189 and 1,500 episodes by default): the import of
   N episode files into a new library (`pipeline.import_episodes`: read, analyse, store) with
   one process and with two (`STUDYTERM_PROCESSES`), against bare streamed `nlp.pipe` of the
   same paragraphs with the same components and batch size (`bare.py`) with one process and
   with two (spaCy's own `n_process=2`), each in its own child process with its pipeline loaded
   and warmed up before the clock starts. Wall time, CPU time of the timed part (the child's
   and its workers'), peak memory, and the ratios to the one-process bare run (targets: <= 1.15
   with one process, <= 0.65 with two). The machine's load average is printed beside them:
   other work on a shared machine slows the two-process runs most, and the CPU times say what
   the work costs whatever else runs (two processes can take no less wall time than half
   their CPU time on two cores).
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
does (with the import's sense counts for word lists, `pipeline.list_senses`). The files
imported in step 1 are those episodes. Nothing is downloaded.

Printed: one table, each figure at both sizes and the ratio (target: within 1.5x from 189 to
1,500; `list` under 0.5 s), with each process's CPU time (user and system) beside its wall time:
on a busy shared machine the wall times swing with other work, the CPU times much less. It is
a report, not a test (exit status 0 even when a target is missed).

Run from the repository root (about 8 minutes with --quick on two cores, 15 without; --only
import or --only commands runs one of the two steps):
    /work/venv/bin/python benchmarks/scale.py [--quick] [--only import|commands]
                                              [--sizes 189,1500] [--distinct K]
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


def write_episodes(folder: Path, texts: list[Path], n: int) -> list[str]:
    """The files of a library of `n` episodes: text i mod K, its number as a last paragraph."""
    folder.mkdir(parents=True, exist_ok=True)
    bodies = [p.read_text(encoding="utf-8") for p in texts]
    paths = []
    for i in range(n):
        path = folder / f"episode-{i + 1:04d}.txt"
        path.write_text(f"{bodies[i % len(bodies)]}\n({i + 1})\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def child_import(library: str, paths: list[str]) -> dict[str, Any]:
    from studyterm.ingest import load_episode
    from studyterm.model import Episode, Segment
    from studyterm.pipeline import get_analyzer, import_episodes
    from studyterm.store import Store

    get_analyzer(None).analyse(Episode("warm-up", [Segment(load_episode(paths[0]).text)]))
    with Store(Path(library) / "library.sqlite3") as store:
        start, cpu = time.perf_counter(), cpu_seconds()
        import_episodes(store, paths)
        return {"seconds": time.perf_counter() - start, "cpu": cpu_seconds() - cpu}


def cpu_seconds() -> float:
    """CPU seconds (user and system) of this process and of its finished child processes (the
    analysis's workers, spaCy's): what the timed part costs, whatever other work runs."""
    import multiprocessing
    import resource

    multiprocessing.active_children()  # finished workers are waited for: their time counts
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def child_bare(processes: int, paths: list[str]) -> dict[str, Any]:
    from bare import bare_pipe, same_pipeline, studyterm_batch_size

    from studyterm.analysis.nlp import resolve_model
    from studyterm.ingest import load_episode

    nlp = same_pipeline(resolve_model())
    batch = studyterm_batch_size()
    bare_pipe(nlp, [load_episode(paths[0]).text], batch)  # warm-up, as the import's
    start, cpu = time.perf_counter(), cpu_seconds()
    # the same reading of the files as the import, then the paragraphs piped
    texts = [seg.text for p in paths for seg in load_episode(p).segments]
    tokens = bare_pipe(nlp, texts, batch, processes)
    return {"seconds": time.perf_counter() - start, "cpu": cpu_seconds() - cpu, "tokens": tokens}


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


def child_json(
    kind: str, *args: str, env: dict[str, str] | None = None
) -> tuple[dict[str, Any], float, float]:
    """A measuring child's report, its peak MB and its CPU seconds (its workers' included)."""
    _, mb, out, cpu = run_child(
        [sys.executable, __file__, "--child", kind, *args],
        env={**os.environ, **env} if env else None,
        stdout=subprocess.PIPE,
    )
    return json.loads(out.strip().splitlines()[-1]), mb, cpu


def load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def measure_imports(work: Path, texts: list[Path], n: int, repeat: int) -> None:
    """Step 1 at `n` episodes: import (one and two processes) vs bare nlp.pipe (one and two),
    alternated, `repeat` rounds; each figure's median, and the load average of each round."""
    paths = write_episodes(work / f"files-{n}", texts, n)
    runs: dict[str, list[tuple[float, float, float]]] = {}
    for round_ in range(repeat):
        for name, kind, args, env in (
            ("bare, 1 process", "bare", ["1"], None),
            (
                "import, 1 process",
                "import",
                [str(work / f"import-{n}-1-{round_}")],
                {"STUDYTERM_PROCESSES": "1"},
            ),
            ("bare, 2 processes", "bare", ["2"], None),
            (
                "import, 2 processes",
                "import",
                [str(work / f"import-{n}-2-{round_}")],
                {"STUDYTERM_PROCESSES": "2"},
            ),
        ):
            got, mb, _ = child_json(kind, *args, *paths, env=env)
            runs.setdefault(name, []).append((got["seconds"], mb, got["cpu"]))
        print(f"  round {round_ + 1} of the imports of {n} episodes done ({load()})", flush=True)
    base = statistics.median(r[0] for r in runs["bare, 1 process"])
    base_cpu = statistics.median(r[2] for r in runs["bare, 1 process"])
    targets = {"import, 1 process": "  (target <= 1.15)", "import, 2 processes": "  (target <= 0.65)"}
    print(
        f"import of {n} episode files vs bare nlp.pipe (same components and batch size), medians "
        "(each run's wall time in brackets; CPU: of the timed part, the workers' included):"
    )
    for name, got in runs.items():
        seconds = statistics.median(r[0] for r in got)
        cpu = statistics.median(r[2] for r in got)
        every = ", ".join(f"{r[0]:.2f}" for r in got)
        print(
            f"  {name:<20} {seconds:7.2f} s ({every})  {seconds / base:5.2f}x bare 1 process"
            f"  CPU {cpu:6.2f} s = {cpu / base_cpu:4.2f}x  peak {max(r[1] for r in got):4.0f} MB"
            f"{targets.get(name, '')}",
            flush=True,
        )


def build_library(folder: Path, n: int, source: Path) -> list[str]:
    """A library of `n` episodes, copies of the analysed ones in `source` (see the docstring)."""
    from studyterm.model import Segment
    from studyterm.pipeline import analysis_version
    from studyterm.store import Store

    try:  # what an import counts the senses of the items' occurrences with, for word lists
        from studyterm.pipeline import list_senses

        senses: tuple[Any, ...] = (list_senses(),)
    except ImportError:  # a studyterm before the list rows (put first on PYTHONPATH to compare)
        senses = ()
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
            store.add_episodes(pairs, *senses)
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
    parser.add_argument(
        "--only", choices=["import", "commands"], help="run only step 1 (import) or step 2 (commands)"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, rest = args.child[0], args.child[1:]
        result = (
            child_import(rest[0], rest[1:])
            if kind == "import"
            else child_bare(int(rest[0]), rest[1:])
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
        f"~{EPISODE_WORDS} words; sizes {sizes}; {repeat} run(s) of each command; "
        f"{os.cpu_count()} cores, {load()}"
    )
    _, _, used, _ = run_child(
        [sys.executable, "-c", "import studyterm; print(studyterm.__file__)"], stdout=subprocess.PIPE
    )
    print(f"the commands run studyterm from {Path(used.strip()).parent}")
    with tempfile.TemporaryDirectory(prefix="studyterm-scale-") as tmp:
        work = Path(tmp)
        texts = write_texts(work / "texts", k)
        if args.only != "commands":
            for n in sizes:
                measure_imports(work, texts, n, repeat)
        if args.only == "import":
            return
        source = work / "analysed"
        child_json("import", str(source), *map(str, texts))  # the analyses the libraries copy
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
