"""Times in every importer are finite seconds, not negative, and a cue never ends before it starts:
anything else is one line naming the file and the cue, never a crash later in `show` or `anki`."""

from __future__ import annotations

import json

import pytest

from studyterm.errors import InputError
from studyterm.ingest import parse_episode


def _json(start: str, end: str) -> bytes:
    # written by hand: json.dumps would not write these non-standard numbers
    return (
        '{"studyterm": "episode", "title": "T", "segments": [{"text": "Fine.", "start": 0,'
        ' "end": 1}, {"text": "Trade talks resumed.", "start": ' + start + ', "end": ' + end + "}]}"
    ).encode()


@pytest.mark.parametrize(
    ("start", "end", "cause"),
    [
        ("NaN", "2", "not a finite number"),
        ("1", "Infinity", "not a finite number"),
        ("-Infinity", "2", "not a finite number"),
        ("1e400", "1e401", "not a finite number"),
        ("-3", "2", "negative"),
        ("5", "2", "ends before it starts"),
    ],
)
def test_bad_json_times_are_refused(start: str, end: str, cause: str) -> None:
    with pytest.raises(InputError, match=cause) as info:
        parse_episode(_json(start, end), "talk.json")
    message = str(info.value)
    assert message.startswith("talk.json: segment 2") and "\n" not in message


def test_good_json_times_pass() -> None:
    episode = parse_episode(_json("1", "1"), "talk.json")
    assert episode.segments[1].start == 1.0


def test_srt_cue_ending_before_it_starts() -> None:
    srt = b"1\n00:00:01,000 --> 00:00:02,000\nFine.\n\n2\n00:00:09,000 --> 00:00:03,000\nBad.\n"
    with pytest.raises(InputError, match=r"news.srt: cue 2 ends before it starts \(0:09 > 0:03\)"):
        parse_episode(srt, "news.srt")


def test_vtt_cue_ending_before_it_starts() -> None:
    vtt = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nFine.\n\n00:01:09.000 --> 00:00:03.000\nBad.\n"
    with pytest.raises(InputError, match=r"talk.vtt: cue 2 ends before it starts"):
        parse_episode(vtt, "talk.vtt")


def test_the_cli_says_one_line_and_keeps_the_library(run_cli, library, tmp_path) -> None:
    bad = tmp_path / "nan.json"
    bad.write_bytes(_json("NaN", "2"))
    result = run_cli("import", str(bad))
    assert result.code == 1
    assert result.err.strip().splitlines() == [
        f"studyterm: {bad}: segment 2 has a start time that is not a finite number (nan)"
    ]
    assert json.loads(run_cli("list", "--format", "json").out) == []
