"""Benchmark: importing an ECDICT-format CSV, and look-ups with imported dictionaries, as ratios.

What it measures, side by side in one run (median of --rounds):

A. bare csv     - `csv.reader` over the file, touching every row (the floor for any import).
B. dict import  - `importer.import_dictionary` into a fresh library (parse, tags, inflections,
                  one SQLite transaction, WAL checkpoint).
C. look-ups     - 300 look-ups (a long episode's advanced items: glossary words, words only the
                  imported dictionary has, inflected forms and misses) with a fresh
                  `Lexicon.for_store(store)` (no cache), against
D. built-in     - the same look-ups with `Lexicon()` (built-in glossary and phrases only).

The CSV (--rows, default 200,000) is generated deterministically with `random.Random(0)`: made-up
headwords, Chinese glosses drawn from a fixed set of characters, tags and exchange fields in
ECDICT's format. No ECDICT data is used.

Printed: rows, median times, rows per second, and the ratios
    dict import / bare csv
    look-ups with the library / built-in only
It is a report, not a test: absolute times are noisy; compare the ratios.

Run from the repository root:
    /work/venv/bin/python benchmarks/dict_import.py [--rows N] [--rounds N]
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]  # CJK ideographs, for made-up glosses
EXAMS = ["zk", "gk", "cet4", "cet6", "ky", "toefl", "ielts", "gre"]
POS = ["n.", "v.", "adj.", "adv.", "vt.", "vi."]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 11)))


def write_csv(path: Path, rows: int) -> list[str]:
    """A deterministic ECDICT-format CSV; returns its headwords."""
    rng = random.Random(0)
    words: list[str] = []
    seen: set[str] = set()
    from studyterm.lexicon.ecdict import KNOWN  # ECDICT's columns, as the importer knows them

    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(KNOWN)
        while len(words) < rows:
            w = _word(rng)
            if w in seen:
                continue
            seen.add(w)
            words.append(w)
            senses = "\\n".join(
                f"{rng.choice(POS)} "
                + "，".join("".join(rng.choices(HAN, k=rng.randint(2, 4))) for _ in range(rng.randint(1, 3)))
                for _ in range(rng.randint(1, 3))
            )
            exchange = (
                f"p:{w}ed/d:{w}ed/i:{w}ing/3:{w}s"
                if rng.random() < 0.2
                else f"s:{w}s"
                if rng.random() < 0.3
                else ""
            )
            out.writerow(
                [
                    w,
                    f"'{w[:3]}ə{w[3:]}",
                    f"n. a made-up word for {w}",
                    senses,
                    "n:60/v:40",
                    rng.choice(["", "", "", "1", "2", "3"]),
                    rng.choice(["", "", "", "1"]),
                    " ".join(rng.sample(EXAMS, rng.randint(0, 3))),
                    rng.randint(1, 200000),
                    rng.randint(1, 200000),
                    exchange,
                    "",
                    "",
                ]
            )
    return words


def median_time(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    from studyterm.lexicon import Lexicon
    from studyterm.lexicon.importer import import_dictionary
    from studyterm.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "synthetic-ecdict.csv"
        words = write_csv(csv_path, args.rows)

        def bare() -> None:
            with csv_path.open(encoding="utf-8", newline="") as fh:
                for row in csv.reader(fh):
                    len(row[0])

        runs = iter(range(10_000))

        def imported() -> None:
            with Store(Path(tmp) / f"lib{next(runs)}" / "library.sqlite3") as store:
                import_dictionary(store, csv_path, name="synthetic")

        t_bare = median_time(bare, args.rounds)
        t_import = median_time(imported, args.rounds)

        glossary = (ROOT / "studyterm" / "data" / "glossary.tsv").read_text(encoding="utf-8")
        known = [line.split("\t")[:2] for line in glossary.splitlines()[1:]]
        rng = random.Random(1)
        queries = (
            [tuple(rng.choice(known)) for _ in range(150)]
            + [(rng.choice(words), "NOUN") for _ in range(75)]
            + [(rng.choice(words) + "ed", "VERB") for _ in range(45)]
            + [(_word(rng) + "q", "NOUN") for _ in range(30)]
        )

        with Store(Path(tmp) / "lib0" / "library.sqlite3") as store:

            def with_library() -> None:
                lex = Lexicon.for_store(store)
                for lemma, pos in queries:
                    lex.lookup(lemma, pos, (lemma,))

            def builtin_only() -> None:
                lex = Lexicon()
                for lemma, pos in queries:
                    lex.lookup(lemma, pos, (lemma,))

            builtin_only()  # parse the glossary once, outside the timing
            t_lib = median_time(with_library, args.rounds * 5)
            t_builtin = median_time(builtin_only, args.rounds * 5)
            size = (Path(tmp) / "lib0" / "library.sqlite3").stat().st_size

    print(f"rows: {args.rows:,}  library after import: {size / 1e6:.1f} MB")
    print(f"A bare csv      {t_bare:8.3f} s")
    print(f"B dict import   {t_import:8.3f} s   ({args.rows / t_import:,.0f} rows/s)")
    print(f"C look-ups      {t_lib * 1000:8.2f} ms  for {len(queries)} items, with the library")
    print(f"D built-in      {t_builtin * 1000:8.2f} ms  for {len(queries)} items, built-in only")
    print(f"dict import / bare csv:              {t_import / t_bare:6.2f}")
    print(f"look-ups with library / built-in:    {t_lib / t_builtin:6.2f}")


if __name__ == "__main__":
    main()
