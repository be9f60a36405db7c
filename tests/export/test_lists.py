"""Vocabulary lists for teachers: every format read back with the tool a teacher's software uses
(csv, openpyxl, an HTML parser), multi-episode counts, filters and sorting."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from studyterm.analysis.levels import CEFR_LEVELS
from studyterm.errors import UsageError
from studyterm.export.lists import (
    ListFilter,
    Source,
    aggregate,
    filter_entries,
    normalise_tag,
    parse_bands,
)
from studyterm.lexicon import Lexicon, enrich
from studyterm.lexicon.lookup import Entry
from tests.export.conftest import CLASS_COUNTS, CLASS_TITLE, Teacher

HAN = re.compile(r"[\u4e00-\u9fff]")


def _gloss(word: str, pos: str) -> str:
    entry = Lexicon().lookup(word, pos)
    assert entry and entry.gloss and HAN.search(entry.gloss)
    return entry.gloss


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to read Chinese"
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def test_csv_opens_with_chinese_intact_and_formulas_neutralised(
    run_cli, teacher: Teacher, tmp_path: Path
) -> None:
    out = tmp_path / "words.csv"
    result = run_cli(*teacher.args("vocab", teacher.classroom.id, "--format", "csv", "-o", str(out)))
    assert result.code == 0, result.err
    rows = _csv_rows(out.read_bytes())
    by_word = {r["word"]: r for r in rows}
    assert by_word["multilateralism"]["gloss"] == _gloss("multilateralism", "NOUN")
    assert by_word["multilateralism"]["count"] == "2"
    # the sentence that starts with =SUM(A1) is text, not a formula
    auditor = by_word["auditor"]
    assert auditor["example"] == "'=SUM(A1) was the only note the auditor left in the ledger."
    assert auditor["source"] == CLASS_TITLE
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    assert list(rows[0]) == [
        "word",
        "pos",
        "pronunciation",
        "gloss",
        "definition",
        "level",
        "band",
        "rank",
        "tags",
        "count",
        "example",
        "source",
    ]


def test_several_episodes_aggregate_with_a_count_per_episode(run_cli, teacher: Teacher) -> None:
    result = run_cli(*teacher.args("vocab", teacher.sample.id, teacher.classroom.id, "--format", "json"))
    assert result.code == 0, result.err
    records = {r["lemma"]: r for r in json.loads(result.out)}
    in_sample = {i.lemma: i.count for i in teacher.sample_analysis.items if not i.is_phrase}
    for word, n in CLASS_COUNTS.items():
        rec = records[word]
        assert rec["counts"] == {teacher.sample.id: in_sample[word], teacher.classroom.id: n}
        assert rec["count"] == in_sample[word] + n
        assert {o["episode"] for o in rec["occurrences"]} == {teacher.sample.id, teacher.classroom.id}
    only_class = records["auditor"]
    assert only_class["counts"] == {teacher.sample.id: 0, teacher.classroom.id: 1}
    assert only_class["example_source"] == CLASS_TITLE
    assert records["multilateralism"]["example"] in records["multilateralism"]["examples"]
    # the analyses themselves are untouched by merging (they are cached and shared)
    assert (
        next(i for i in teacher.sample_analysis.items if i.lemma == "multilateralism").count
        == in_sample["multilateralism"]
    )


def test_several_episodes_in_csv_have_count_columns(run_cli, teacher: Teacher, tmp_path: Path) -> None:
    out = tmp_path / "two.csv"
    assert (
        run_cli(
            *teacher.args("vocab", teacher.sample.id, teacher.classroom.id, "--format", "csv", "-o", str(out))
        ).code
        == 0
    )
    rows = {r["word"]: r for r in _csv_rows(out.read_bytes())}
    sov = rows["sovereignty"]
    per_episode = [k for k in sov if k.startswith("count: ")]
    assert len(per_episode) == 2
    assert sum(int(sov[k]) for k in per_episode) == int(sov["count"])
    assert sov[f"count: {CLASS_TITLE}"] == str(CLASS_COUNTS["sovereignty"])


def test_xlsx_has_header_frozen_panes_widths_and_sheets(run_cli, teacher: Teacher, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "words.xlsx"
    result = run_cli(
        *teacher.args("vocab", teacher.sample.id, teacher.classroom.id, "--format", "xlsx", "-o", str(out))
    )
    assert result.code == 0, result.err
    wb = load_workbook(out)
    all_words = wb["All words"]
    header = [c.value for c in all_words[1]]
    assert header[:4] == ["word", "pos", "pronunciation", "gloss"] and header[-2:] == ["example", "source"]
    assert all_words.freeze_panes == "B2"
    assert all_words[1][0].font.bold
    example_col = all_words.cell(row=1, column=header.index("example") + 1).column_letter
    assert all_words.column_dimensions[example_col].width > 40
    levels = [n for n in wb.sheetnames if n in CEFR_LEVELS]
    assert levels and levels == sorted(levels, reverse=True)
    assert len(wb.sheetnames) == 1 + len(levels) + 2  # plus one sheet per episode
    level_col = header.index("level")
    for name in levels:
        assert {r[level_col] for r in wb[name].iter_rows(min_row=2, values_only=True)} == {name}
    # every word of the list is on exactly one level sheet
    total = sum(wb[n].max_row - 1 for n in levels)
    assert total == all_words.max_row - 1
    cells = [
        c
        for row in all_words.iter_rows(min_row=2)
        for c in row
        if isinstance(c.value, str) and "SUM(A1)" in c.value
    ]
    assert cells and all(c.data_type == "s" and c.value.startswith("=SUM") for c in cells)
    words = {r[0]: r for r in all_words.iter_rows(min_row=2, values_only=True)}
    assert words["multilateralism"][3] == _gloss("multilateralism", "NOUN")


class _Text(HTMLParser):
    """The text a browser shows, and the tags it would build."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_shows_episode_text_literally(run_cli, teacher: Teacher) -> None:
    result = run_cli(*teacher.args("vocab", teacher.classroom.id, "--format", "html"))
    assert result.code == 0, result.err
    page = _Text()
    page.feed(result.out)
    shown = "".join(page.text)
    assert "The archivist typed <script>alert(1)</script> into the catalogue" in shown
    assert "script" not in page.tags and "b" not in page.tags
    assert CLASS_TITLE in shown  # the title's <b> is text too
    assert _gloss("multilateralism", "NOUN") in shown


def test_markdown_escapes_episode_text(run_cli, teacher: Teacher) -> None:
    result = run_cli(
        *teacher.args("vocab", teacher.classroom.id, "--format", "md", "--sort", "alpha", "--all")
    )
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    table = [ln for ln in lines if ln.startswith("|")]
    header_cells = len(re.findall(r"(?<!\\)\|", table[0]))
    assert all(len(re.findall(r"(?<!\\)\|", ln)) == header_cells for ln in table)
    assert "<script>" not in result.out and "&lt;script&gt;alert(1)&lt;/script&gt;" in result.out
    assert r"columns A \| B \| C" in result.out and r"\*tariff\*" in result.out
    words = [ln.split(" | ")[0].strip("| ") for ln in table[2:]]
    assert words == sorted(words, key=str.casefold)


def test_quizlet_is_term_tab_definition(run_cli, teacher: Teacher) -> None:
    result = run_cli(*teacher.args("vocab", teacher.sample.id, "--format", "quizlet"))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines and all(len(ln.split("\t")) == 2 and all(ln.split("\t")) for ln in lines)
    cards = dict(ln.split("\t") for ln in lines)
    assert cards["multilateralism"].startswith(_gloss("multilateralism", "NOUN"))


def test_an_expression_is_named_with_the_texts_capitals_and_hyphens(run_cli, tmp_path: Path) -> None:
    """The phrase list keeps its keys in lower case; a learner reads *Ponzi scheme*, as the text
    writes it, and a capital that only opens a sentence is not kept."""
    story = tmp_path / "fraud.txt"
    story.write_text(
        "Prosecutors said the fund was a Ponzi scheme that paid early investors with new money.\n\n"
        "A double-edged sword, the deal was struck with the United Nations at its core.\n",
        encoding="utf-8",
    )
    result = run_cli("--library", str(tmp_path / "lib"), "vocab", str(story), "--format", "tsv")
    assert result.code == 0, result.err
    words = {row.split("\t")[0] for row in result.out.splitlines()[1:]}
    assert {"Ponzi scheme", "a double-edged sword", "with the United Nations at its core"} <= words, words
    assert not {"ponzi scheme", "with the united nations at its core"} & words, words


def test_tsv_is_one_line_per_word(run_cli, teacher: Teacher) -> None:
    result = run_cli(*teacher.args("vocab", teacher.classroom.id, "--format", "tsv"))
    rows = [ln.split("\t") for ln in result.out.splitlines()]
    assert len({len(r) for r in rows}) == 1
    auditor = next(r for r in rows if r[0] == "auditor")
    assert auditor[rows[0].index("example")].startswith("'=SUM(A1)")


def test_filters_band_count_and_known_words(run_cli, teacher: Teacher, tmp_path: Path) -> None:
    def words(*extra: str) -> dict[str, dict]:  # type: ignore[type-arg]
        result = run_cli(
            *teacher.args("vocab", teacher.sample.id, teacher.classroom.id, "--format", "json", *extra)
        )
        assert result.code == 0, result.err
        return {r["lemma"]: r for r in json.loads(result.out)}

    everything = words()
    banded = words("--band", "K5-K10")
    assert banded and {r["band"] for r in banded.values()} <= {f"K{i}" for i in range(5, 11)}
    assert set(banded) == {w for w, r in everything.items() if r["band"] in parse_bands("K5-K10")}
    frequent = words("--min-count", "2")
    assert frequent and all(r["count"] >= 2 for r in frequent.values())
    assert set(frequent) == {w for w, r in everything.items() if r["count"] >= 2}
    known = tmp_path / "known.txt"
    known.write_text("# our class knows\nMultilateralism\n\nsovereignty, 主权\n", encoding="utf-8")
    remaining = words("--exclude-known", str(known))
    assert set(everything) - set(remaining) == {"multilateralism", "sovereignty"}


def test_sort_orders(run_cli, teacher: Teacher) -> None:
    def order(how: str) -> list[dict]:  # type: ignore[type-arg]
        return json.loads(
            run_cli(
                *teacher.args(
                    "vocab", teacher.sample.id, teacher.classroom.id, "--format", "json", "--sort", how
                )
            ).out
        )

    by_level = [CEFR_LEVELS.index(r["level"]) for r in order("level")]
    assert by_level == sorted(by_level, reverse=True)
    counts = [r["count"] for r in order("frequency")]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1
    alpha = [r["lemma"] for r in order("alpha")]
    assert alpha == sorted(alpha, key=str.casefold)


def test_bad_options_are_usage_errors(run_cli, teacher: Teacher, tmp_path: Path) -> None:
    bad_band = run_cli(*teacher.args("vocab", teacher.sample.id, "--band", "K3-K99"))
    assert bad_band.code == 2 and "--band" in bad_band.err
    for fmt in ("xlsx", "pdf"):
        no_file = run_cli(*teacher.args("vocab", teacher.sample.id, "--format", fmt))
        assert no_file.code == 2 and "-o" in no_file.err
    missing = run_cli(
        *teacher.args("vocab", teacher.sample.id, "--exclude-known", str(tmp_path / "nope.txt"))
    )
    assert missing.code == 1 and "nope.txt" in missing.err and len(missing.err.splitlines()) == 1


def test_band_specs() -> None:
    assert parse_bands("K5-K10") == {f"K{i}" for i in range(5, 11)}
    assert parse_bands("k9-off-list") == {"K9", "K10", "off-list"}
    assert parse_bands("K2, K7") == {"K2", "K7"}
    assert parse_bands("off") == {"off-list"}
    for bad in ("K11", "K5-", "5-10", "names"):
        with pytest.raises(UsageError):
            parse_bands(bad)


class _ExamTags:
    """A small real provider: exam tags for a few words, as dictionary imports supply them."""

    name = "exam"
    TAGS: ClassVar[dict[str, tuple[str, ...]]] = {
        "sovereignty": ("CET-6", "IELTS"),
        "bilateral": ("cet6",),
        "tariff": ("CET-4",),
    }

    def get(self, headword: str, pos: str | None) -> Entry | None:
        tags = self.TAGS.get(headword)
        return Entry(gloss="标签", tags=tags) if tags else None


def test_tags_match_without_case_or_hyphen(teacher: Teacher) -> None:
    assert normalise_tag("CET-6") == normalise_tag("cet6") == normalise_tag("Cet 6")
    vlist = aggregate(
        [(Source(teacher.classroom.id, teacher.classroom.title), teacher.classroom_analysis.items)]
    )
    enrich([e.item for e in vlist.entries], Lexicon([_ExamTags()]))
    cet6 = {e.item.lemma for e in filter_entries(vlist.entries, ListFilter(tags=("cet6",)))}
    assert cet6 == {"sovereignty", "bilateral"}
    either = filter_entries(vlist.entries, ListFilter(tags=("CET6", "cet-4")))
    assert {e.item.lemma for e in either} == {"sovereignty", "bilateral", "tariff"}
    assert filter_entries(vlist.entries, ListFilter(tags=("toefl",))) == []


def test_default_order_is_most_useful_first_and_unglossed_last(run_cli, teacher: Teacher) -> None:
    from studyterm.analysis.learner import usefulness
    from studyterm.model import VocabItem

    result = run_cli(*teacher.args("vocab", teacher.sample.id, "--format", "json"))
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    glossed = [bool(r["gloss"]) for r in rows]
    assert glossed == sorted(glossed, reverse=True), "a word with no gloss comes before one with"
    # within the glossed words, the order is the usefulness model's: easiest-to-learn-next first
    items = {i.lemma: i for i in teacher.sample_analysis.items}
    keys = [
        usefulness(
            VocabItem(**{**items[r["lemma"]].__dict__, "gloss": r["gloss"], "tags": r.get("tags") or []})
        )[:2]
        for r in rows
        if r["gloss"] and r["lemma"] in items
    ]
    assert len(keys) > 10 and keys == sorted(keys)
    by_level = run_cli(*teacher.args("vocab", teacher.sample.id, "--format", "json", "--sort", "level"))
    assert {r["lemma"] for r in json.loads(by_level.out)} == {r["lemma"] for r in rows}


def test_words_no_list_knows_are_left_out_with_a_count(run_cli, teacher: Teacher, tmp_path: Path) -> None:
    text = tmp_path / "made-up.txt"
    text.write_text(
        "Officials said the zorblattic procedures would remain unprecedented.\n\n"
        "Critics called the framblewisk reforms a fiasco.\n",
        encoding="utf-8",
    )
    result = run_cli(*teacher.args("vocab", str(text), "--format", "json"))
    assert result.code == 0, result.err
    lemmas = {r["lemma"] for r in json.loads(result.out)}
    assert "fiasco" in lemmas and not lemmas & {"zorblattic", "framblewisk"}
    assert "2 words left out: no dictionary or word list knows them" in result.err
    everything = run_cli(*teacher.args("vocab", str(text), "--format", "json", "--all"))
    assert {"zorblattic", "framblewisk"} <= {r["lemma"] for r in json.loads(everything.out)}
