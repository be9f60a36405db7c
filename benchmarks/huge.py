"""Benchmark: one huge transcript — import it, against bare spaCy, then read it back.

What it measures, in one run, each part in its own child process (its pipeline loaded and warmed
up before the clock starts):

1. the import of one file of --words words (2.4 million by default: under the 20 MB limit) into
   a new library (`pipeline.import_episodes`: read, analyse, store), with one process and with
   two (`STUDYTERM_PROCESSES`), against bare streamed `nlp.pipe` of the same paragraphs with the
   same components and batch size (`bare.py`), with one and two processes. Wall time, the
   peak resident memory of the process itself and of its largest worker process (spaCy's
   `n_process` workers: `RUSAGE_CHILDREN`), and the ratios (targets: import / bare <= 1.15 with
   one process, two-process import / one-process bare <= 0.65; peak <= 1 GB).
2. reading that episode back afterwards, in a new process: what the reader's load worker makes
   before the first paint (`tui.background.open_for_study`: the episode, its analysis, the
   session and the marks of the first screen), then the study app on it (Pilot, 120x40): its
   first paint (the text: a long episode's is shown before its analysis is read), when its
   highlights are applied, when the whole transcript is wrapped (in steps after the first paint), and `n`
   and `end` after that; and `studyterm show` and `studyterm list` as whole processes.

With --threshold it measures instead where two processes start to pay: the analysis of texts of
growing size with one process (`Analyzer.analyse_all`) and with two (`analysis.workers`), which is how
`pipeline.PARALLEL_CHARS` was chosen.

The text: the gold texts (`gold/*.txt`, about 28,000 words) repeated, each copy's paragraphs
numbered so no two are the same file. Nothing is downloaded. Absolute times are noisy on a shared
machine; it is a report, not a test.

The libraries are made in a temporary folder and removed; --keep DIR keeps the two-process one,
and --read DIR reads its episode back again later without importing it again (minutes).

    /work/venv/bin/python benchmarks/huge.py [--words 2400000] [--skip-one] [--keep DIR] [--threshold]
    /work/venv/bin/python benchmarks/huge.py --read LIBRARY [--read-runs 3]
    /work/venv/bin/python benchmarks/huge.py --paint LIBRARY [--against TREE] [--read-runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from paints import first_paint_after, key_latency, table_paints, text_paints
from reporting import run_report

GOLD = Path(__file__).resolve().parent / "gold"


def gold_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(GOLD.glob("*.txt")):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return paragraphs


def make_text(words: int) -> str:
    """Gold paragraphs repeated until `words` words."""
    base = gold_paragraphs()
    out: list[str] = []
    count = 0
    copy = 0
    while count < words:
        copy += 1
        for para in base:
            out.append(para)
            count += len(para.split())
            if count >= words:
                break
        out.append(f"({copy})")
    return "\n\n".join(out) + "\n"


def _peaks() -> dict[str, float]:
    """Peak resident MB of this process and of its largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_mb": own, "worker_mb": kids}


def _warm(text: str) -> None:
    from studyterm.model import Episode, Segment
    from studyterm.pipeline import get_analyzer

    get_analyzer(None).analyse(Episode("warm-up", [Segment(text)]))


def child_import(library: str, path: str) -> dict[str, Any]:
    from studyterm.pipeline import analysis_processes, import_episodes
    from studyterm.store import Store

    _warm(gold_paragraphs()[0])
    with Store(Path(library) / "library.sqlite3") as store:
        start = time.perf_counter()
        [opened] = import_episodes(store, [path])
        seconds = time.perf_counter() - start
    occurrences = sum(len(i.occurrences) for i in opened.analysis.items)
    return {
        "seconds": seconds,
        "processes": analysis_processes(Path(path).stat().st_size),
        "id": opened.episode.id,
        "items": len(opened.analysis.items),
        "occurrences": occurrences,
        **_peaks(),
    }


def child_bare(path: str, processes: str) -> dict[str, Any]:
    from bare import bare_pipe, same_pipeline, studyterm_batch_size

    from studyterm.analysis.nlp import resolve_model
    from studyterm.ingest import load_episode

    nlp = same_pipeline(resolve_model())
    batch = studyterm_batch_size()
    list(nlp.pipe([gold_paragraphs()[0]], batch_size=batch))  # warm-up, as the import's
    start = time.perf_counter()
    texts = [seg.text for seg in load_episode(path).segments]  # read as the import does
    tokens = bare_pipe(nlp, texts, batch, int(processes))
    return {"seconds": time.perf_counter() - start, "tokens": tokens, **_peaks()}


def child_read(library: str, episode_id: str) -> dict[str, Any]:
    """What the reader does before its first paint, then the study app itself on the episode."""
    import asyncio

    from studyterm.analysis.learner import Learner
    from studyterm.pipeline import analyse  # noqa: F401  (loaded: open_for_study imports it)
    from studyterm.store import Store
    from studyterm.store.library import ReadingState
    from studyterm.tui.app import make_app
    from studyterm.tui.background import open_for_study
    from studyterm.tui.widgets.transcript_view import TranscriptView
    from studyterm.tui.widgets.vocab_panel import VocabPanel

    db = Path(library) / "library.sqlite3"
    with Store(db) as store:  # opened at its beginning, as the first time (the last run saved its end)
        store.set_reading_state(episode_id, ReadingState())
    start = time.perf_counter()  # the modules are loaded: `show` and `list` below count them
    opened = open_for_study(db, episode_id, Learner(5000), None)  # the reader's load worker
    loaded = time.perf_counter() - start
    highlighted = opened.session.highlighted
    del opened
    paints, rows = text_paints(), table_paints()

    async def run() -> dict[str, float]:
        with Store(db) as store:
            app = make_app(store, episode=episode_id, level="5000")
            began = time.perf_counter()
            async with app.run_test(size=(120, 40)) as pilot:
                painted = await first_paint_after(paints, began)
                while getattr(app.screen, "session", None) is None:  # the highlights applied
                    await asyncio.sleep(0.001)
                highlights = time.perf_counter() - began
                view = app.screen.query_one(TranscriptView)
                while not view.laid_out:
                    await pilot.pause()
                wrapped = time.perf_counter() - began
                await app.workers.wait_for_complete()
                glossed = time.perf_counter() - began  # the glosses filled (and the index read)
                await pilot.pause()
                keys = [await key_latency(pilot, paints, key, 10.0) for key in ["n"] * 20 + ["end"]]
                times = [10.0 if k is None else k for k in keys]
                # the vocabulary pane: to its first rows painted, then until every row is in
                began = time.perf_counter()
                await pilot.press("v")
                vocab = await first_paint_after(rows, began)
                panel = app.screen.query_one(VocabPanel)
                while getattr(panel, "filling", False):  # (a studyterm filling it at once: False)
                    await pilot.pause()
                filled = time.perf_counter() - began
            n = sorted(times[:20])
            return {
                "paint": painted,
                "highlights": highlights,
                "wrapped": wrapped,
                "n": n[10],
                "n95": n[18],
                "end": times[20],
                "v": vocab,
                "v_filled": filled,
                "glossed": glossed,
            }

    return {"loaded": loaded, "highlighted": highlighted, **asyncio.run(run()), **_peaks()}


def child_paint(library: str, episode_id: str) -> dict[str, Any]:
    """Only the study app's opening on the episode: its first paint and its highlights (to
    compare trees quickly: `--paint`)."""
    import asyncio

    from studyterm.store import Store
    from studyterm.store.library import ReadingState
    from studyterm.tui.app import make_app

    db = Path(library) / "library.sqlite3"
    with Store(db) as store:
        store.set_reading_state(episode_id, ReadingState())
    paints = text_paints()

    async def run() -> dict[str, float]:
        with Store(db) as store:
            app = make_app(store, episode=episode_id, level="5000")
            began = time.perf_counter()
            async with app.run_test(size=(120, 40)):
                painted = await first_paint_after(paints, began)
                while getattr(app.screen, "session", None) is None:
                    await asyncio.sleep(0.001)
                return {"paint": painted, "highlights": time.perf_counter() - began}

    return asyncio.run(run())


def child_threshold(sizes: str) -> dict[str, Any]:
    from studyterm.analysis.workers import analyse_in_processes
    from studyterm.model import Episode, Segment
    from studyterm.pipeline import get_analyzer

    _warm(gold_paragraphs()[0])
    analyzer = get_analyzer(None)
    out = {}
    for words in map(int, sizes.split(",")):
        text = make_text(words)
        episode = Episode("t", [Segment(p) for p in text.split("\n\n")])
        times = []
        for n in (1, 2):
            start = time.perf_counter()
            if n == 1:
                list(analyzer.analyse_all([episode]))
            else:  # as the import runs two processes
                analyse_in_processes(analyzer, [episode], n)
            times.append(time.perf_counter() - start)
        out[str(words)] = [len(text), *times]
    return out


# -- the parent --------------------------------------------------------------------------------


def child(kind: str, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a measuring child (it reports its own clock and memory) and read its report."""
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=tempfile.gettempdir(),
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} exited {proc.returncode}: {proc.stderr.strip()[-600:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def whole(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak MB of a whole command, measured from outside."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tempfile.gettempdir()
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args[:6])} failed: {err.decode()[-400:]}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=2_400_000, help="words in the file")
    parser.add_argument("--runs", help="which of bare2,import2,bare1,import1 to run (default all)")
    parser.add_argument(
        "--skip-one", action="store_true", help="leave out the one-process import and bare runs (the longest)"
    )
    parser.add_argument(
        "--threshold", action="store_true", help="measure where two processes start to pay instead"
    )
    parser.add_argument(
        "--read",
        metavar="LIBRARY",
        help="only read back the longest episode of a library kept by --keep",
    )
    parser.add_argument("--keep", metavar="DIR", help="keep the two-process import's library in DIR")
    parser.add_argument("--read-runs", type=int, default=3, help="times to read it back with --read")
    parser.add_argument(
        "--paint",
        metavar="LIBRARY",
        help="only the study app's first paint and highlights on the longest episode (--read-runs times)",
    )
    parser.add_argument(
        "--against",
        metavar="TREE",
        help="with --paint: also another source tree's studyterm (e.g. `git archive main`), run by turns",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, rest = args.child[0], args.child[1:]
        handlers = {
            "import": child_import,
            "bare": child_bare,
            "read": child_read,
            "paint": child_paint,
            "threshold": child_threshold,
        }
        print(json.dumps(handlers[kind](*rest)))
        return
    import studyterm

    print(
        f"studyterm from {Path(studyterm.__file__).parent}; {os.cpu_count()} cores; "
        f"load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    if args.read:
        read_back(args.read, longest_episode(args.read), args.read_runs)
        return
    if args.paint:
        paint_side_by_side(args.paint, args.against, args.read_runs)
        return
    if args.threshold:
        sizes = "5000,10000,25000,50000,100000"
        print("words    chars    1 process  2 processes  ratio")
        for words, (chars, one, two) in child("threshold", sizes).items():
            print(f"{int(words):>7,} {chars:>8,} {one:9.2f} s {two:10.2f} s {two / one:6.2f}", flush=True)
        return
    with tempfile.TemporaryDirectory(prefix="studyterm-huge-") as tmp:
        work = Path(tmp)
        path = work / "huge.txt"
        path.write_text(make_text(args.words), encoding="utf-8")
        size = path.stat().st_size
        print(f"{args.words:,} words, {size / 1_048_576:.1f} MB", flush=True)
        rows = {}
        every = {
            "bare2": ("bare, 2 processes", "bare", [str(path), "2"], {}),
            "import2": (
                "import, 2 processes",
                "import",
                [str(work / "lib2"), str(path)],
                {"STUDYTERM_PROCESSES": "2"},
            ),
            "bare1": ("bare, 1 process", "bare", [str(path), "1"], {}),
            "import1": (
                "import, 1 process",
                "import",
                [str(work / "lib1"), str(path)],
                {"STUDYTERM_PROCESSES": "1"},
            ),
        }
        chosen = args.runs.split(",") if args.runs else list(every)
        if args.skip_one:
            chosen = [r for r in chosen if not r.endswith("1")]
        for name, kind, rest, env in (every[r] for r in chosen):
            rows[name] = child(kind, *rest, env=env)
            r = rows[name]
            print(
                f"  {name:<20} {r['seconds']:8.1f} s   peak {r['peak_mb']:6.0f} MB"
                f"   largest worker {r['worker_mb']:6.0f} MB",
                flush=True,
            )
        if "import, 2 processes" not in rows:
            return
        imp2, bare2 = rows["import, 2 processes"], rows.get("bare, 2 processes")
        print(f"import has {imp2['items']:,} items and {imp2['occurrences']:,} occurrences")
        if bare2:
            print(f"two processes: import / bare = {imp2['seconds'] / bare2['seconds']:.2f}")
        if "import, 1 process" in rows and "bare, 1 process" in rows and bare2:
            imp1, bare1 = rows["import, 1 process"], rows["bare, 1 process"]
            print(f"one process:   import / bare = {imp1['seconds'] / bare1['seconds']:.2f} (target <= 1.15)")
            print(
                f"two-process import / one-process bare = "
                f"{imp2['seconds'] / bare1['seconds']:.2f} (target <= 0.65)"
            )
            print(
                f"two processes / one, import: {imp2['seconds'] / imp1['seconds']:.2f}, bare: "
                f"{bare2['seconds'] / bare1['seconds']:.2f}"
            )
        print(
            f"peak memory of the import: {imp2['peak_mb']:.0f} MB (+ workers of "
            f"{imp2['worker_mb']:.0f} MB each) (target <= 1024 MB)",
            flush=True,
        )
        if args.keep:
            import shutil

            shutil.copytree(work / "lib2", args.keep)
        read_back(str(work / "lib2"), imp2["id"])


def read_back(library: str, episode_id: str, runs: int = 1) -> None:
    """Part 2: the reader on the episode (`runs` times), then `show` and `list`."""
    for _ in range(runs):
        read = child("read", library, episode_id)
        print(
            f"load average {os.getloadavg()[0]:.1f}; reading it back: what the reader makes before "
            f"its first paint (episode, analysis, session, the first screen's marks) "
            f"{read['loaded']:.2f} s; the study app's first paint {read['paint']:.2f} s (target < 1 s), "
            f"its highlights {read['highlights']:.2f} s, "
            f"the whole transcript wrapped after {read['wrapped']:.1f} s, the glosses filled after "
            f"{read['glossed']:.1f} s; then `n` {read['n'] * 1000:.0f} ms (median), "
            f"{read['n95'] * 1000:.0f} ms (95th percentile), `end` {read['end'] * 1000:.0f} ms, `v` "
            f"(the words to learn) {read['v'] * 1000:.0f} ms to its first rows, "
            f"{read['v_filled']:.1f} s to all; {read['highlighted']:,} highlighted; "
            f"peak {read['peak_mb']:.0f} MB",
            flush=True,
        )
    cli = [sys.executable, "-m", "studyterm", "--library", library]
    for name, extra in (("show", ["show", episode_id]), ("list", ["list", "--format", "json"])):
        seconds, mb = whole([*cli, *extra])
        print(f"`studyterm {name}` (whole process): {seconds:.2f} s, peak {mb:.0f} MB")


def paint_side_by_side(library: str, against: str | None, runs: int) -> None:
    """The study app's first paint and highlights on the longest episode, this tree's and, by
    turns, `against`'s (its studyterm first on PYTHONPATH), with the medians and their ratio."""
    import statistics

    episode_id = longest_episode(library)
    trees = {"this": os.environ.get("PYTHONPATH", "")}
    if against:
        trees["against"] = str(Path(against).resolve())
    got: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    for _ in range(runs):
        for name, tree in trees.items():
            got[name].append(read := child("paint", library, episode_id, env={"PYTHONPATH": tree}))
            print(
                f"{name:8} load average {os.getloadavg()[0]:.1f}: first paint {read['paint']:.2f} s, "
                f"highlights {read['highlights']:.2f} s",
                flush=True,
            )
    medians = {name: statistics.median(r["paint"] for r in reads) for name, reads in got.items()}
    for name, reads in got.items():
        worst = max(r["paint"] for r in reads)
        print(
            f"{name}: first paint median {medians[name]:.2f} s, worst {worst:.2f} s; "
            f"highlights median {statistics.median(r['highlights'] for r in reads):.2f} s"
        )
    if against:
        print(f"first paint, this / against (medians): {medians['this'] / medians['against']:.2f}")


def longest_episode(library: str) -> str:
    """The id of the library's longest episode (by its stored text)."""
    import sqlite3

    db = sqlite3.connect(f"file:{Path(library) / 'library.sqlite3'}?mode=ro", uri=True)
    try:
        row = db.execute("SELECT id FROM episodes ORDER BY length(data) DESC LIMIT 1").fetchone()
    finally:
        db.close()
    if row is None:
        raise SystemExit(f"{library}: no episode in this library")
    return str(row[0])


if __name__ == "__main__":
    run_report(main)
