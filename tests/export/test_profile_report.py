"""Profiles for teachers: band shares that add up, a hand-counted small text, the side-by-side
comparison ranked by difficulty, and the HTML report."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from studyterm.export.profile_report import percentages
from tests.export.conftest import CLASS_TITLE, Teacher


def test_band_shares_add_up_to_100(run_cli, teacher: Teacher) -> None:
    result = run_cli(*teacher.args("profile", teacher.sample.id, teacher.classroom.id, "--format", "json"))
    assert result.code == 0, result.err
    for prof in json.loads(result.out):
        bands = prof["bands"].values()
        assert sum(b["tokens"] for b in bands) == prof["tokens"]
        assert abs(sum(b["share"] for b in bands) - 1) < 0.001
        assert round(sum(b["percent"] for b in bands), 6) == 100.0


def test_small_text_matches_a_hand_count(run_cli, library: Path, tmp_path: Path) -> None:
    path = tmp_path / "tiny.txt"
    path.write_text("The cat sat on the mat. Tokayev praised multilateralism in 2022.\n", encoding="utf-8")
    result = run_cli("profile", str(path), "--format", "html")
    assert result.code == 0, result.err
    rows = dict(re.findall(r"<tr><td>([^<]+)</td><td class=\"num\">(\d+)</td>", result.out))
    # 11 running words: Tokayev and 2022 are names/numbers, multilateralism is off-list
    assert sum(int(n) for n in rows.values()) == 11
    assert rows["names"] == "2" and rows["off-list"] == "1"
    shown = re.findall(r"<td class=\"num\">(\d+\.\d)</td>", result.out)
    assert round(sum(float(p) for p in shown), 6) == 100.0
    assert "18.2" in shown and "9.1" in shown  # 2/11 and 1/11


def test_several_episodes_are_compared_and_ranked(run_cli, teacher: Teacher) -> None:
    result = run_cli(*teacher.args("profile", teacher.sample.id, teacher.classroom.id, "--format", "json"))
    profiles = json.loads(result.out)
    assert [p["id"] for p in profiles] == [teacher.sample.id, teacher.classroom.id]
    ranked = sorted(profiles, key=lambda p: p["difficulty_rank"])
    assert [p["difficulty_rank"] for p in ranked] == [1, 2]
    assert ranked[0]["coverage"] <= ranked[1]["coverage"]  # hardest = least known

    html = run_cli(*teacher.args("profile", teacher.sample.id, teacher.classroom.id, "--format", "html")).out
    assert "Episodes compared, hardest first" in html
    header = re.search(r"<tr><th></th>(.*?)</tr>", html)
    assert header
    order = re.findall(r"<th>(.*?)</th>", header.group(1))
    escaped_class = (
        CLASS_TITLE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
    titles = {teacher.sample.id: teacher.sample.title, teacher.classroom.id: escaped_class}
    assert order == [titles[p["id"]] for p in ranked]
    assert "<b>talks" not in html

    table = run_cli(*teacher.args("profile", teacher.sample.id, teacher.classroom.id), columns=160)
    assert table.code == 0, table.err
    assert "hardest first" in table.out and "words to pre-teach for 98%" in table.out


def test_profile_html_to_a_file(run_cli, teacher: Teacher, tmp_path: Path) -> None:
    out = tmp_path / "profile.html"
    result = run_cli(*teacher.args("profile", teacher.classroom.id, "--format", "html", "-o", str(out)))
    assert result.code == 0, result.err
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "coverage" in page
    assert result.out == ""


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=14))
def test_rounded_percentages_always_total_100(counts: list[int]) -> None:
    shown = percentages(counts)
    if sum(counts) == 0:
        assert shown == [0.0] * len(counts)
        return
    assert round(sum(shown), 6) == 100.0
    for n, p in zip(counts, shown, strict=True):
        assert abs(p - n * 100 / sum(counts)) < 0.1 + 1e-9
