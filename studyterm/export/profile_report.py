"""Lexical profiles as teachers read them: records, a side-by-side comparison ranked by
difficulty, and an HTML report.

Difficulty for a class is how much of the text the learners do not know: episodes are ranked by
coverage at the learner's level (lower is harder), then by how many words must be pre-taught to
reach 98%, then by the share of off-list words. Percentages shown are rounded by the largest
remainder, so a profile's band shares always add up to exactly 100.0%.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Sequence
from typing import Any

from studyterm.model import Episode, Profile

__all__ = [
    "comparison_table",
    "percentages",
    "profile_html",
    "profile_json",
    "profile_record",
    "rank_by_difficulty",
]


def percentages(counts: Sequence[int], decimals: int = 1) -> list[float]:
    """Shares of the total in percent, rounded so that they add up to exactly 100 (largest
    remainder method); all zeros when the total is zero."""
    total = sum(counts)
    if total <= 0:
        return [0.0 for _ in counts]
    scale = 10**decimals
    exact = [c * 100 * scale / total for c in counts]
    floors = [math.floor(x) for x in exact]
    left = 100 * scale - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [f / scale for f in floors]


def profile_record(episode: Episode, profile: Profile, level: int | str) -> dict[str, Any]:
    """The JSON-ready profile of one episode (the `profile --format json` record)."""
    pct = percentages([b.tokens for b in profile.bands])
    return {
        "id": episode.id,
        "title": episode.title,
        "level": level,
        "tokens": profile.tokens,
        "types": profile.types,
        "bands": {
            b.band: {"tokens": b.tokens, "share": round(b.share, 4), "percent": p}
            for b, p in zip(profile.bands, pct, strict=True)
        },
        "coverage": round(profile.coverage, 4),
        "advanced": profile.advanced,
        "to_95": profile.to_95,
        "to_98": profile.to_98,
    }


def _difficulty_key(record: dict[str, Any]) -> tuple[float, int, float, str]:
    off = record["bands"].get("off-list", {}).get("share", 0.0)
    return (record["coverage"], -len(record["to_98"]), -off, record["id"])


def rank_by_difficulty(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records hardest first; each gets `difficulty_rank` (1 = hardest)."""
    ranked = sorted(records, key=_difficulty_key)
    for i, r in enumerate(ranked, start=1):
        r["difficulty_rank"] = i
    return ranked


def profile_json(records: list[dict[str, Any]]) -> str:
    """The records as JSON, in the order the episodes were given."""
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _short(title: str, width: int | None) -> str:
    title = " ".join(title.split())
    return title if width is None or len(title) <= width else title[: width - 1] + "…"


def comparison_table(
    ranked: Sequence[dict[str, Any]],
    title_width: int | None = 36,
) -> tuple[list[str], list[list[str]]]:
    """Episodes side by side (hardest first, one column each), one row per measure; titles cut to
    `title_width` characters (None: whole)."""
    headers = ["", *(_short(r["title"], title_width) for r in ranked)]
    rows: list[list[str]] = [
        ["difficulty (1 = hardest)", *(str(r["difficulty_rank"]) for r in ranked)],
        ["running words", *(str(r["tokens"]) for r in ranked)],
        ["word types", *(str(r["types"]) for r in ranked)],
        [
            f"coverage at level {ranked[0]['level']} %" if ranked else "coverage %",
            *(f"{r['coverage'] * 100:.1f}" for r in ranked),
        ],
        ["advanced items", *(str(r["advanced"]) for r in ranked)],
        ["words to pre-teach for 95%", *(str(len(r["to_95"])) for r in ranked)],
        ["words to pre-teach for 98%", *(str(len(r["to_98"])) for r in ranked)],
    ]
    bands = list(ranked[0]["bands"]) if ranked else []
    for band in bands:
        rows.append([f"{band} %", *(f"{r['bands'][band]['percent']:.1f}" for r in ranked)])
    return headers, rows


_CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei",
       sans-serif; margin: 2em; color: #111; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; }
td.num { text-align: right; }
th { background: #eef; text-align: left; }
.bar { display: inline-block; height: 0.8em; background: #7a9cc6; }
section { break-inside: avoid; margin-bottom: 2em; }
@media print { body { margin: 0; } }
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def profile_html(records: list[dict[str, Any]]) -> str:
    """An HTML report: the comparison (when several episodes) and each episode's profile."""
    from studyterm.export.list_pages import html_page

    ranked = rank_by_difficulty([dict(r) for r in records])
    parts = ["<h1>Vocabulary profile</h1>"]
    if len(ranked) > 1:
        headers, rows = comparison_table(ranked, None)
        parts.append(
            "<h2>Episodes compared, hardest first</h2>\n<table>\n<tr>"
            + "".join(f"<th>{_e(h)}</th>" for h in headers)
            + "</tr>"
        )
        for row in rows:
            parts.append(
                "<tr><th>"
                + _e(row[0])
                + "</th>"
                + "".join(f'<td class="num">{_e(c)}</td>' for c in row[1:])
                + "</tr>"
            )
        parts.append("</table>")
    for r in ranked:
        parts.append(f"<section>\n<h2>{_e(r['title'])}</h2>")
        parts.append(
            f"<p>{r['tokens']} running words, {r['types']} word types; coverage at level "
            f"{_e(r['level'])}: <strong>{r['coverage'] * 100:.1f}%</strong> "
            f"({r['advanced']} advanced items).</p>"
        )
        parts.append("<table>\n<tr><th>band</th><th>tokens</th><th>share %</th><th></th></tr>")
        for band, v in r["bands"].items():
            width = max(0.0, v["percent"]) * 3
            parts.append(
                f'<tr><td>{_e(band)}</td><td class="num">{v["tokens"]}</td>'
                f'<td class="num">{v["percent"]:.1f}</td>'
                f'<td><span class="bar" style="width:{width:.1f}px"></span></td></tr>'
            )
        total = sum(v["percent"] for v in r["bands"].values())
        parts.append(
            f'<tr><th>total</th><th class="num">{r["tokens"]}</th>'
            f'<th class="num">{total:.1f}</th><th></th></tr>\n</table>'
        )
        for target, key in (("95%", "to_95"), ("98%", "to_98")):
            words = ", ".join(r[key])
            parts.append(
                f"<p>To reach {target} coverage, pre-teach {len(r[key])} word"
                f"{'s' if len(r[key]) != 1 else ''}: {_e(words) or '—'}</p>"
            )
        parts.append("</section>")
    return html_page("Vocabulary profile", "\n".join(parts), css=_CSS)
