"""Plain transcripts: one segment per paragraph, metadata from the command line."""

from datetime import date
from pathlib import Path

import pytest

from studyterm.errors import InputError
from studyterm.ingest import Extras, load_episode, parse_episode
from studyterm.model import Episode, Segment, SummaryItem

PARAS = [
    "President Xi Jinping called on China and Kazakhstan on Monday to guide their ties.",
    "Xi made the remarks during a meeting with Kazakh President Tokayev in Astana.",
    "Tokayev said that China is Kazakhstan's friendly neighbor.",
]
# the first two paragraphs are hard-wrapped over several lines
TEXT = (
    "President Xi Jinping called on China and Kazakhstan\n"
    "on Monday to guide their ties.\n"
    "\n"
    "  Xi made the remarks during a meeting with Kazakh\n"
    "President Tokayev in Astana.  \n"
    "\n\n\n"
    "Tokayev said that China is Kazakhstan's friendly neighbor.\n"
)
EXTRAS = Extras(
    title="Sino-Kazakh cooperation strengthened",
    podcast="China Daily Podcast",
    published=date(2025, 6, 17),
    summary_zh=(
        SummaryItem("习近平", "我强调中哈两国应以高度的战略互信为基础。"),
        SummaryItem(None, "两国签署了十多份合作文件。"),
    ),
)


def test_one_segment_per_paragraph_with_extras(tmp_path) -> None:
    path = tmp_path / "news.txt"
    path.write_text(TEXT, encoding="utf-8")
    ep = load_episode(path, EXTRAS)
    assert ep.segments == [Segment(p) for p in PARAS]
    assert ep.title == "Sino-Kazakh cooperation strengthened"
    assert ep.podcast == "China Daily Podcast"
    assert ep.published == date(2025, 6, 17)
    assert ep.summary_zh == list(EXTRAS.summary_zh)
    assert ep.people == []
    assert ep.format == "text"
    assert ep.source == str(path)
    assert not ep.has_times


def test_without_extras_the_title_comes_from_the_file_name() -> None:
    ep = parse_episode(TEXT.encode(), "/tmp/china_daily-2025-06-17.txt")
    assert ep.title == "china daily 2025 06 17"
    assert (ep.podcast, ep.published, ep.summary_zh) == (None, None, [])
    assert [s.text for s in ep.segments] == PARAS


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(TEXT.replace("\n", "\r\n"), id="crlf"),
        pytest.param(TEXT.replace("\n\n", "\n   \n"), id="blank-lines-with-spaces"),
        pytest.param(TEXT.replace("\n\n", "\n\t\n"), id="blank-lines-with-tabs"),
        pytest.param("\n\n" + TEXT + "\n\n\n", id="leading-and-trailing-blank-lines"),
    ],
)
def test_paragraph_variants(variant: str) -> None:
    assert [s.text for s in parse_episode(variant.encode(), "x.txt").segments] == PARAS


def test_one_paragraph_per_line_without_blank_lines() -> None:
    # what a word processor's "save as text" writes: each paragraph on one line, no blank lines
    ep = parse_episode("\n".join(PARAS).encode(), "x.txt")
    assert [s.text for s in ep.segments] == PARAS


def test_transcript_starting_with_a_bracket_is_prose() -> None:
    text = "[Music]\n\nWelcome to the China Daily podcast.\n\n[Applause] Thank you all for coming."
    ep = parse_episode(text.encode(), "show.txt")
    assert ep.format == "text"
    assert [s.text for s in ep.segments] == [
        "[Music]",
        "Welcome to the China Daily podcast.",
        "[Applause] Thank you all for coming.",
    ]


def test_markdown_and_no_extension() -> None:
    for name in ("notes.md", "transcript"):
        assert [s.text for s in parse_episode(TEXT.encode(), name).segments] == PARAS


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("习近平同哈萨克斯坦总统托卡耶夫举行会谈。\n\n双方签署了合作文件。", id="chinese"),
        pytest.param("1234 5678 -- 2025/06/17 ... !!! ???\n" * 20, id="digits-and-punctuation"),
        pytest.param("Привет, как дела? Это русский текст без английских букв.", id="cyrillic"),
    ],
)
def test_no_english_text_is_refused(tmp_path, text: str) -> None:
    path = tmp_path / "zh.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_episode(path)
    assert str(info.value).startswith(f"{path}: ")


def test_hard_wrapped_text_without_blank_lines_stays_one_paragraph(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from studyterm.ingest import load_episode

    wrapped = (
        "The minister said the two countries would deepen\n"
        "cooperation in trade and investment, and that talks\n"
        "on a new agreement would resume in the spring after\n"
        "a pause of several months.\n"
    )
    path = tmp_path / "wrapped.txt"
    path.write_text(wrapped, encoding="utf-8")
    episode = load_episode(path)
    assert len(episode.segments) == 1
    assert episode.segments[0].text.startswith("The minister said the two countries would deepen cooperation")


def test_a_summary_with_one_speaker_a_line_gives_one_item_a_line(tmp_path: Path) -> None:
    from studyterm.ingest import read_summary

    path = tmp_path / "summary.txt"
    path.write_text(
        "习近平：我强调中哈两国应以高度的战略互信为基础。\n"
        "托卡耶夫: 我表示中国是哈萨克斯坦的友好邻邦。\n"
        "肖斌：我认为两国元首提供了重要的战略指导，\n"
        "为双边关系的可持续发展指明方向。\n\n"
        "一段没有说话人的总结。\n",
        encoding="utf-8",
    )
    items = read_summary(path)
    assert [(i.speaker, i.text[:4]) for i in items] == [
        ("习近平", "我强调中"),
        ("托卡耶夫", "我表示中"),
        ("肖斌", "我认为两"),
        (None, "一段没有"),
    ]
    assert items[2].text.endswith("指明方向。")  # an unlabelled line continues the item above


PODCAST = (
    "Trading Up: Are Old-for-New Subsidies Getting Shoppers to Spend?\n\n"
    "Li Wen: Hello and welcome to the show. Joining me is Mark Ellison.\n\n"
    "Mark Ellison: Thanks for having me.\n\n"
    "Li Wen: So let's start with the basics.\n\n"
    "It was, he said, a turning point.\n\n"
    "Mark Ellison: Update: nothing has changed since.\n"
)


def test_a_podcasts_turns_give_each_paragraph_its_speaker_and_the_episode_its_people() -> None:
    ep = parse_episode(PODCAST.encode(), "/tmp/trading-up.txt")
    assert [(s.speaker, s.text) for s in ep.segments] == [
        (None, "Trading Up: Are Old-for-New Subsidies Getting Shoppers to Spend?"),  # a headline
        ("Li Wen", "Hello and welcome to the show. Joining me is Mark Ellison."),
        ("Mark Ellison", "Thanks for having me."),
        ("Li Wen", "So let's start with the basics."),
        (None, "It was, he said, a turning point."),
        ("Mark Ellison", "Update: nothing has changed since."),
    ]
    assert ep.people == ["Li Wen", "Mark Ellison"]
    # a file imported before speakers were read keeps its id (its paragraphs as written)
    as_written = Episode(title="t", segments=[Segment(p) for p in PODCAST.strip().split("\n\n")])
    assert ep.id == as_written.id


@pytest.mark.parametrize(
    "text",
    [
        "Update: the minister resigned.\n\nShe said the decision was final.\n\nMore to follow.",
        "Host: Welcome.\n\nGuest: Thanks.\n\nHost: Bye.\n\n" + "\n\n".join(["Plain news text here."] * 8),
    ],
)
def test_a_label_that_does_not_recur_or_opens_few_paragraphs_is_text(text: str) -> None:
    ep = parse_episode(text.encode(), "/tmp/news.txt")
    assert all(s.speaker is None for s in ep.segments)
    assert ep.people == []
