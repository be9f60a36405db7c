"""The analysed copy of a paragraph: what the learner sees highlighted must land on the text as
given, whatever path the copy took."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyterm.analysis.normalize import normalize

_ASCII = st.text(alphabet=st.sampled_from("abcXY .,!?'\"-[]()\n\r\t0123456789"), max_size=80)


@given(_ASCII)
@settings(max_examples=300, deadline=None)
def test_plain_text_maps_back_character_by_character(text: str) -> None:
    n = normalize(text)
    assert len(n.offsets) == len(n.text) + 1 and n.offsets[-1] == len(text)
    for i, ch in enumerate(n.text):
        original = text[n.offsets[i]]
        # an inserted space (a glued sentence end) points at the next character; \r becomes \n;
        # a heading in capitals is read in lower case
        assert (
            ch == original
            or (ch == original.lower() and not any(c.islower() for c in text))
            or (ch == " " and n.offsets[i] == n.offsets[i + 1])
            or (ch, original) == ("\n", "\r")
        )


@given(_ASCII, _ASCII)
@settings(max_examples=300, deadline=None)
def test_a_curly_quote_changes_nothing_but_itself(before: str, after: str) -> None:
    """A paragraph with one non-ASCII character takes the character-by-character path; the plain
    one beside it the quick one: the two copies agree everywhere else."""
    plain = normalize(before + "'" + after)
    curly = normalize(before + "\u2019" + after)
    assert plain.text == curly.text
    assert plain.offsets == curly.offsets


def test_what_is_cleaned() -> None:
    n = normalize("\u201cHello\u201d\u00a0world.Next \ufb01rst [music] end")
    assert n.text == '"Hello" world. Next first end'
    start = n.text.index("first")
    assert n.original_span(start, start + 5) == (19, 23)  # the ligature is one character there


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("SPUR FOR SEAMLESS CONNECTIVITY", "Spur for seamless connectivity"),
        ('"ON THE CARDS"', '"On the cards"'),
        ("NASA", "NASA"),  # one word: an abbreviation
        ("The WHO and NATO met.", "The WHO and NATO met."),  # lower case around: kept
    ],
)
def test_a_heading_in_capitals_is_read_in_lower_case_in_place(text: str, read: str) -> None:
    result = normalize(text)
    assert result.text == read
    assert result.original_span(0, len(read)) == (0, len(text))
