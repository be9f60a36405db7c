"""The bundled PodQuest page (China Daily, 2025-06-17) imports with its metadata and no UI text."""

import re
from datetime import date

import pytest

from studyterm.errors import InputError
from studyterm.ingest import Extras, load_episode, parse_episode
from studyterm.model import Episode, SummaryItem

from .paths import SAMPLE

UI_TEXT = (
    "Export Podcast Subscriptions",
    "AI Deep Dive",
    "sunsetting",
    "PodQuest",
    "cover of episode",
    "logo of podcast",
    "Shownotes",
    "Thank you for your support",
)


@pytest.fixture(scope="module")
def episode() -> Episode:
    return load_episode(SAMPLE)


def test_metadata(episode: Episode) -> None:
    assert episode.title == "英语新闻丨Sino-Kazakh cooperation strengthened"
    assert episode.podcast == "China Daily Podcast"
    assert episode.published == date(2025, 6, 17)
    assert episode.people == ["习近平", "托卡耶夫", "肖斌"]
    assert episode.format == "podquest"
    assert episode.source == str(SAMPLE)


def test_summary_has_one_chinese_item_per_speaker(episode: Episode) -> None:
    assert [s.speaker for s in episode.summary_zh] == ["习近平", "托卡耶夫", "肖斌"]
    assert episode.summary_zh[0].text.startswith("我强调")
    assert episode.summary_zh[1].text.startswith("我表示")
    assert episode.summary_zh[2].text.startswith("我认为")
    for item in episode.summary_zh:
        # the speaker label is not repeated in the text, and the text is Chinese, not English
        assert not item.text.startswith((item.speaker or "", ":", "："))
        cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in item.text)
        assert cjk > len(item.text) * 0.8
        assert re.search("[A-Za-z]", item.text) is None
    # no speaker's summary swallowed the next one
    assert "托卡耶夫:" not in episode.summary_zh[0].text
    assert "肖斌:" not in episode.summary_zh[1].text
    assert episode.summary_zh[2].text.endswith("动氢能创新合作中心。")


def test_transcript(episode: Episode) -> None:
    assert episode.segments, "no transcript"
    assert episode.segments[0].text.startswith("President Xi Jinping called on")
    assert episode.segments[-1].text.endswith("he added.")
    assert not episode.has_times
    # the whole English transcript is there, none of the page above it
    assert "Xiao Bin, a researcher of Central Asian studies" in episode.text
    assert "英语新闻" not in episode.text
    assert "China Daily Podcast" not in episode.text


def test_no_banner_or_ui_labels(episode: Episode) -> None:
    texts = [episode.title, *(s.text for s in episode.segments)]
    for text in texts:
        for label in UI_TEXT:
            assert label.lower() not in text.lower(), (label, text[:80])
    assert all(s.speaker is None for s in episode.segments)


def test_parse_episode_and_load_episode_agree(episode: Episode) -> None:
    again = parse_episode(SAMPLE.read_bytes(), str(SAMPLE))
    assert again == episode
    assert again.id == episode.id


def test_extras_override_the_page(episode: Episode) -> None:
    extras = Extras(
        title="Sino-Kazakh ties",
        podcast="CD",
        published=date(2025, 6, 18),
        summary_zh=(SummaryItem(None, "中哈合作"),),
    )
    ep = parse_episode(SAMPLE.read_bytes(), "page.txt", extras)
    assert (ep.title, ep.podcast, ep.published) == ("Sino-Kazakh ties", "CD", date(2025, 6, 18))
    assert ep.summary_zh == [SummaryItem(None, "中哈合作")]
    assert ep.people == episode.people
    assert ep.segments == episode.segments


def test_page_without_transcript_is_refused(tmp_path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    head = text[: text.index("Shownotes Transcript")]
    path = tmp_path / "no-transcript.txt"
    path.write_text(head, encoding="utf-8")
    with pytest.raises(InputError, match="transcript") as info:
        load_episode(path)
    assert str(path) in str(info.value)
