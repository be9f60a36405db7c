"""Vocabulary lists as documents: Markdown, HTML, XLSX (openpyxl) and PDF (fpdf2).

All take the rows of `lists.list_table`, so every format carries the same columns. Episode text is
data: escaped for Markdown and HTML, forced to a text cell in XLSX (a sentence starting with `=` is
never a formula), written as plain text in the PDF. Sorted by level, the lists are grouped in one
section (or XLSX sheet) per CEFR level; an XLSX of several episodes also has one sheet per episode.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from typing import Any

from studyterm.analysis.levels import CEFR_LEVELS
from studyterm.export.lists import ListEntry, VocabList, list_table, per_episode_columns

__all__ = ["list_html", "list_markdown", "list_pdf", "list_xlsx"]

_WIDTHS = {
    "word": 20,
    "pos": 8,
    "pronunciation": 16,
    "gloss": 24,
    "definition": 40,
    "level": 7,
    "band": 9,
    "rank": 8,
    "tags": 14,
    "count": 7,
    "episodes": 9,
    "example": 80,
    "source": 30,
}


def _title(vlist: VocabList) -> str:
    return "Vocabulary: " + vlist.title


def _groups(entries: Sequence[ListEntry], by_level: bool) -> list[tuple[str | None, list[ListEntry]]]:
    """Sections of the list: one per CEFR level (hardest first) when sorted by level, else one."""
    if not by_level:
        return [(None, list(entries))]
    groups: dict[str, list[ListEntry]] = {}
    for e in entries:
        groups.setdefault(e.item.cefr, []).append(e)
    order = sorted(groups, key=lambda lv: -(CEFR_LEVELS.index(lv) if lv in CEFR_LEVELS else 9))
    return [(lv, groups[lv]) for lv in order]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


# --------------------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _md(value: Any) -> str:
    """A table cell: one line, HTML-escaped (Markdown passes HTML through), specials escaped."""
    text = " ".join(_text(value).split())
    text = html.escape(text, quote=False)
    return _MD_SPECIAL.sub(r"\\\1", text)


def list_markdown(
    vlist: VocabList, entries: Sequence[ListEntry], by_level: bool, per_episode: bool = False
) -> str:
    """A Markdown document: a heading, then one pipe table per section (`per_episode`: a count
    column per episode however many, see `lists.count_headers`)."""
    out = [f"# {_md(_title(vlist))}", ""]
    for level, group in _groups(entries, by_level):
        headers, rows = list_table(vlist, group, per_episode)
        if level is not None:
            out += [f"## {_md(level)} ({len(group)} word{'s' if len(group) != 1 else ''})", ""]
        out.append("| " + " | ".join(_md(h) for h in headers) + " |")
        out.append(
            "|"
            + "|".join(
                "---:" if h in ("rank", "count", "episodes") or h.startswith("count:") else "---"
                for h in headers
            )
            + "|"
        )
        out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
        out.append("")
    if not entries:
        out += ["(no words)", ""]
    return "\n".join(out)


# ------------------------------------------------------------------------------------------- HTML

_CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei",
       "Source Han Sans SC", sans-serif; margin: 2em; color: #111; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2em; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
th { background: #eef; }
td.num { text-align: right; }
td.word { font-weight: bold; }
@media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; }
               thead { display: table-header-group; } }
"""


def html_page(title: str, body: str, css: str = _CSS) -> str:
    """A standalone UTF-8 HTML page (the title is escaped here; the body must be escaped HTML)."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


def list_html(
    vlist: VocabList, entries: Sequence[ListEntry], by_level: bool, per_episode: bool = False
) -> str:
    """An HTML page with one table per section; every cell escaped (`per_episode`: as in
    `list_markdown`)."""
    parts = [f"<h1>{html.escape(_title(vlist))}</h1>"]
    for level, group in _groups(entries, by_level):
        headers, rows = list_table(vlist, group, per_episode)
        if level is not None:
            parts.append(f"<h2>{html.escape(level)} <small>({len(group)})</small></h2>")
        parts.append(
            "<table>\n<thead><tr>"
            + "".join(f"<th>{html.escape(h)}</th>" for h in headers)
            + "</tr></thead>\n<tbody>"
        )
        for row in rows:
            cells = []
            for h, c in zip(headers, row, strict=True):
                cls = ' class="num"' if isinstance(c, int) else (' class="word"' if h == "word" else "")
                cells.append(f"<td{cls}>{html.escape(_text(c))}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody>\n</table>")
    if not entries:
        parts.append("<p>(no words)</p>")
    return html_page(_title(vlist), "\n".join(parts))


# ------------------------------------------------------------------------------------------- XLSX


def _sheet_name(name: str, taken: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique (case-insensitive)."""
    base = re.sub(r"[\[\]:*?/\\]", " ", " ".join(name.split())).strip("' ")[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.casefold() in taken:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.casefold())
    return candidate


def list_xlsx(vlist: VocabList, entries: Sequence[ListEntry], per_episode: bool = False) -> bytes:
    """A workbook: "All words", one sheet per CEFR level (hardest first), and one per episode when
    there are several with a column each (`lists.per_episode_columns`: up to 20, or all with
    `per_episode`). Each sheet: bold header row, frozen header and word column, filters, column
    widths, wrapped example sentences."""
    from openpyxl import Workbook  # ~0.3 s

    wb = Workbook()
    taken: set[str] = set()
    sheets: list[tuple[str, list[ListEntry]]] = [("All words", list(entries))]
    levels = sorted({e.item.cefr for e in entries}, key=lambda lv: -_level_position(lv))
    sheets += [(lv, [e for e in entries if e.item.cefr == lv]) for lv in levels]
    if per_episode_columns(vlist.sources, per_episode):
        sheets += [(s.title, [e for e in entries if e.counts[i] > 0]) for i, s in enumerate(vlist.sources)]
    first = True
    for name, group in sheets:
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = _sheet_name(name, taken)
        _fill_sheet(ws, *list_table(vlist, group, per_episode))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _level_position(level: str) -> int:
    return CEFR_LEVELS.index(level) if level in CEFR_LEVELS else len(CEFR_LEVELS)


def _fill_sheet(ws: Any, headers: list[str], rows: list[list[Any]]) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE4F0")
    for col, h in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=col, value=h)
        cell.font, cell.fill = bold, fill
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters are not XML
            cell = ws.cell(row=r, column=col, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, even when it starts with "=": never a formula
            if headers[col - 1] in ("example", "definition"):
                cell.alignment = wrap
    for col, h in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(col)].width = _WIDTHS.get(h, 12)
    ws.freeze_panes = "B2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"


# -------------------------------------------------------------------------------------------- PDF

_PDF_COLUMNS = ("word", "pos", "pronunciation", "gloss", "definition", "level", "band", "count", "example")
_PDF_WIDTHS = {
    "word": 26,
    "pos": 12,
    "pronunciation": 22,
    "gloss": 34,
    "definition": 48,
    "level": 11,
    "band": 14,
    "count": 12,
    "example": 90,
}


def list_pdf(vlist: VocabList, entries: Sequence[ListEntry], by_level: bool, font: Any = None) -> bytes:
    """An A4 landscape PDF of the list with the Chinese glosses (a CJK font is embedded)."""
    from studyterm.export.pdf import find_cjk_font, new_document

    pdf = new_document(font or find_cjk_font(), landscape=True)
    pdf.add_page()
    pdf.set_font("cjk", "B", 15)
    pdf.multi_cell(0, 8, _title(vlist), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", "", 9)
    pdf.cell(0, 6, f"{len(entries)} word{'s' if len(entries) != 1 else ''}", new_x="LMARGIN", new_y="NEXT")
    any_pron = any(e.item.pronunciation for e in entries)
    columns = [c for c in _PDF_COLUMNS if c != "pronunciation" or any_pron]
    for level, group in _groups(entries, by_level):
        headers, rows = list_table(vlist, group)
        keep = [headers.index(c) for c in columns]
        if level is not None:
            pdf.ln(2)
            pdf.set_font("cjk", "B", 12)
            pdf.cell(0, 7, f"{level} ({len(group)})", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", "", 8)
        with pdf.table(
            col_widths=[_PDF_WIDTHS[c] for c in columns], text_align="LEFT", line_height=4.2, padding=1
        ) as table:
            head = table.row()
            for c in columns:
                head.cell(c)
            for row in rows:
                line = table.row()
                for i in keep:
                    line.cell(_text(row[i]))
    return bytes(pdf.output())
