"""The paragraph heights of the transcript view: sums before a paragraph and the paragraph at a
line, as a plain list of heights gives them, while heights change one at a time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from studyterm.tui.heights import Heights


def _paragraph_at(heights: list[int], line: int) -> int:
    """The paragraph holding `line`, found the slow way (the last one past the end)."""
    seen = 0
    for p, h in enumerate(heights):
        seen += h
        if line < seen:
            return p
    return len(heights) - 1


@given(
    st.lists(st.integers(1, 9), min_size=1, max_size=60),
    st.lists(st.tuples(st.integers(0, 59), st.integers(1, 9)), max_size=20),
)
def test_sums_and_lookups_match_a_plain_list(start: list[int], changes: list[tuple[int, int]]) -> None:
    heights = Heights(start)
    plain = list(start)
    for p, h in changes:
        p %= len(plain)
        assert heights.set(p, h) == h - plain[p]
        plain[p] = h
    assert heights.total == sum(plain) and len(heights) == len(plain)
    for p in range(len(plain) + 1):
        assert heights.before(p) == sum(plain[:p])
    for line in range(sum(plain) + 3):
        assert heights.find(line) == _paragraph_at(plain, line)


@given(st.integers(0, 60), st.lists(st.tuples(st.integers(0, 59), st.integers(1, 9)), max_size=20))
def test_paragraphs_of_no_height_yet_fill_in_as_a_plain_list(n: int, changes: list[tuple[int, int]]) -> None:
    """`Heights.zeros` (the view's heights while it wraps its first paragraphs) is a tree of
    zeros: heights set on it sum and look up as a plain list's."""
    heights = Heights.zeros(n)
    plain = [0] * n
    for p, h in changes if n else []:
        p %= n
        assert heights.set(p, h) == h - plain[p]
        plain[p] = h
    assert heights.total == sum(plain) and len(heights) == n
    for p in range(n + 1):
        assert heights.before(p) == sum(plain[:p])
    for line in range(sum(plain)):
        assert heights.find(line) == _paragraph_at(plain, line)


def test_no_paragraphs() -> None:
    heights = Heights(())
    assert heights.total == 0 and heights.before(0) == 0 and heights.find(5) == 0
