"""Two annotations in, one gold list out (GOLD.md: "two annotators, one adjudication").

    python benchmarks/gold/adjudicate.py prepare   # NN-*.disputed.tsv + agreement figures
    python benchmarks/gold/adjudicate.py merge     # NN-*.gold.tsv from A, B and the decisions

`prepare` pairs the rows of `NN-*.A.tsv` and `NN-*.B.tsv` by item (the same lemma and part of
speech, or for expressions the same words once slots such as sb/sth are set aside, one a
subsequence of the other: *hold sb to account* ~ *hold to account*) and writes what only one
annotator listed to `NN-*.disputed.tsv`, for an adjudicator who writes a decision per row
(`in`, `out` or `optional`) in its `decision` column. It prints the agreement rate: items both
listed / items either listed (rows marked optional by both are left out of either count).

`merge` writes `NN-*.gold.tsv`: items both listed (optional only when both said so; the sense
renderings of both kept), and disputed items decided `in` or `optional`. It refuses to run while
a disputed row has no decision.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

GOLD = Path(__file__).resolve().parent
sys.path.insert(0, str(GOLD.parent))  # benchmarks/: scored and paired the same way

from quality import HELD_ASIDE  # noqa: E402
from quality import _expr_match as expr_match  # noqa: E402

COLUMNS = ["item", "pos", "sense_zh", "evidence", "optional"]


@dataclass
class Row:
    item: str
    pos: str
    sense_zh: str
    evidence: str
    optional: bool


def read(path: Path) -> list[Row]:
    with path.open(encoding="utf-8") as fh:
        return [
            Row(
                r["item"].strip().lower(),
                r["pos"].strip().upper(),
                r["sense_zh"].strip(),
                r["evidence"].strip(),
                (r.get("optional") or "").strip().lower() == "y",
            )
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            if (r.get("item") or "").strip()
        ]


def same(a: Row, b: Row) -> bool:
    """One item: the same word and part of speech, or expressions that match as quality.py
    matches them."""
    if (a.pos == "EXPR") != (b.pos == "EXPR"):
        return False
    if a.pos != "EXPR":
        return a.item == b.item and a.pos == b.pos
    return expr_match(a.item, b.item)


def _items(rows: list[Row]) -> list[list[Row]]:
    """Rows grouped by item (a word used in two senses has two rows)."""
    groups: list[list[Row]] = []
    for row in rows:
        for g in groups:
            if same(g[0], row):
                g.append(row)
                break
        else:
            groups.append([row])
    return groups


def _pairs(text: Path) -> tuple[list[tuple[list[Row], list[Row]]], list[list[Row]], list[list[Row]]]:
    a = _items(read(text.with_name(text.stem + ".A.tsv")))
    b = _items(read(text.with_name(text.stem + ".B.tsv")))
    both, only_a = [], []
    left_b = list(b)
    for ga in a:
        gb = next((g for g in left_b if same(ga[0], g[0])), None)
        if gb is None:
            only_a.append(ga)
        else:
            left_b.remove(gb)
            both.append((ga, gb))
    return both, only_a, left_b


def _texts() -> list[Path]:
    return [
        t
        for t in sorted(GOLD.glob("[0-9][0-9]-*.txt"))
        if t.with_name(t.stem + ".A.tsv").exists() and t.with_name(t.stem + ".B.tsv").exists()
    ]


def prepare() -> None:
    figures = {"tuning": [0, 0], "held aside": [0, 0]}
    for text in _texts():
        both, only_a, only_b = _pairs(text)
        part = "held aside" if int(text.name[:2]) in HELD_ASIDE else "tuning"
        agreed = sum(
            1 for ga, gb in both if not (all(r.optional for r in ga) and all(r.optional for r in gb))
        )
        either = agreed + sum(1 for g in only_a + only_b if not all(r.optional for r in g))
        figures[part][0] += agreed
        figures[part][1] += either
        out = text.with_name(text.stem + ".disputed.tsv")
        if out.exists() and any(
            r.get("decision", "").strip()
            for r in csv.DictReader(
                out.read_text(encoding="utf-8").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE
            )
        ):
            continue  # decided already: never overwrite an adjudicator's work
        with out.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None, lineterminator="\n")
            w.writerow([*COLUMNS, "by", "decision"])
            for who, groups in (("A", only_a), ("B", only_b)):
                for g in groups:
                    for r in g:
                        w.writerow(
                            [r.item, r.pos, r.sense_zh, r.evidence, "y" if r.optional else "", who, ""]
                        )
    for part, (agreed, either) in figures.items():
        rate = f"{agreed / either:.3f}" if either else "n/a"
        print(f"{part}: agreement {rate} ({agreed} items both listed / {either} either listed)")


def merge() -> None:
    for text in _texts():
        both, _, _ = _pairs(text)
        disputed = text.with_name(text.stem + ".disputed.tsv")
        with disputed.open(encoding="utf-8") as fh:
            decided = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        missing = [r["item"] for r in decided if r["decision"].strip() not in ("in", "out", "optional")]
        if missing:
            sys.exit(f"{disputed.name}: no decision for {', '.join(missing[:5])}")
        rows: list[list[str]] = []
        for ga, gb in both:
            optional = all(r.optional for r in ga + gb)
            for r in ga:
                senses = [r.sense_zh] + [s.sense_zh for s in gb if s.sense_zh != r.sense_zh]
                renderings = list(
                    dict.fromkeys(x.strip() for s in senses for x in s.split("；") if x.strip())
                )
                rows.append([r.item, r.pos, "；".join(renderings), r.evidence, "y" if optional else ""])
        for r in decided:
            if r["decision"].strip() in ("in", "optional"):
                rows.append(
                    [
                        r["item"],
                        r["pos"],
                        r["sense_zh"],
                        r["evidence"],
                        "y" if r["decision"].strip() == "optional" else "",
                    ]
                )
        out = text.with_name(text.stem + ".gold.tsv")
        tmp = out.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None, lineterminator="\n")
            w.writerow(COLUMNS)
            w.writerows(rows)
        tmp.replace(out)
        print(f"{out.name}: {len(rows)} rows")


if __name__ == "__main__":
    {"prepare": prepare, "merge": merge}[sys.argv[1] if len(sys.argv) > 1 else "prepare"]()
