"""SubRip and WebVTT: timed cues become segments with times, clean text and speakers."""

import re

import pytest

from studyterm.errors import InputError
from studyterm.ingest import Extras, load_episode, parse_episode
from studyterm.model import Episode, Segment

from .paths import SRT, VTT

PROSE = "The two presidents met in Astana on Monday.\n\nThey signed more than ten cooperation documents.\n"


def texts_and_times(ep: Episode) -> list[tuple[str, float | None, float | None, str | None]]:
    return [(s.text, s.start, s.end, s.speaker) for s in ep.segments]


def test_srt_fixture_is_crlf() -> None:
    # guards the fixture itself: the CRLF case is only tested while the file keeps its CRLFs
    assert b"\r\n" in SRT.read_bytes()


def test_srt() -> None:
    ep = load_episode(SRT)
    assert ep.format == "srt"
    assert ep.title == "news"
    assert ep.source == str(SRT)
    assert texts_and_times(ep) == [
        ("Good morning, and welcome to the China Daily news podcast.", 1.0, 4.25, None),
        ("President Xi Jinping met Kazakh President Kassym-Jomart Tokayev.", 4.5, 9.0, None),
        ("The two sides signed more than ten documents.", 62.5, 65.125, None),
        ("That's all for today.", 3600.0, 3603.0, None),
    ]
    assert ep.has_times
    for seg in ep.segments:
        assert "<" not in seg.text and ">" not in seg.text and "\r" not in seg.text


def test_srt_with_lf_endings_is_the_same() -> None:
    crlf = load_episode(SRT)
    lf = parse_episode(SRT.read_bytes().replace(b"\r\n", b"\n"), str(SRT))
    assert lf == crlf


def test_vtt() -> None:
    ep = load_episode(VTT)
    assert ep.format == "vtt"
    assert ep.title == "talk"
    assert texts_and_times(ep) == [
        ("Hello, and welcome to the show.", 0.0, 3.5, "Anna"),
        ("Today we talk about trade and investment.", 3.5, 7.25, "Ben"),
        ("Back to you, Anna.", 62.5, 65.0, None),
        ("Thanks for listening!", 3600.0, 3602.0, "Anna"),
    ]
    # the NOTE block and the header metadata are not transcript
    assert "hand" not in ep.text and "Kind" not in ep.text and "WEBVTT" not in ep.text


def test_vtt_with_bom_and_crlf() -> None:
    data = b"\xef\xbb\xbf" + VTT.read_bytes().replace(b"\n", b"\r\n")
    assert parse_episode(data, "talk.vtt") == parse_episode(VTT.read_bytes(), "talk.vtt")


def test_subtitles_are_detected_by_content_not_name() -> None:
    assert parse_episode(SRT.read_bytes(), "transcript.txt").format == "srt"
    assert parse_episode(VTT.read_bytes(), "transcript.txt").format == "vtt"
    assert parse_episode(VTT.read_bytes(), "no-extension").segments[0].speaker == "Anna"


def test_extras_apply_to_subtitles() -> None:
    ep = load_episode(SRT, Extras(title="News in brief", podcast="China Daily Podcast"))
    assert (ep.title, ep.podcast) == ("News in brief", "China Daily Podcast")


def test_blank_lines_with_spaces_still_separate_cues() -> None:
    data = (
        b"1\n00:00:01,000 --> 00:00:02,000\nHello there.\n  \n"
        b"2\n00:00:03,000 --> 00:00:04,000\nGoodbye now.\n\t\n\n"
    )
    ep = parse_episode(data, "x.srt")
    assert texts_and_times(ep) == [("Hello there.", 1.0, 2.0, None), ("Goodbye now.", 3.0, 4.0, None)]
    vtt = (
        b"WEBVTT\n \n00:01.000 --> 00:02.000\nHello there.\n \n \n"
        b"00:03.000 --> 00:04.000\n<v Anna>Goodbye now.\n"
    )
    assert texts_and_times(parse_episode(vtt, "x.vtt")) == [
        ("Hello there.", 1.0, 2.0, None),
        ("Goodbye now.", 3.0, 4.0, "Anna"),
    ]


def test_cue_with_only_tags_has_no_segment() -> None:
    data = b"1\n00:00:01,000 --> 00:00:02,000\n<i>\n</i>\n\n2\n00:00:03,000 --> 00:00:04,000\nReal words.\n"
    assert parse_episode(data, "x.srt").segments == [Segment("Real words.", 3.0, 4.0)]
    with pytest.raises(InputError):
        parse_episode(b"1\n00:00:01,000 --> 00:00:02,000\n<i> </i>\n<b></b>\n", "x.srt")


GOOD_SRT = SRT.read_bytes().replace(b"\r\n", b"\n").decode("utf-8")
FIRST_TWO = GOOD_SRT[: GOOD_SRT.index("\n3\n") + 1]


@pytest.mark.parametrize(
    ("text", "word", "cue"),
    [
        pytest.param(
            FIRST_TWO + "\n3\n00:00:05,000 --> 00:00:06,000\n", "truncated", "3", id="last-cue-without-text"
        ),
        pytest.param(FIRST_TWO + "\n3\n00:00:05,000 --> 00:0", "broken", "3", id="cut-off-timing-line"),
        pytest.param(FIRST_TWO + "\n3\n", "truncated", "3", id="number-only"),
        pytest.param(FIRST_TWO + "\n3\n00:00:05,000 -", "broken", "3", id="cut-before-arrow"),
        pytest.param(
            GOOD_SRT.replace("00:00:04,500 --> 00:00:09,000", "00:00:04,500 --> 9"),
            "broken",
            "2",
            id="bad-timing-in-the-middle",
        ),
        pytest.param(
            FIRST_TWO.replace("1\n00:00:01", "41\n00:00:01").replace("\n2\n", "\n42\n")
            + "\n43\n00:00:05,000 --> 00:00:06,000\n",
            "truncated",
            "43",
            id="numbered-from-41",
        ),
    ],
)
def test_broken_srt(text: str, word: str, cue: str) -> None:
    for data in (text.encode("utf-8"), text.replace("\n", "\r\n").encode("utf-8")):
        with pytest.raises(InputError) as info:
            parse_episode(data, "cut.srt")
        err = info.value
        assert word in err.message and "SRT" in err.message
        assert re.search(rf"\b{cue}\b", err.message), err.message
        assert str(err).startswith("cut.srt: ")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n\nintro\n", id="id-only"),
        pytest.param("WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n\n00:03.000 --> 00:0", id="cut-timing"),
        pytest.param("WEBVTT\n\nHello there\nhow are you\n", id="no-timing"),
    ],
)
def test_broken_vtt(text: str) -> None:
    with pytest.raises(InputError, match="broken WebVTT"):
        parse_episode(text.encode(), "talk.vtt")


@pytest.mark.parametrize("name", ["talk.srt", "talk.SRT", "talk.vtt"])
def test_prose_named_as_subtitles_is_refused(name: str) -> None:
    # the same prose is a fine plain transcript ...
    assert len(parse_episode(PROSE.encode(), "talk.txt").segments) == 2
    # ... but a subtitle file name promises cues, so prose there means a broken file
    with pytest.raises(InputError) as info:
        parse_episode(PROSE.encode(), name)
    assert ("SRT" if name.lower().endswith(".srt") else "WebVTT") in info.value.message


def test_empty_subtitles_are_refused() -> None:
    with pytest.raises(InputError, match="no VTT cues"):
        parse_episode(b"WEBVTT\n\nNOTE just a note\n", "x.vtt")


def test_vtt_entities_are_decoded_and_each_voice_keeps_its_speaker() -> None:
    text = (
        "WEBVTT\n\n00:01.000 --> 00:04.000\n<v Tom>Trade &amp; investment &lt;b&gt; grew.\n\n"
        "00:04.000 --> 00:06.000\n<v Tom>Will it last?</v>\n<v Anna Li>We&#39;ll see.\n"
    )
    ep = parse_episode(text.encode(), "panel.vtt")
    assert texts_and_times(ep) == [
        ("Trade & investment <b> grew.", 1.0, 4.0, "Tom"),
        ("Will it last?", 4.0, 6.0, "Tom"),
        ("We'll see.", 4.0, 6.0, "Anna Li"),
    ]
