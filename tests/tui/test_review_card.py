"""The review card's text (pure): episode text shown as written, the blank, the intervals."""

from __future__ import annotations

from datetime import timedelta

from studyterm.model import Sense
from studyterm.review.answer import Verdict
from studyterm.review.content import CardSentence, ItemContent
from studyterm.review.session import Shown
from studyterm.tui.review_card import BLANK, card_content, interval_text

TEXT = "[music] They [b]strengthened[/b] ties <script>, $5 & more [/laughter]"


def _shown(direction: str) -> Shown:
    start = TEXT.index("strengthened")
    sentence = CardSentence("ep", "A [title]", 0, start, start + 12, TEXT, start, start + 12, 1)
    content = ItemContent(
        "strengthen",
        "VERB",
        [Sense("加强", "make stronger"), Sense("巩固", None)],
        cefr="B1",
        band="K4",
        sentences=[sentence],
    )
    return Shown("strengthen", content, sentence, direction, is_new=False, stage=2)


def test_episode_text_is_shown_as_written() -> None:
    front = card_content(_shown("recognition"), revealed=False).plain
    assert TEXT in front and "A [title]" in front and "stage 2 of 4" in front
    assert "加强" not in front
    back = card_content(
        _shown("recognition"),
        True,
        intervals={
            1: timedelta(minutes=1),
            2: timedelta(minutes=6),
            3: timedelta(days=2),
            4: timedelta(days=40),
        },
    ).plain
    # the sentence's own sense first
    assert back.index("巩固") < back.index("加强")
    assert "1  Again 1m" in back and "3  Good 2d" in back and "4  Easy 1mo" in back


def test_production_blanks_the_word_until_answered() -> None:
    front = card_content(_shown("production"), revealed=False).plain
    assert BLANK in front and "strengthened" not in front and "巩固" in front
    back = card_content(_shown("production"), True, Verdict.INFLECTED, "strengthens").plain
    assert "another form of the word" in back and TEXT in back


def test_intervals() -> None:
    assert [
        interval_text(timedelta(seconds=s)) for s in (5, 600, 7200, 86400 * 3, 86400 * 61, 86400 * 800)
    ] == ["1m", "10m", "2h", "3d", "2mo", "2.2y"]


def test_an_expressions_card_names_it_as_its_sentence_writes_it() -> None:
    text = "Prosecutors said the fund was a Ponzi scheme all along."
    start = text.index("Ponzi scheme")
    sentence = CardSentence("ep", "Fraud", 0, start, start + 12, text, start, start + 12, 0)
    content = ItemContent(
        "ponzi scheme", "PHRASE", [Sense("庞氏骗局", None)], is_phrase=True, sentences=[sentence]
    )
    shown = Shown("ponzi scheme", content, sentence, "recognition", is_new=True, stage=None)
    front = card_content(shown, revealed=False).plain
    assert front.startswith("Ponzi scheme"), front
    answer = card_content(Shown("ponzi scheme", content, sentence, "production", True, None), True).plain
    assert "Ponzi scheme" in answer and "ponzi scheme" not in answer, answer
