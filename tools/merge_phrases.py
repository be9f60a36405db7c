"""Merge reviewed phrase batches (authored for studyterm) into studyterm/data/phrases.tsv.

Usage: python tools/merge_phrases.py [--levels L.tsv ...] [BATCH.tsv ...] — batches are `phrase
kind gloss definition level` rows without a header; the shipped file's rows come first and win
for a repeated phrase. `--levels` files are `phrase level` rows: a reviewed level for phrases
already on the list.
Rows that fail the checks of tests/lexicon/test_glossary_file.py are reported and left out.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "studyterm" / "data" / "phrases.tsv"
HEADER = "phrase\tkind\tgloss\tdefinition\tlevel"
KINDS = {"compound", "expression", "phrasal", "prepositional", "phrasal-prepositional", "idiom",
         "collocation"}
LEVELS = {"A1", "A2", "B1", "B2", "C1", "C2"}
HAN = re.compile(r"[\u4e00-\u9fff]")
PHRASE = re.compile(r"[a-z0-9][a-z0-9'-]*(?: [a-z][a-z'-]*)+|[a-z]+(?:-[a-z]+)+")


def check(fields: list[str]) -> bool:
    if len(fields) != 5:
        return False
    phrase, kind, gloss, definition, level = fields
    return bool(PHRASE.fullmatch(phrase) and kind in KINDS and HAN.search(gloss)
                and definition and not HAN.search(definition) and len(definition.split()) <= 15
                and level in LEVELS and len(phrase.split()) <= 7)


def _levels(paths: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            fields = [f.strip() for f in line.split("\t")]
            if len(fields) != 2 or fields[1] not in LEVELS:
                print(f"{path}:{n}: rejected {line!r}", file=sys.stderr)
                continue
            out[fields[0]] = fields[1]
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", nargs="*", default=[])
    parser.add_argument("batches", nargs="*")
    args = parser.parse_args(argv)
    paths: list[str] = args.batches
    levels = _levels(args.levels)
    rows: dict[str, str] = {}
    rejected = 0
    sources = [(str(OUT), True), *((p, False) for p in paths)]
    for path, has_header in sources:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if (has_header and n == 1) or not line.strip():
                continue
            fields = [f.strip() for f in line.split("\t")]
            if not check(fields):
                print(f"{path}:{n}: rejected {line!r}", file=sys.stderr)
                rejected += 1
                continue
            if fields[0] in levels:
                fields[4] = levels[fields[0]]
            rows.setdefault(fields[0], "\t".join(fields))
    OUT.write_text(HEADER + "\n" + "\n".join(rows.values()) + "\n", encoding="utf-8")
    print(f"{len(rows)} phrases written to {OUT} ({rejected} rejected)")


if __name__ == "__main__":
    main(sys.argv[1:])
