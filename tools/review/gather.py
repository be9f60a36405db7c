"""Gather a round's data rows from the reviewers' folders (under REVIEWS, default /work/rev):

    python tools/review/gather.py OUTDIR BR585 BR586 ...

Writes OUTDIR/{g_add,g_senses,g_cues,p_add,p_senses,p_cues,levels}.tsv and prints every row with
its reviewer. Of two reviewers' full sense sets for one entry the first is kept (said with !!)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REVIEWS = Path(os.environ.get("REVIEWS", "/work/rev"))
out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
names = ["g_add", "g_senses", "g_cues", "p_add", "p_senses", "p_cues", "levels"]
ncols = {"g_add": 6, "g_senses": 6, "g_cues": 5, "p_add": 6, "p_senses": 6, "p_cues": 5, "levels": 4}
for name in names:
    rows = []
    seen_keys = {}
    for br in sys.argv[2:]:
        f = REVIEWS / br / f"{name}.tsv"
        if not f.exists():
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            while len(cols) < ncols[name]:
                cols.append("")
            cols = [c.strip() for c in cols[: ncols[name]]]
            key = (cols[0].lower(), cols[1].upper() if name.startswith("g") else cols[1].lower())
            if name in ("g_senses", "p_senses"):
                owner = seen_keys.setdefault(key, br)
                if owner != br:
                    print(f"!! {name} {key} also from {br} (kept {owner}'s)")
                    continue
            rows.append((br, cols))
    with open(out / f"{name}.tsv", "w", encoding="utf-8") as fh:
        for _, cols in rows:
            fh.write("\t".join(cols) + "\n")
    print(f"\n## {name} ({len(rows)})")
    for br, cols in rows:
        print(br[2:], " | ".join(cols))
