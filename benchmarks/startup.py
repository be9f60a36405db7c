"""Benchmark: `studyterm vocab FILE` as a user runs it, whole processes, against bare spaCy.

What it measures, side by side in one run (interleaved rounds, median of each), each a fresh
process timed from its start to its exit:

A. bare spaCy   - `python -c` that imports spaCy, loads the model with the components studyterm
                  runs (no parser, senter; `bare.same_pipeline`) and pipes the same paragraphs with
                  the same batch size, streamed (`bare.bare_pipe`). Nothing else.
B. vocab, cold  - `studyterm --library NEW vocab FILE`: a fresh library and an empty cache folder
                  (`STUDYTERM_CACHE`), as on the first run after installing or upgrading.
C. vocab, warm  - the same with a fresh library but the cache folder filled by an earlier run, as
                  on every later run.

Every process runs as an installed program does, from compiled bytecode: a `pip install`
compiles each module once, so Python does not parse the sources in every run. The bytecode of
both sides is kept in a folder of this run (`PYTHONPYCACHEPREFIX`, filled by the untimed first
runs), whatever PYTHONDONTWRITEBYTECODE says; `--no-bytecode` measures with the environment as it
is instead (in a checkout with PYTHONDONTWRITEBYTECODE set, studyterm's ~60 modules are then
compiled from source in each run, which a user's install never does).

Everything `vocab` does on top of spaCy counts: imports, the glossary, phrase list, word-family
and CEFR tables, the analysis beyond tagging, the library write and the printed table (written to
a file). The transcript (>= 13,000 words) is the gold texts of `benchmarks/gold/` joined in order;
for a plain-text file studyterm pipes one normalized paragraph per block, and so does A.

Printed: median wall-clock and CPU (user + system) times, the ratios cold / bare and warm / bare
(target for warm <= 1.15; on a busy machine the CPU ratio is the steadier one), whether the cold
and warm runs printed the same bytes, and with `--tables` the time each cached table
takes to load cold and warm in one process (warm, a table cached for look-ups is only opened:
its entries are read as the run asks for them, and that time counts in C). Absolute times are
noisy on a shared machine; only the ratios are meant to be compared. It is a report, not a test:
exit status 0 even when the target is missed.

Run from the repository root:
    /work/venv/bin/python benchmarks/startup.py [--rounds N] [--tables] [--against DIR] [--no-bytecode]
`--against DIR` adds D: another checkout's `vocab` (say, of main before a change) in the same
interleaved rounds, with its own cache folder filled beforehand.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
MIN_WORDS = 13_000
TARGET = 1.15

BARE = """
import json, sys
sys.path.insert(0, sys.argv[1])
from bare import bare_pipe, same_pipeline
texts = json.loads(open(sys.argv[3], encoding="utf-8").read())
print(bare_pipe(same_pipeline(sys.argv[2]), texts, int(sys.argv[4])))
"""

TABLES = """
import time
import lemminflect  # imports spaCy: not the table's time
from studyterm.analysis import inflect, known, levels, phrases
from studyterm.lexicon import lookup
for name, load in [("glossary levels (analysis)", known._indexes),
                   ("glossary entries (lexicon)", lookup._builtin),
                   ("phrase list", phrases.phrase_list),
                   ("phrase patterns", lambda: phrases.PhraseFinder(None)),
                   ("phrase entries (lexicon)", lookup._phrases),
                   ("wordfreq frequencies", levels._freq_dict),
                   ("word-family ranks", levels._family_table),
                   ("cefrpy levels", levels._cefr_table),
                   ("lemminflect inflections", inflect._dictionary),
                   ("lemminflect lemmas", inflect.lemminflect_primed)]:
    start = time.perf_counter()
    load()
    print(f"{name}\\t{time.perf_counter() - start}")
"""


def build_transcript(path: Path) -> int:
    """The gold texts joined in order until >= MIN_WORDS words; returns the word count."""
    parts: list[str] = []
    words = 0
    for text in sorted((HERE / "gold").glob("*.txt")):
        body = text.read_text(encoding="utf-8").strip()
        parts.append(body)
        words += len(body.split())
        if words >= MIN_WORDS:
            break
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return words


def paragraphs(path: Path) -> list[str]:
    """What studyterm pipes for a plain-text file: each paragraph, normalized, one block each."""
    from studyterm.analysis.normalize import normalize
    from studyterm.ingest import load_episode

    return [normalize(seg.text).text for seg in load_episode(path).segments]


PYCACHE: Path | None = None  # where every process keeps its compiled bytecode (None: as the environment says)


def _env(cache: Path | None = None, code: Path = ROOT) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(code), "COLUMNS": "120"}
    if PYCACHE is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    if cache is not None:
        env["STUDYTERM_CACHE"] = str(cache)
    return env


def timed(cmd: list[str], env: dict[str, str], out: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of a whole process: on a shared machine the
    CPU time is the steadier figure, the wall time what the user waits."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with out.open("wb") as sink:
        start = time.perf_counter()
        # run from the checkout whose code it is: `python -m` puts the working folder first
        done = subprocess.run(
            cmd, env=env, cwd=env["PYTHONPATH"], stdout=sink, stderr=subprocess.PIPE, check=False
        )
        elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def vocab_cmd(library: Path, transcript: Path) -> list[str]:
    return [sys.executable, "-m", "studyterm", "--library", str(library), "vocab", str(transcript)]


def table_times(cache: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", TABLES], env=_env(cache), capture_output=True, text=True, check=True
    )
    return {name: float(t) for name, t in (line.split("\t") for line in done.stdout.splitlines())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument(
        "--tables", action="store_true", help="also time each cached table's load, cold and warm"
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="DIR",
        help="also time another checkout's `vocab` (e.g. of main), warm, in the same rounds",
    )
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="run with the environment's bytecode setting (see the docstring), not as installed",
    )
    args = parser.parse_args()
    global PYCACHE
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE))
    from bare import studyterm_batch_size

    from studyterm.analysis.nlp import resolve_model

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        PYCACHE = None if args.no_bytecode else work / "bytecode"
        transcript = work / "transcript-13k.txt"
        words = build_transcript(transcript)
        texts = work / "paragraphs.json"
        blocks = paragraphs(transcript)
        texts.write_text(json.dumps(blocks), encoding="utf-8")
        batch = studyterm_batch_size()
        bare = [sys.executable, "-c", BARE, str(HERE), resolve_model(), str(texts), str(batch)]
        warm_cache = work / "warm-cache"
        # fill the warm cache (and the OS's file cache for every run) once, untimed
        timed(vocab_cmd(work / "lib-warmup", transcript), _env(warm_cache), work / "warmup.txt")
        timed(bare, _env(), work / "bare-warmup.txt")
        other_cache = work / "other-cache"
        if args.against:
            other = _env(other_cache, args.against.resolve())
            timed(vocab_cmd(work / "lib-other-warmup", transcript), other, work / "other.txt")
        times: dict[str, list[tuple[float, float]]] = {"bare": [], "cold": [], "warm": [], "other": []}
        same = True
        for r in range(args.rounds):
            times["bare"].append(timed(bare, _env(), work / "bare.txt"))
            cold_cache = work / f"cold-cache-{r}"
            times["cold"].append(
                timed(vocab_cmd(work / f"lib-cold-{r}", transcript), _env(cold_cache), work / "cold.txt")
            )
            times["warm"].append(
                timed(vocab_cmd(work / f"lib-warm-{r}", transcript), _env(warm_cache), work / "warm.txt")
            )
            if args.against:
                times["other"].append(
                    timed(vocab_cmd(work / f"lib-other-{r}", transcript), other, work / "other.txt")
                )
            same = same and (work / "cold.txt").read_bytes() == (work / "warm.txt").read_bytes()
            shutil.rmtree(cold_cache, ignore_errors=True)
        tables = None
        if args.tables:
            table_cache = work / "table-cache"  # empty for the first process, filled for the second
            tables = (table_times(table_cache), table_times(table_cache))

    wall = {k: statistics.median(t for t, _ in v) for k, v in times.items() if v}
    cpu = {k: statistics.median(c for _, c in v) for k, v in times.items() if v}
    print(
        f"transcript: {words:,} words in {len(blocks)} paragraphs; batch size {batch}; "
        f"{args.rounds} interleaved rounds, median of each"
    )
    print(f"cold and warm runs printed the same bytes: {'yes' if same else 'NO (wrong)'}")
    print(f"bytecode: {'as the environment says' if args.no_bytecode else 'compiled once, as installed'}")
    print()
    print(f"{'process':<44}{'wall':>9}{'/ bare':>8}{'CPU':>9}{'/ bare':>8}")
    rows = [
        ("A. bare spaCy (same components, paragraphs)", "bare"),
        ("B. studyterm vocab FILE, cold cache", "cold"),
        ("C. studyterm vocab FILE, warm cache", "warm"),
    ]
    if args.against:
        rows.append((f"D. {args.against.name}'s vocab FILE, warm", "other"))
    for name, key in rows:
        print(
            f"{name:<44}{wall[key]:>8.2f}s{wall[key] / wall['bare']:>8.2f}"
            f"{cpu[key]:>8.2f}s{cpu[key] / cpu['bare']:>8.2f}"
        )
    ratio = wall["warm"] / wall["bare"]
    verdict = "ok" if ratio <= TARGET else "MISSED"
    print(
        f"\nwarm / bare {ratio:.2f} wall, {cpu['warm'] / cpu['bare']:.2f} CPU (target <= {TARGET}): {verdict}"
    )
    if tables is not None:
        print(f"\n{'cached table, loaded in one process':<36}{'cold':>9}{'warm':>9}")
        for name in tables[0]:
            print(f"{name:<36}{tables[0][name] * 1000:>7.0f}ms{tables[1][name] * 1000:>7.0f}ms")


if __name__ == "__main__":
    main()
