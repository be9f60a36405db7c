"""Worksheets: the PDF read back with pdftotext and pypdf (Chinese glosses, blanks, the answer key
on a page of its own), the matching order fixed by --seed, and clear errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from studyterm.errors import ExportError
from studyterm.export.pdf import find_cjk_font
from tests.export.conftest import Teacher

BLANK = re.compile(r"\((\d+)\)\s*_{4,}")


@dataclass
class Handout:
    pages: list[str]  # pdftotext, one string per page
    page_count: int  # as pypdf counts them
    fonts: list[dict]  # type: ignore[type-arg]  # pypdf: the descendant CID fonts' descriptors
    words: dict[str, dict]  # type: ignore[type-arg]  # the vocab records of the episode


@pytest.fixture(scope="session")
def handout(teacher: Teacher, tmp_path_factory: pytest.TempPathFactory) -> Handout:
    """One PDF worksheet of the sample, made through the real CLI."""
    from pypdf import PdfReader

    out = tmp_path_factory.mktemp("ws") / "sheet.pdf"
    code, _, err = _cli(
        *teacher.args("worksheet", teacher.sample.id, "--words", "8", "--seed", "7", "-o", str(out))
    )
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-layout", str(out), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.split("\f")
    if not pages[-1].strip():
        pages.pop()
    reader = PdfReader(out)
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            for cid in font.get_object().get("/DescendantFonts", []):
                fonts.append(cid.get_object()["/FontDescriptor"].get_object())
    code, json_out, err = _cli(*teacher.args("vocab", teacher.sample.id, "--format", "json"))
    assert code == 0, err
    words = {r["lemma"]: r for r in json.loads(json_out)}
    return Handout(pages, len(reader.pages), fonts, words)


def _cli(*args: str) -> tuple[int, str, str]:
    """The CLI in-process (as conftest's run_cli, usable from session fixtures)."""
    import contextlib
    import io

    from studyterm.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _listed_words(handout: Handout) -> list[str]:
    """The words of the matching exercise ("1. word ____"), in order."""
    body = "\n".join(handout.pages[:-1])
    return [m.group(1) for m in re.finditer(r"^\s*\d+\. ([a-z][a-z\- ]*?) ____", body, re.M)]


def test_pdf_has_the_chinese_glosses_of_its_words(handout: Handout) -> None:
    words = _listed_words(handout)
    assert len(words) == 8
    body = _squash("".join(handout.pages[:-1]))
    for w in words:
        gloss = handout.words[w]["gloss"]
        assert re.search(r"[\u4e00-\u9fff]", gloss)
        assert _squash(gloss) in body, w
    # the Chinese font is embedded (a subset), not merely named
    assert any(
        "CJK" in str(f["/FontName"]) and ("/FontFile3" in f or "/FontFile2" in f) for f in handout.fonts
    )


def test_pdf_gap_fill_blanks_real_sentences(handout: Handout, teacher: Teacher) -> None:
    body = "\n".join(handout.pages[:-1])
    numbers = [int(n) for n in BLANK.findall(body)]
    assert numbers and sorted(set(numbers)) == list(range(1, max(numbers) + 1))
    assert "选词填空" in body and "词义匹配" in body
    # each answer of the key is the very form the episode used
    key = handout.pages[-1]
    answers = dict(re.findall(r"\((\d+)\)\s+([A-Za-z][A-Za-z\-]*)", key))
    assert set(answers) == {str(n) for n in numbers}
    text = teacher.sample.text
    for form in answers.values():
        assert re.search(rf"\b{re.escape(form)}\b", text), form


def test_answer_key_is_on_its_own_page(handout: Handout) -> None:
    assert len(handout.pages) >= 2
    key = handout.pages[-1]
    assert "Answer key" in key and "答案" in key
    assert not BLANK.search(key)  # no exercise on the key's page
    assert all("Answer key" not in p for p in handout.pages[:-1])
    assert handout.page_count == len(handout.pages)
    # a handout of 8 words prints on two sheets plus the key, not one matching row per page
    assert handout.page_count <= 3
    # the matching answers: every word number once, letters a permutation
    pairs = re.findall(r"(\d+)–([A-Z])", key)
    assert [int(n) for n, _ in pairs] == list(range(1, 9))
    assert sorted(letter for _, letter in pairs) == [chr(65 + i) for i in range(8)]


def test_matching_answers_agree_with_the_exercise(handout: Handout) -> None:
    words = _listed_words(handout)
    body = "\n".join(handout.pages[:-1])
    options = dict(re.findall(r"\b([A-H])\. ([^\s]+)", body.split("词义匹配", 1)[1]))
    for n, letter in re.findall(r"(\d+)–([A-Z])", handout.pages[-1]):
        gloss = handout.words[words[int(n) - 1]]["gloss"]
        assert _squash(gloss).startswith(_squash(options[letter])), (n, letter)


def _matching(html: str) -> list[str]:
    return re.findall(r"<td>[A-Z]+\. ([^<]*)</td>", html)


def test_seed_fixes_the_matching_order(run_cli, teacher: Teacher, tmp_path: Path) -> None:
    def sheet(seed: str, name: str) -> str:
        out = tmp_path / name
        result = run_cli(
            *teacher.args(
                "worksheet", teacher.sample.id, teacher.classroom.id, "--seed", seed, "-o", str(out)
            )
        )
        assert result.code == 0, result.err
        return out.read_text(encoding="utf-8")

    first, again, other = sheet("11", "a.html"), sheet("11", "b.html"), sheet("12", "c.html")
    assert first == again
    assert _matching(first) and _matching(first) == _matching(again)
    assert _matching(other) != _matching(first)
    assert sorted(_matching(other)) == sorted(_matching(first))  # same words, other order
    assert "break-before: page" in first  # the answer key prints on its own page
    assert "<script>" not in first


def test_html_worksheet_escapes_and_uses_both_episodes(run_cli, teacher: Teacher, tmp_path: Path) -> None:
    out = tmp_path / "class.html"
    result = run_cli(*teacher.args("worksheet", teacher.classroom.id, "--words", "20", "-o", str(out)))
    assert result.code == 0, result.err
    html = out.read_text(encoding="utf-8")
    assert "Trade &lt;b&gt;talks&lt;/b&gt; &amp; &quot;tariffs&quot;" in html
    assert "<b>talks" not in html
    assert re.search(r"\(\d+\) ________", html)


def test_no_cjk_font_is_one_clear_line(
    run_cli, teacher: Teacher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ExportError, match="install fonts-noto-cjk"):
        find_cjk_font((str(tmp_path),))
    monkeypatch.setenv("STUDYTERM_CJK_FONT", str(tmp_path / "missing.ttf"))
    out = tmp_path / "sheet.pdf"
    result = run_cli(*teacher.args("worksheet", teacher.sample.id, "-o", str(out)))
    assert result.code == 1 and "missing.ttf" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not out.exists()


def test_worksheet_needs_pdf_or_html(run_cli, teacher: Teacher, tmp_path: Path) -> None:
    result = run_cli(*teacher.args("worksheet", teacher.sample.id, "-o", str(tmp_path / "w.docx")))
    assert result.code == 2 and ".pdf or .html" in result.err


def test_gap_sentences_rebuild_from_the_answers(teacher: Teacher) -> None:
    """Core invariants: filling the blanks with the key restores the episode's sentences; no
    blank sits right beside another; a word blanked in a sentence is not left visible in it."""
    from studyterm.analysis.learner import Learner, advanced_items
    from studyterm.export.lists import Source, aggregate
    from studyterm.export.worksheet import build_worksheet
    from studyterm.lexicon import enrich

    learner = Learner(level=3000)
    vlist = aggregate(
        [
            (Source(ep.id, ep.title), advanced_items(an, learner))
            for ep, an in (
                (teacher.sample, teacher.sample_analysis),
                (teacher.classroom, teacher.classroom_analysis),
            )
        ]
    )
    enrich([e.item for e in vlist.entries])
    sheet = build_worksheet(vlist, vlist.entries, words=20, seed=1)
    assert len(sheet.words) == 20 and len(set(sheet.glosses)) == 20
    assert sorted(sheet.glosses) == sorted(w.gloss for w in sheet.words)
    answers = dict(sheet.gap_answers)
    texts = {teacher.sample.title: teacher.sample.text, teacher.classroom.title: teacher.classroom.text}
    for gap in sheet.gaps:
        filled = "".join(answers[p] if isinstance(p, int) else p for p in gap.parts)
        for piece in filled.strip("… ").split(" … "):
            assert piece in texts[gap.source]
        for before, after in zip(gap.parts, gap.parts[1:], strict=False):
            assert not (isinstance(before, int) and isinstance(after, int))
        between = [p for p in gap.parts[1:-1] if isinstance(p, str)]
        assert all(any(ch.isalpha() for ch in p) for p in between)
        shown = " ".join(p for p in gap.parts if isinstance(p, str))
        for p in gap.parts:
            if isinstance(p, int):
                assert not re.search(rf"\b{re.escape(answers[p])}\b", shown)
