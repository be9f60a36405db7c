"""Merge reviewed glossary batches (authored for studyterm) into studyterm/data/glossary.tsv.

Usage: python tools/merge_glossary.py BATCH.tsv... — the first batch wins for a repeated
(headword, POS). Rows that fail the checks of tests/lexicon/test_glossary_file.py are reported
and left out, so the shipped file always validates.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "studyterm" / "data" / "glossary.tsv"
POS = {"NOUN", "VERB", "ADJ", "ADV", "ADP", "CCONJ", "SCONJ", "PRON", "DET", "NUM", "INTJ"}
HAN = re.compile(r"[\u4e00-\u9fff]")
SKIP = {"sino-kazakh"}  # nationality forms are names, never vocabulary


def main(paths: list[str]) -> None:
    seen: dict[tuple[str, str], str] = {}
    rejected = 0
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if n == 1 or not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) != 4:
                print(f"{path}:{n}: {len(fields)} fields", file=sys.stderr)
                rejected += 1
                continue
            head, pos, gloss, definition = (f.strip() for f in fields)
            ok = (head and re.fullmatch(r"[A-Za-z][A-Za-z'-]*", head) and pos in POS
                  and HAN.search(gloss) and definition and not HAN.search(definition)
                  and len(definition.split()) <= 15 and head.lower() not in SKIP)
            if not ok:
                print(f"{path}:{n}: rejected {line!r}", file=sys.stderr)
                rejected += 1
                continue
            key = (head.lower() if not head[0].isupper() else head, pos)
            seen.setdefault(key, f"{key[0]}\t{pos}\t{gloss}\t{definition}")
    rows = [seen[k] for k in sorted(seen, key=lambda k: (k[0].lower(), k[1]))]
    OUT.write_text("headword\tpos\tgloss\tdefinition\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} entries written to {OUT} ({rejected} rejected)")


if __name__ == "__main__":
    main(sys.argv[1:])
