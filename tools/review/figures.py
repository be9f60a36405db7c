"""A round's figures from the reviewers' judge.tsv, blind lists and missing.tsv (under REVIEWS,
default /work/rev):

    python tools/review/figures.py BR585 BR586 ...

An item counts as on the blind list when its normalised form (articles and slots such as sb,
sth, one's left out) is one of the reviewer's blind items for that text."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

REVIEWS = Path(os.environ.get("REVIEWS", "/work/rev"))


def norm(s):
    s = s.lower().strip()
    return " ".join(
        w
        for w in re.split(r"[\s]+", s)
        if w not in {"sb", "sth", "one's", "sb's", "a", "an", "the", "someone", "something"}
    )


tot = {"listed": 0, "keep": 0, "easy": 0, "junk": 0, "wrong": 0, "blind": 0, "onblind": 0, "missed": 0}
for br in sys.argv[1:]:
    d = REVIEWS / br
    if not (d / "judge.tsv").exists():
        print(br, "no judge.tsv")
        continue
    blind = {}
    for n in (1, 2, 3):
        f = d / f"blind{n}.tsv"
        if f.exists():
            lines = f.read_text().splitlines()
            blind[str(n)] = {norm(row.split("\t")[0]) for row in lines if row.strip()}
            tot["blind"] += len(blind[str(n)])
    for line in (d / "judge.tsv").read_text().splitlines():
        c = line.split("\t")
        if len(c) < 5:
            continue
        text, item, kind, verdict, sense = c[:5]
        tot["listed"] += 1
        v = verdict.strip().lower()
        if v in tot:
            tot[v] += 1
        if sense.strip().lower().startswith(("wrong", "missing")):
            tot["wrong"] += 1
        b = blind.get(text.strip(), set())
        it = norm(item)
        if it in b:
            tot["onblind"] += 1
    f = d / "missing.tsv"
    if f.exists():
        tot["missed"] += sum(1 for row in f.read_text().splitlines() if row.strip())
L = tot["listed"] or 1
print(f"listed {tot['listed']}; on blind {tot['onblind'] / L:.3f}; kept {tot['keep'] / L:.3f};", end=" ")
print(
    f"easy {tot['easy'] / L:.3f}; junk {tot['junk'] / L:.3f}; sense wrong/missing {tot['wrong'] / L:.3f};",
    end=" ",
)
print(f"blind items {tot['blind']}; missed {tot['missed']}")
