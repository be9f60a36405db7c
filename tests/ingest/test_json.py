"""studyterm JSON: what `show --format json` writes reads back as the very same Episode."""

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyterm.errors import InputError
from studyterm.ingest import Extras, load_episode, parse_episode
from studyterm.model import Episode, Segment, SummaryItem

from .paths import SAMPLE, VTT

FULL = Episode(
    title="英语新闻丨Sino-Kazakh cooperation strengthened",
    podcast="China Daily Podcast",
    published=date(2025, 6, 17),
    people=["习近平", "托卡耶夫"],
    summary_zh=[SummaryItem("习近平", "我强调中哈两国…"), SummaryItem(None, "总结")],
    segments=[
        Segment("President Xi Jinping called on China and Kazakhstan…", 0.0, 4.125, "Anna"),
        Segment('He said "friendship"\tmatters.\nNew line kept.', 4.125, 3601.5, None),
        Segment("No times here.", None, None, "Ben"),
    ],
    source="/home/li/podcasts/episode.vtt",
    format="vtt",
)


def roundtrip(ep: Episode, name: str = "episode.json") -> Episode:
    return parse_episode(ep.to_json().encode("utf-8"), name)


def test_full_episode_roundtrips_exactly() -> None:
    back = roundtrip(FULL)
    assert back == FULL
    assert back.id == FULL.id
    assert back.published == date(2025, 6, 17)
    assert [(s.start, s.end, s.speaker) for s in back.segments] == [
        (0.0, 4.125, "Anna"),
        (4.125, 3601.5, None),
        (None, None, "Ben"),
    ]


def test_imported_episodes_roundtrip() -> None:
    for ep in (load_episode(SAMPLE), load_episode(VTT, Extras(podcast="Talk", published=date(2024, 2, 29)))):
        assert roundtrip(ep) == ep


def test_json_is_detected_by_content() -> None:
    assert roundtrip(FULL, "saved.txt") == FULL
    # leading white space and a BOM do not hide it
    assert parse_episode(b"\xef\xbb\xbf\n  " + FULL.to_json().encode(), "x.json") == FULL


def test_missing_source_becomes_the_file() -> None:
    data = FULL.to_dict() | {"source": None}
    assert parse_episode(json.dumps(data).encode(), "in/ep.json").source == "in/ep.json"


text_st = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
time_st = st.none() | st.floats(min_value=0, max_value=1e6, allow_nan=False)


def _segment(text: str, a: float | None, b: float | None, speaker: str | None) -> Segment:
    # a segment never ends before it starts (importers refuse that)
    if a is not None and b is not None:
        a, b = min(a, b), max(a, b)
    return Segment(text, a, b, speaker)


segment_st = st.builds(_segment, text_st, time_st, time_st, st.none() | text_st)
episode_st = st.builds(
    Episode,
    title=text_st,
    segments=st.lists(segment_st, max_size=5).map(lambda s: [*s, Segment("Hello world.")]),
    podcast=st.none() | text_st,
    published=st.none() | st.dates(),
    people=st.lists(text_st, max_size=3),
    summary_zh=st.lists(st.builds(SummaryItem, st.none() | text_st, text_st), max_size=3),
    source=text_st.filter(bool),
    format=st.sampled_from(["text", "srt", "vtt", "podquest"]),
)


@settings(max_examples=150, deadline=None)
@given(episode_st)
def test_any_episode_roundtrips(ep: Episode) -> None:
    assert roundtrip(ep) == ep


def _doc(**changes: object) -> bytes:
    data = FULL.to_dict()
    for key, value in changes.items():
        if value is ...:
            del data[key]
        else:
            data[key] = value
    return json.dumps(data).encode()


def _segment(**changes: object) -> list[dict[str, object]]:
    return [{"text": "Hello there, listeners.", "start": 1.0, "end": 2.0, "speaker": None} | changes]


BAD = {
    "broken": (b'{"studyterm": "episode", "title": "x", "segments": [', "broken JSON"),
    "trailing-garbage": (FULL.to_json().encode() + b" }", "broken JSON"),
    "a-list": (json.dumps([FULL.to_dict()]).encode(), "not a studyterm episode"),
    "no-marker": (_doc(studyterm=...), "not a studyterm episode"),
    "other-marker": (_doc(studyterm="vocab"), "not a studyterm episode"),
    "a-string": (b'"studyterm episode"', "not a studyterm episode"),
    "start-is-string": (_doc(segments=_segment(start="00:00:01")), "bad field"),
    "end-is-bool": (_doc(segments=_segment(end=True)), "bad field"),
    "start-too-big": (_doc(segments=_segment(start=10**400)), "bad field"),
    "number-too-long": (
        _doc(segments=_segment(start=0)).replace(b'"start": 0', b'"start": 1' + b"0" * 5000),
        "JSON",
    ),
    "deeply-nested": (b'{"studyterm": "episode", "title": ' + b"[" * 100_000, "JSON"),
    "no-title": (_doc(title=...), "bad field"),
    "no-segments": (_doc(segments=...), "bad field"),
    "segments-not-a-list": (_doc(segments=5), "bad field"),
    "segment-not-an-object": (_doc(segments=["Hello there"]), "bad field"),
    "segment-without-text": (_doc(segments=[{"start": 1.0}]), "bad field"),
    "empty-segments": (_doc(segments=[]), "without transcript text"),
    "blank-segments": (_doc(segments=_segment(text="  \n ")), "without transcript text"),
    "bad-date": (_doc(published="2025-02-30"), "bad field"),
    "date-is-number": (_doc(published=20250617), "bad field"),
    "summary-item-string": (_doc(summary_zh=["我强调"]), "bad field"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_json_is_refused(name: str) -> None:
    data, reason = BAD[name]
    with pytest.raises(InputError) as info:
        parse_episode(data, "bad.json")
    assert reason in info.value.message
    assert str(info.value).startswith("bad.json: ")


def test_json_list_named_txt_is_refused_as_json() -> None:
    with pytest.raises(InputError, match="not a studyterm episode"):
        parse_episode(json.dumps([FULL.to_dict()]).encode(), "saved.txt")
