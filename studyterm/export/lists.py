"""Vocabulary lists as records, JSON and CSV (plain Python; the CLI and exporters share them).

`vocab --format json` is a list of the records built here; README documents the fields.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from studyterm.model import VocabItem

__all__ = ["CSV_COLUMNS", "neutralise_cell", "vocab_csv", "vocab_json", "vocab_record"]

CSV_COLUMNS = ("word", "pos", "level", "band", "rank", "zipf", "count", "gloss", "definition",
               "pronunciation", "tags", "status", "example")


def vocab_record(item: VocabItem, status: str | None = None) -> dict[str, Any]:
    examples: list[str] = []
    for occ in item.occurrences:
        if occ.sentence not in examples:
            examples.append(occ.sentence)
    return {
        "lemma": item.lemma,
        "pos": item.pos,
        "level": item.cefr,
        "level_source": item.cefr_source,
        "band": item.band,
        "rank": item.rank,
        "zipf": item.zipf,
        "count": item.count,
        "forms": item.forms,
        "is_phrase": item.is_phrase,
        "gloss": item.gloss,
        "definition": item.definition,
        "pronunciation": item.pronunciation,
        "tags": item.tags,
        "status": status,
        "examples": examples,
        "occurrences": [
            {"segment": o.segment, "start": o.start, "end": o.end} for o in item.occurrences
        ],
    }


def vocab_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def neutralise_cell(value: str) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def vocab_csv(records: list[dict[str, Any]]) -> str:
    """CSV with a header, for spreadsheets (the caller adds a BOM when writing a file)."""
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        row = [
            r["lemma"], r["pos"], r["level"], r["band"], "" if r["rank"] is None else r["rank"],
            r["zipf"], r["count"], r["gloss"] or "", r["definition"] or "",
            r["pronunciation"] or "", " ".join(r["tags"]), r["status"] or "",
            r["examples"][0] if r["examples"] else "",
        ]
        writer.writerow([neutralise_cell(str(c)) for c in row])
    return buf.getvalue()
