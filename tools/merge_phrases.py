"""Merge reviewed phrase batches (authored for studyterm) into studyterm/data/phrases.tsv.

Usage: python tools/merge_phrases.py [--levels L.tsv ...] [--senses S.tsv ...] [--cues C.tsv ...]
                                     [BATCH.tsv ...]

* batches are `phrase kind gloss definition level [cues]` rows without a header; the shipped
  file's rows come first and win for a repeated phrase.
* `--levels` files are `phrase level` rows: a reviewed level for phrases already on the list.
* `--senses` files are `phrase kind level gloss definition cues` rows that replace every row of
  their phrase: an expression split into its senses, commonest in news first, each with its own
  level and cue words (*pick up*: 捡起 A2, 回升 C1). Applied after `--levels`.
* `--cues` files are `phrase kind gloss add remove` rows changing one sense's cue words
  (`cue_edits`).
Rows that fail the checks of tests/lexicon/test_glossary_file.py are reported and left out.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from cue_edits import no_sense, read_edits

from studyterm.analysis.phrases import PHRASE_KINDS

OUT = Path(__file__).resolve().parent.parent / "studyterm" / "data" / "phrases.tsv"
HEADER = "phrase\tkind\tgloss\tdefinition\tlevel\tcues"
MAX_SENSES = 6  # the commonest phrasal verbs have six news senses (*pick up*)
CUES = re.compile(r"[a-z]+(?: [a-z]+)*")
LEVELS = {"A1", "A2", "B1", "B2", "C1", "C2"}
HAN = re.compile(r"[\u4e00-\u9fff]")
PHRASE = re.compile(r"[a-z0-9][a-z0-9'-]*(?: [a-z][a-z'-]*)+|[a-z]+(?:-[a-z]+)+")


def check(fields: list[str]) -> bool:
    if len(fields) != 6:
        return False
    phrase, kind, gloss, definition, level, cues = fields
    return bool(
        (not cues or CUES.fullmatch(cues))
        and PHRASE.fullmatch(phrase)
        and kind in PHRASE_KINDS
        and HAN.search(gloss)
        and definition
        and not HAN.search(definition)
        and len(definition.split()) <= 15
        and level in LEVELS
        and len(phrase.split()) <= 7
    )


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
    parser.add_argument("--senses", nargs="*", default=[])
    parser.add_argument("--cues", nargs="*", default=[])
    parser.add_argument("batches", nargs="*")
    args = parser.parse_args(argv)
    paths: list[str] = args.batches
    levels = _levels(args.levels)
    rows: dict[str, list[str]] = {}
    rejected = 0
    sources = [(str(OUT), True), *((p, False) for p in paths)]
    for path, has_header in sources:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if (has_header and n == 1) or not line.strip():
                continue
            fields = [f.strip() for f in line.split("\t")]
            if len(fields) == 5:
                fields.append("")
            if not check(fields):
                print(f"{path}:{n}: rejected {line!r}", file=sys.stderr)
                rejected += 1
                continue
            if fields[0] in levels:
                fields[4] = levels[fields[0]]
            if has_header:
                rows.setdefault(fields[0], []).append("\t".join(fields))
            elif fields[0] not in rows:
                rows[fields[0]] = ["\t".join(fields)]
    split, rejected_senses = _senses(args.senses, rows)
    rows.update(split)
    _apply_cues(rows, args.cues)
    out = [row for group in rows.values() for row in group]
    OUT.write_text(HEADER + "\n" + "\n".join(out) + "\n", encoding="utf-8")
    print(
        f"{len(rows)} phrases ({len(out)} rows, {len(split)} split into senses) written to "
        f"{OUT} ({rejected + rejected_senses} rejected)"
    )


def _apply_cues(rows: dict[str, list[str]], paths: list[str]) -> None:
    """Apply `--cues` files (`cue_edits`) to `rows` in place."""
    changed = 0
    for path, n, edit in read_edits(paths):
        group = [r.split("\t") for r in rows.get(edit.head, [])]
        hits = [i for i, f in enumerate(group) if f[2] == edit.gloss]
        if len(hits) != 1:
            no_sense(path, n, edit)
            continue
        fields = group[hits[0]]
        cues = edit.apply(fields[5], word=r"[a-z]+")
        if cues != fields[5]:
            fields[5] = cues
            rows[edit.head][hits[0]] = "\t".join(fields)
            changed += 1
    print(f"{changed} senses with new cue words", file=sys.stderr)


def _senses(paths: list[str], rows: dict[str, list[str]]) -> tuple[dict[str, list[str]], int]:
    """The sense rows of each phrase in `paths` (file order: `phrase kind level gloss definition
    cues`) in the shipped file's order; phrases not on the list, with one sense only, with more
    than MAX_SENSES or a sense without cues are left as they were."""
    groups: dict[str, list[str]] = {}
    rejected = 0
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            f = [x.strip() for x in line.split("\t")]
            if len(f) != 6:
                print(f"{path}:{n}: rejected {line!r}", file=sys.stderr)
                rejected += 1
                continue
            phrase, kind, level, gloss, definition, cues = f
            fields = [phrase, kind, gloss, definition, level.upper(), " ".join(cues.lower().split())]
            if phrase not in rows or not check(fields) or not fields[5]:
                print(f"{path}:{n}: rejected {line!r}", file=sys.stderr)
                rejected += 1
                continue
            groups.setdefault(phrase, []).append("\t".join(fields))
    kept = {p: g for p, g in groups.items() if 1 < len(g) <= MAX_SENSES}
    for p in groups.keys() - kept.keys():
        print(f"{p}: {len(groups[p])} senses, left as it was", file=sys.stderr)
    return kept, rejected


if __name__ == "__main__":
    main(sys.argv[1:])
