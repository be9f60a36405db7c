"""Merge reviewed glossary batches (authored for studyterm) into studyterm/data/glossary.tsv.

Usage:
    python tools/merge_glossary.py [--levels L.tsv ...] [--sense-levels SL.tsv ...]
                                   [--senses S.tsv ...] [--add BATCH.tsv ...]

* `--levels`: `headword pos level` rows giving the authored level of existing entries.
* `--sense-levels`: `headword pos gloss level` rows giving one sense its own level (*bill* 法案
  C1 while *bill* 账单 is A2); applied after `--levels`, which sets every sense of an entry.
* `--senses`: full rows (`headword pos level gloss definition cues`) that replace every row of
  their (headword, POS): an entry split into its senses, most common first.
* `--cues`: `headword pos gloss add remove` rows changing one sense's cue words (`cue_edits`).
* `--add BATCH.tsv`: new entries in the same six columns; a (headword, POS) already in the glossary is
  left as it is (the shipped file wins).

Rows that fail the checks of tests/lexicon/test_glossary_file.py are reported and left out, so
the shipped file always validates. Rows of one (headword, POS) keep their order: the first is the
sense shown when no cue word decides.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from cue_edits import no_sense, read_edits

OUT = Path(__file__).resolve().parent.parent / "studyterm" / "data" / "glossary.tsv"
HEADER = "headword\tpos\tlevel\tgloss\tdefinition\tcues"
POS = {"NOUN", "VERB", "ADJ", "ADV", "ADP", "CCONJ", "SCONJ", "PRON", "DET", "NUM", "INTJ"}
LEVELS = {"A1", "A2", "B1", "B2", "C1", "C2"}
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
SKIP = {"sino-kazakh"}  # nationality forms are names, never vocabulary
MAX_SENSES = 6  # the commonest news words and phrasal verbs have six (*pick up*)

Row = tuple[str, str, str, str, str, str]


def check(fields: list[str]) -> Row | None:
    """The row, cleaned, when it passes the file checks; None otherwise."""
    if len(fields) == 5:
        fields = [*fields, ""]
    if len(fields) != 6:
        return None
    head, pos, level, gloss, definition, cues = (f.strip() for f in fields)
    pos, level, cues = pos.upper(), level.upper(), " ".join(cues.lower().split())
    ok = (
        re.fullmatch(r"[A-Za-z][A-Za-z'-]*", head)
        and pos in POS
        and (level in LEVELS or not level)
        and HAN.search(gloss)
        and len(LATIN_WORD.findall(gloss)) <= 1
        and definition
        and not HAN.search(definition)
        and LATIN_WORD.search(definition)
        and len(definition.split()) <= 15
        and head.lower() not in SKIP
        and re.fullmatch(r"[a-z' -]*", cues)
    )
    if not ok:
        return None
    head = head.lower() if not head[0].isupper() else head
    return (head, pos, level, gloss, definition, cues)


def _read(path: Path, header: bool) -> list[tuple[int, list[str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        (n, line.split("\t")) for n, line in enumerate(lines, 1) if line.strip() and not (header and n == 1)
    ]


def _grouped(path: str) -> tuple[dict[tuple[str, str], list[Row]], int]:
    """A batch's valid rows (each with a level) by (headword, POS), and how many were rejected."""
    groups: dict[tuple[str, str], list[Row]] = {}
    rejected = 0
    for n, fields in _read(Path(path), header=False):
        row = check(fields)
        if row is None or not row[2]:
            print(f"{path}:{n}: rejected {fields!r}", file=sys.stderr)
            rejected += 1
            continue
        groups.setdefault((row[0], row[1]), []).append(row)
    return groups, rejected


def _level_rows(paths: list[str], with_gloss: bool) -> list[tuple[tuple[str, str], str, str]]:
    """((headword, POS), gloss or "", level) from `headword pos [gloss] level` files; bad rows are
    reported on stderr and skipped."""
    width = 4 if with_gloss else 3
    out = []
    for path in paths:
        for n, fields in _read(Path(path), header=False):
            if len(fields) < width or fields[width - 1].strip().upper() not in LEVELS:
                print(f"{path}:{n}: rejected {fields!r}", file=sys.stderr)
                continue
            head, pos = fields[0].strip(), fields[1].strip().upper()
            key = (head.lower() if not head[:1].isupper() else head, pos)
            out.append((key, fields[2].strip() if with_gloss else "", fields[width - 1].strip().upper()))
    return out


def _apply_cues(entries: dict[tuple[str, str], list[Row]], paths: list[str]) -> int:
    """Apply `--cues` files (`cue_edits`) to `entries` in place; the number of senses changed."""
    changed = 0
    for path, n, edit in read_edits(paths):
        key = (edit.head.lower() if not edit.head[:1].isupper() else edit.head, edit.kind.upper())
        rows = entries.get(key, [])
        hits = [i for i, r in enumerate(rows) if r[3] == edit.gloss]
        if len(hits) != 1:
            no_sense(path, n, edit)
            continue
        row = rows[hits[0]]
        cues = edit.apply(row[5])
        if cues != row[5]:
            rows[hits[0]] = (*row[:5], cues)
            changed += 1
    return changed


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", nargs="*", default=[])
    parser.add_argument("--sense-levels", nargs="*", default=[])
    parser.add_argument("--senses", nargs="*", default=[])
    parser.add_argument("--cues", nargs="*", default=[])
    parser.add_argument("--add", dest="batches", nargs="*", default=[])
    args = parser.parse_args(argv)

    entries: dict[tuple[str, str], list[Row]] = {}
    rejected = 0
    for _, fields in _read(OUT, header=True):
        row = check(fields)
        if row is not None:
            entries.setdefault((row[0], row[1]), []).append(row)
    for path in args.senses:
        split, bad = _grouped(path)
        rejected += bad
        for key, rows in split.items():
            if key in entries and 2 <= len(rows) <= MAX_SENSES and all(r[5] for r in rows):
                entries[key] = rows
            elif key in entries and len(rows) == 1:
                entries[key] = [(*entries[key][0][:2], rows[0][2], *entries[key][0][3:])]
            else:  # said, so that no reviewer's row is lost unseen
                why = "not in the glossary" if key not in entries else "too many, or one without cues"
                said = f"{path}: {' '.join(key)}: {len(rows)} senses left as they were ({why})"
                print(said, file=sys.stderr)
    for key, _, level in _level_rows(args.levels, with_gloss=False):
        if key in entries:
            entries[key] = [(r[0], r[1], level, *r[3:]) for r in entries[key]]
    for key, gloss, level in _level_rows(args.sense_levels, with_gloss=True):
        if key in entries:
            entries[key] = [(*r[:2], level, *r[3:]) if r[3] == gloss else r for r in entries[key]]
    if args.cues:
        print(f"{_apply_cues(entries, args.cues)} senses with new cue words", file=sys.stderr)
    for path in args.batches:
        new, bad = _grouped(path)
        rejected += bad
        for key, rows in new.items():
            if key in entries:
                continue
            if len(rows) > 1 and not all(r[5] for r in rows):
                rows = rows[:1]  # senses without cues cannot be told apart: keep the first
            entries[key] = [(*r[:2], rows[0][2], *r[3:]) for r in rows[:MAX_SENSES]]
    keys = sorted(entries, key=lambda k: (k[0].lower(), k[0], k[1]))
    lines = ["\t".join(row) for key in keys for row in entries[key]]
    OUT.write_text(HEADER + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    heads = len({k[0].lower() for k in keys})
    levelled = sum(1 for k in keys if entries[k][0][2])
    print(
        f"{len(lines)} rows, {len(keys)} entries, {heads} headwords, {levelled} entries with a"
        f" level written to {OUT} ({rejected} rejected)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
