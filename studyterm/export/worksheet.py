"""Printable worksheets from episodes: a word list with glosses, a gap-fill built from the real
sentences of the episodes, a word ↔ Chinese gloss matching exercise, and the answer key on a page
of its own. Rendered as HTML with print CSS (always works) or as PDF through fpdf2 with a CJK font
of the system embedded.

Choosing the words: advanced words that have a Chinese gloss and a sentence to blank, most used in
the episodes first, then most common in English (the most useful to learn first); single words
before phrases, never a phrase together with one of its own words, never two identical glosses
(the matching would be ambiguous). The matching glosses are shuffled by `random.Random(seed)`, so
the same seed always gives the same handout; the default seed derives from the episodes.
"""

from __future__ import annotations

import hashlib
import html
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from studyterm.errors import ExportError
from studyterm.export.lists import Example, ListEntry, VocabList

__all__ = [
    "GapSentence",
    "Worksheet",
    "WorksheetWord",
    "build_worksheet",
    "default_seed",
    "worksheet_html",
    "worksheet_pdf",
]

BLANK = "________"
MAX_SENTENCE_WORDS = 40  # longer sentences are cut around the blank


@dataclass(frozen=True)
class WorksheetWord:
    word: str
    pos: str
    gloss: str
    definition: str | None
    pronunciation: str | None


@dataclass
class GapSentence:
    """A sentence as pieces: text, or the number of a blank."""

    parts: list[str | int]
    source: str


@dataclass
class Worksheet:
    title: str
    seed: int
    words: list[WorksheetWord]  # alphabetical: the word list and the matching's left column
    bank: list[str]  # the gap-fill's word bank (base forms, alphabetical)
    gaps: list[GapSentence]
    gap_answers: list[tuple[int, str]]  # blank number → the form the sentence used
    glosses: list[str]  # the matching's right column, shuffled (lettered A, B, …)
    match_answers: list[tuple[int, str]] = field(default_factory=list)  # word number → letter


def default_seed(vlist: VocabList) -> int:
    """A seed from the episodes' ids: the same episodes give the same handout."""
    digest = hashlib.sha256("|".join(s.id for s in vlist.sources).encode()).hexdigest()
    return int(digest[:8], 16)


def letter(i: int) -> str:
    """A, B, … Z, AA, AB, … for matching options."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _usefulness(e: ListEntry) -> tuple[bool, int, float, str]:
    rank = math.inf if e.item.rank is None else e.item.rank
    return (e.item.is_phrase, -e.item.count, rank, e.item.lemma)


def _choose(entries: Sequence[ListEntry], n: int) -> list[ListEntry]:
    chosen: list[ListEntry] = []
    words: set[str] = set()
    glosses: set[str] = set()
    for e in sorted(entries, key=_usefulness):
        if len(chosen) >= n:
            break
        item = e.item
        if not item.gloss or not e.hits:
            continue
        parts = set(item.lemma.split()) | set(item.forms)
        if item.gloss in glosses or parts & words:
            continue
        chosen.append(e)
        words |= parts | {item.lemma}
        glosses.add(item.gloss)
    return chosen


def _sentence_key(ex: Example) -> tuple[int, str]:
    """A sentence of an episode, wherever its occurrences sit (subtitle sentences span cues)."""
    return (ex.source, ex.sentence)


def _position(ex: Example) -> tuple[int, int, int]:
    return (ex.source, ex.occurrence.segment, ex.occurrence.start)


def _spans_in(entry: ListEntry, ex: Example) -> list[tuple[int, int]]:
    """Every occurrence of the entry inside the example's sentence (span relative to it)."""
    key = _sentence_key(ex)
    spans = {
        (o.sent_start, o.sent_end)
        for src, o in entry.hits
        if _sentence_key(Example(o.sentence, src, o)) == key
    }
    return sorted(spans)


def _clashes(a: tuple[int, int], spans: list[tuple[int, int]], sentence: str) -> bool:
    """A blank may not overlap another, nor sit right beside it ("(6) ___ (7) ___" is a guess)."""
    for s in spans:
        lo, hi = (a[1], s[0]) if a[0] < s[0] else (s[1], a[0])
        if lo >= hi or not any(ch.isalpha() for ch in sentence[lo:hi]):
            return True
    return False


def build_worksheet(
    vlist: VocabList, entries: Sequence[ListEntry], words: int, seed: int | None = None
) -> Worksheet:
    """Pick the words and lay out the exercises; ExportError when no word can be used."""
    chosen = _choose(entries, words)
    if not chosen:
        raise ExportError(
            "nothing to put on a worksheet: no advanced word with a Chinese gloss "
            "(try a lower --level or fewer filters)"
        )
    seed = default_seed(vlist) if seed is None else seed
    # gap-fill: each word gets its best sentence, preferring one no other word has taken
    blanks: dict[tuple[int, str], list[tuple[int, int, ListEntry]]] = {}
    sentences: dict[tuple[int, str], Example] = {}
    for e in chosen:
        options = e.examples
        pick = None
        for ex in sorted(options, key=lambda x: _sentence_key(x) in blanks):
            spans = _spans_in(e, ex)
            taken = [(s, t) for s, t, _ in blanks.get(_sentence_key(ex), [])]
            if spans and not any(_clashes(sp, taken, ex.sentence) for sp in spans):
                pick = (ex, spans)
                break
        if pick is None:
            continue
        ex, spans = pick
        key = _sentence_key(ex)
        sentences[key] = ex
        blanks.setdefault(key, []).extend((s, t, e) for s, t in spans)
    order = sorted(blanks, key=lambda k: _position(sentences[k]))  # in the episodes' order
    gaps: list[GapSentence] = []
    gap_answers: list[tuple[int, str]] = []
    number: dict[str, int] = {}
    for key in order:
        ex = sentences[key]
        text = ex.sentence
        parts: list[str | int] = []
        pos = 0
        for s, t, e in sorted(blanks[key], key=lambda b: b[0]):
            if e.item.key not in number:
                number[e.item.key] = len(number) + 1
                gap_answers.append((number[e.item.key], text[s:t]))
            parts.append(text[pos:s])
            parts.append(number[e.item.key])
            pos = t
        parts.append(text[pos:])
        gaps.append(GapSentence(_trim(parts), vlist.source_title(ex.source)))
    bank = sorted((e.headword for e in chosen if e.item.key in number), key=str.casefold)
    listed = sorted(chosen, key=lambda e: e.item.lemma.casefold())
    ws_words = [
        WorksheetWord(e.headword, e.item.pos, e.item.gloss or "", e.item.definition, e.item.pronunciation)
        for e in listed
    ]
    glosses, answers = _shuffle_glosses([w.gloss for w in ws_words], seed)
    title = vlist.title
    return Worksheet(title, seed, ws_words, bank, gaps, gap_answers, glosses, answers)


def _shuffle_glosses(glosses: list[str], seed: int) -> tuple[list[str], list[tuple[int, str]]]:
    """Shuffle deterministically; reshuffle (a few times) so no gloss stays beside its word."""
    rng = random.Random(seed)
    order = list(range(len(glosses)))
    for _ in range(20):
        rng.shuffle(order)
        if len(order) < 2 or all(i != j for i, j in enumerate(order)):
            break
    shuffled = [glosses[i] for i in order]
    position = {src: dst for dst, src in enumerate(order)}
    answers = [(i + 1, letter(position[i])) for i in range(len(glosses))]
    return shuffled, answers


def _trim(parts: list[str | int]) -> list[str | int]:
    """Cut a long sentence to the words around its blanks, marking the cuts with "…"."""
    words = sum(len(p.split()) if isinstance(p, str) else 1 for p in parts)
    if words <= MAX_SENTENCE_WORDS or len(parts) < 3:
        return parts
    keep = MAX_SENTENCE_WORDS // 2
    head, tail = parts[0], parts[-1]
    assert isinstance(head, str) and isinstance(tail, str)
    head_words = head.split()
    tail_words = tail.split()
    middle = parts[1:-1]
    new_head = ("… " + " ".join(head_words[-keep:]) + " ") if len(head_words) > keep else head
    new_tail = (" " + " ".join(tail_words[:keep]) + " …") if len(tail_words) > keep else tail
    return [new_head, *middle, new_tail]


def _gap_text(gap: GapSentence) -> str:
    # a no-break space keeps the number and its blank on one line
    return "".join(f"({p})\u00a0{BLANK}" if isinstance(p, int) else p for p in gap.parts).strip()


# ------------------------------------------------------------------------------------------- HTML

_CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei",
       "Source Han Sans SC", sans-serif; margin: 2em auto; max-width: 48em; color: #111;
       line-height: 1.5; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
.name { margin: 0.5em 0 1.5em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
.bank { border: 1px solid #333; padding: 0.5em 1em; margin: 0.5em 0 1em; word-spacing: 0.3em; }
.gaps li { margin-bottom: 0.6em; }
.blank { white-space: nowrap; }
.matching td { border: none; padding: 0.3em 1em 0.3em 0; }
.source { color: #666; font-size: 0.85em; }
.answer-key { break-before: page; page-break-before: always; }
@media print { body { margin: 0; max-width: none; } section { break-inside: avoid; } }
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def worksheet_html(ws: Worksheet) -> str:
    """The handout as an HTML page; every piece of episode text escaped."""
    from studyterm.export.list_pages import html_page

    p = [
        f"<h1>{_e(ws.title)}</h1>",
        '<p class="name">Name: ____________________ &nbsp; Class: __________ &nbsp; Date: __________</p>',
        '<section class="word-list">\n<h2>1. Word list 词汇表</h2>\n<table>\n'
        "<tr><th>word</th><th>POS</th><th>中文</th><th>definition</th></tr>",
    ]
    for w in ws.words:
        pron = f' <span class="source">{_e(w.pronunciation)}</span>' if w.pronunciation else ""
        p.append(
            f"<tr><td><strong>{_e(w.word)}</strong>{pron}</td><td>{_e(w.pos.lower())}</td>"
            f"<td>{_e(w.gloss)}</td><td>{_e(w.definition)}</td></tr>"
        )
    p.append("</table>\n</section>")
    if ws.gaps:
        p.append(
            '<section class="gap-fill">\n<h2>2. Fill in the blanks 选词填空</h2>\n'
            "<p>Use each word from the box once, in the right form.</p>\n"
            '<div class="bank">' + " &nbsp;·&nbsp; ".join(_e(w) for w in ws.bank) + "</div>\n"
            '<ol class="gaps">'
        )
        for gap in ws.gaps:
            pieces = "".join(
                f'<span class="blank">({x}) {BLANK}</span>' if isinstance(x, int) else _e(x)
                for x in gap.parts
            )
            p.append(f"<li>{pieces.strip()}</li>")
        p.append("</ol>\n</section>")
    p.append(
        '<section class="matching">\n<h2>3. Match each word with its meaning 词义匹配</h2>\n'
        '<table class="matching">'
    )
    for i, (w, g) in enumerate(zip(ws.words, ws.glosses, strict=True)):
        p.append(f"<tr><td>{i + 1}. {_e(w.word)} ____</td><td>{letter(i)}. {_e(g)}</td></tr>")
    p.append("</table>\n</section>")
    p.append('<section class="answer-key">\n<h2>Answer key 答案</h2>')
    if ws.gap_answers:
        p.append(
            "<h3>Fill in the blanks</h3>\n<p>"
            + "; ".join(f"({n}) {_e(form)}" for n, form in ws.gap_answers)
            + "</p>"
        )
    p.append("<h3>Matching</h3>\n<p>" + "; ".join(f"{n}–{a}" for n, a in ws.match_answers) + "</p>")
    p.append(f'<p class="source">Matching order: seed {ws.seed}.</p>\n</section>')
    return html_page(f"Worksheet: {ws.title}", "\n".join(p), css=_CSS)


# -------------------------------------------------------------------------------------------- PDF


def worksheet_pdf(ws: Worksheet, font: Any = None) -> bytes:
    """The handout as an A4 PDF with a CJK font embedded; the answer key starts a new page."""
    from studyterm.export.pdf import find_cjk_font, new_document

    pdf = new_document(font or find_cjk_font())
    pdf.set_title(f"Worksheet: {ws.title}")
    pdf.add_page()
    width = pdf.epw

    def heading(text: str, size: int = 13) -> None:
        pdf.ln(3)
        pdf.set_font("cjk", "B", size)
        pdf.multi_cell(width, 7, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", "", 10.5)

    def para(text: str, h: float = 6) -> None:
        pdf.multi_cell(width, h, text, align="L", new_x="LMARGIN", new_y="NEXT")

    pdf.set_font("cjk", "B", 16)
    pdf.multi_cell(width, 8, ws.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", "", 10.5)
    para("Name: ____________________    Class: __________    Date: __________", 9)

    heading("1. Word list 词汇表")
    with pdf.table(col_widths=(30, 18, 50, 82), text_align="LEFT", line_height=5.5, padding=1.2) as table:
        head = table.row()
        for h in ("word", "POS", "中文", "definition"):
            head.cell(h)
        for w in ws.words:
            row = table.row()
            row.cell(w.word + (f"\n{w.pronunciation}" if w.pronunciation else ""))
            row.cell(w.pos.lower())
            row.cell(w.gloss)
            row.cell(w.definition or "")

    if ws.gaps:
        heading("2. Fill in the blanks 选词填空")
        para("Use each word from the box once, in the right form.")
        pdf.ln(1)
        pdf.multi_cell(
            width, 7, "   ·   ".join(ws.bank), border=1, padding=2, align="L", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(2)
        for i, gap in enumerate(ws.gaps, start=1):
            para(f"{i}. {_gap_text(gap)}")
            pdf.ln(1)

    heading("3. Match each word with its meaning 词义匹配")
    for i, (w, g) in enumerate(zip(ws.words, ws.glosses, strict=True)):
        if pdf.get_y() + 8 > pdf.page_break_trigger:
            pdf.add_page()  # break before the row: a break inside it would strand `y` a page back
        y = pdf.get_y()
        pdf.multi_cell(width * 0.4, 7, f"{i + 1}. {w.word} ____", new_x="RIGHT", new_y="TOP")
        pdf.multi_cell(width * 0.6, 7, f"{letter(i)}. {g}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), y + 7))

    pdf.add_page()
    heading("Answer key 答案", 15)
    if ws.gap_answers:
        heading("Fill in the blanks", 11)
        para("   ".join(f"({n})\u00a0{form}" for n, form in ws.gap_answers))
    heading("Matching", 11)
    para("   ".join(f"{n}–{a}" for n, a in ws.match_answers))
    pdf.ln(2)
    para(f"Matching order: seed {ws.seed}.")
    return bytes(pdf.output())
