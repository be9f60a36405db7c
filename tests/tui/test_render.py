"""render.py: episode text becomes Content literally, whatever it contains."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from studyterm.model import Segment
from studyterm.tui import render
from studyterm.tui.render import (
    WordDetail,
    cell_to_index,
    clock,
    line_content,
    paragraphs,
    readable_inserts,
    safe_text,
    styled,
    summary_content,
    word_detail_content,
    wrap_offsets,
)

TRICKY = [
    "The [bold]minister[/bold] said",
    "[link=https://example.com]click[/link] here",
    "laughs [/laughter] and [music]",
    "red \x1b[31mALERT\x1b[0m text",
    "<b>bold</b> &amp; <script>x</script>",
    "[@click=app.quit]quit[/]",
]


@pytest.mark.parametrize("text", TRICKY)
def test_styled_text_is_shown_literally(text: str) -> None:
    content = styled(text, [(0, 3, "bold")])
    shown = "".join(seg.text for seg in content.render_segments())
    assert shown == safe_text(text)
    assert "\x1b" not in shown
    # the only style is the one we laid on; none came from the text
    assert [(s.start, s.end) for s in content.spans] == [(0, 3)]
    if "\x1b" not in text:
        assert shown == text


def test_control_characters_become_visible_and_keep_offsets() -> None:
    text = "a\x1b[31mb\tc\rd\x07e\x9bf\u202eg"
    safe = safe_text(text)
    assert len(safe) == len(text)
    assert safe == "a␛[31mb c d␇e\ufffdf\ufffdg"
    assert safe_text("plain English, 中文 and émigré") == "plain English, 中文 and émigré"


@given(st.text())
def test_safe_text_keeps_length_and_leaves_no_controls(text: str) -> None:
    safe = safe_text(text)
    assert len(safe) == len(text)
    assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in safe)


@given(st.text(alphabet=st.sampled_from("ab 中\n-"), max_size=200), st.integers(1, 30))
def test_wrapped_lines_fit_and_keep_every_word(text: str, width: int) -> None:
    lines = wrap_offsets(text, width)
    for start, end in lines:
        assert cell_len(text[start:end]) <= max(width, 2)  # a wide char never splits
        assert "\n" not in text[start:end]
    shown = "".join(text[s:e] for s, e in lines)
    assert shown.replace(" ", "") == text.replace(" ", "").replace("\n", "")


def test_wrap_breaks_at_spaces_and_cuts_long_words() -> None:
    text = "strategic mutual trust supercalifragilistic"
    assert [text[s:e] for s, e in wrap_offsets(text, 16)] == [
        "strategic mutual",
        "trust",
        "supercalifragili",
        "stic",
    ]


def test_line_content_clips_spans_to_the_line() -> None:
    text = "one two three"
    content = line_content(text, 4, 13, [(0, 7, "bold"), (8, 13, "italic")])
    assert content.plain == "two three"
    assert [(s.start, s.end, s.style) for s in content.spans] == [(0, 3, "bold"), (4, 9, "italic")]


def test_cell_to_index_counts_wide_characters() -> None:
    assert cell_to_index("ab中c", 0) == 0
    assert cell_to_index("ab中c", 2) == 2
    assert cell_to_index("ab中c", 3) == 2
    assert cell_to_index("ab中c", 4) == 3
    assert cell_to_index("ab中c", 9) is None


def test_paragraphs_carry_timestamps_and_speaker_changes() -> None:
    segs = [
        Segment("Hello.", 1.0, 2.0, "Host"),
        Segment("Still me.", 65.0, 66.0, "Host"),
        Segment("Hi [guest]!", 3700.0, None, "[Guest]"),
    ]
    paras = paragraphs(segs)
    assert [p.stamp for p in paras] == ["   0:01", "   1:05", "1:01:40"]
    assert [p.label for p in paras] == ["Host", None, "[Guest]"]
    assert [p.gap for p in paras] == [False, True, True]
    assert paras[2].text == "Hi [guest]!"
    assert clock(None) == ""


def test_summary_and_word_panel_keep_brackets_literal() -> None:
    summary = summary_content(
        "[b]Title[/b]", "Pod [x]", "2025-06-17", ["[i]习近平"], [("[red]主持人", "中文 [/laughter] 摘要")], {}
    )
    assert "[b]Title[/b]" in summary.plain and "[/laughter]" in summary.plain
    detail = WordDetail(
        lemma="[bold]x",
        pos="NOUN",
        cefr="C1",
        cefr_source="cefrpy",
        band="K9",
        rank=8500,
        count=2,
        status=None,
        advanced=True,
        gloss="[red]多边",
        definition="a [link=x]thing[/link]",
        sentences=[("A [bold]x here.", [(2, 9)])],
        others=["[Other]"],
    )
    text = word_detail_content(detail, {}).plain
    for literal in ("[bold]x", "[red]多边", "[link=x]thing[/link]", "A [bold]x here.", "[Other]"):
        assert literal in text
    assert "rank 8,500" in text and "2 times in this episode" in text


@given(st.text(alphabet="ab c\n", max_size=60), st.integers(min_value=1, max_value=12))
def test_wrapping_one_cell_text_a_line_at_a_time_gives_the_same_lines(text: str, width: int) -> None:
    """Text of one-cell characters is wrapped the quick way, a line at a time; it breaks exactly
    where the word-by-word way (kept for wide characters) does: runs of spaces, words longer
    than the line, newlines."""
    expected: list[tuple[int, int]] = []
    pos = 0
    for run in text.split("\n"):
        render._wrap_run(text, pos, pos + len(run), width, expected)
        pos += len(run) + 1
    assert wrap_offsets(text, width) == expected


def test_run_together_sentences_get_a_space_and_abbreviations_do_not() -> None:
    assert readable_inserts("The media.Kazakhstan said so.") == ((10, " "),)
    assert readable_inserts("Mr. Smith went.He left") == ((15, " "),)
    assert readable_inserts("Really?Yes!No") == ((7, " "), (11, " "))
    assert readable_inserts("he said.\u201dThen she") == ((9, " "),)
    assert readable_inserts("The U.S.Army") == () and readable_inserts("ok. Fine") == ()


@given(st.text(alphabet='aZ0).!?"\u201d\u2019\u201c( \nMrsDtvN%', max_size=60))
def test_sentence_ends_found_before_stops_are_the_patterns_own(text: str) -> None:
    # the scan tries the pattern only before . ! ? (fast on a huge transcript): the same matches
    fast = [m.span(0) + m.span(1) for m in render._sentence_ends(text)]
    assert fast == [m.span(0) + m.span(1) for m in render._SENTENCE_END.finditer(text)]
