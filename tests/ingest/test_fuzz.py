"""Whatever the bytes, importing gives an Episode with text or an InputError, never a crash."""

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from studyterm.errors import InputError
from studyterm.ingest import load_episode, parse_episode
from studyterm.model import Episode

from .paths import SAMPLE, SRT, VTT

EXTS = st.sampled_from(["txt", "srt", "vtt", "json"])
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SEEDS = {
    "podquest": SAMPLE.read_bytes(),
    "srt": SRT.read_bytes(),
    "vtt": VTT.read_bytes(),
    "json": load_episode(VTT).to_json().encode("utf-8"),
    "json-podquest": load_episode(SAMPLE).to_json().encode("utf-8"),
}


def check(data: bytes, ext: str) -> None:
    try:
        episode = parse_episode(data, f"x.{ext}")
    except InputError as exc:
        assert str(exc).startswith(f"x.{ext}: ")
        assert exc.message.strip()
        return
    assert isinstance(episode, Episode)
    assert any(seg.text.strip() for seg in episode.segments)
    if episode.format != "json":
        # importers that build segments themselves never make blank ones
        assert all(seg.text.strip() for seg in episode.segments)


@FUZZ
@given(st.binary(max_size=4000), EXTS)
def test_arbitrary_bytes(data: bytes, ext: str) -> None:
    check(data, ext)


@FUZZ
@given(st.text(max_size=2000), st.sampled_from(["utf-8", "utf-16", "gb18030"]), EXTS)
def test_arbitrary_text(text: str, encoding: str, ext: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    check(data, ext)


# lines that steer the parsers into their deeper branches
LINES = st.sampled_from(
    [
        "WEBVTT",
        "NOTE a note",
        "1",
        "2",
        "41",
        "00:00:01,000 --> 00:00:02,000",
        "00:01.000 --> 00:02.500 align:start",
        "01:00:00.000 --> 01:00:0",
        "00:00:05,000 --> 00:0",
        "<v Anna>Hello there, how are you today?</v>",
        "<i>Good morning, listeners</i>",
        "<b></b>",
        "{",
        "}",
        "[",
        "]",
        '"studyterm": "episode",',
        '{"studyterm": "episode", "segments": [',
        "cover of episode Sino-Kazakh cooperation",
        "logo of podcast China Daily Podcast",
        "Shownotes Transcript",
        "People",
        "Topics",
        "习近平:我强调合作。 托卡耶夫:我表示。",
        "2025/6/17",
        "2025/2/30",
        "President Xi Jinping called on China and Kazakhstan on Monday.",
        "",
        "",
        " ",
    ]
)
DOCS = st.lists(st.one_of(LINES, st.text(max_size=30)), max_size=40)


@FUZZ
@given(DOCS, st.sampled_from(["\n", "\r\n", "\r"]), EXTS)
def test_format_fragments(lines: list[str], newline: str, ext: str) -> None:
    check(newline.join(lines).encode("utf-8"), ext)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(SEEDS[draw(st.sampled_from(sorted(SEEDS)))])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "truncate":
            del data[pos:]
        elif kind == "flip" and data:
            data[pos] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 64))]
    return bytes(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), EXTS)
def test_mutated_real_files(data: bytes, ext: str) -> None:
    check(data, ext)


@FUZZ
@given(st.sampled_from(sorted(SEEDS)), st.data())
def test_truncated_real_files(name: str, data: st.DataObject) -> None:
    raw = SEEDS[name]
    cut = data.draw(st.integers(0, len(raw)))
    for ext in ("txt", "srt", "vtt", "json"):
        check(raw[:cut], ext)


GOOD_TIMINGS = st.sampled_from(
    [
        "00:00:01,000 --> 00:00:02,000",
        "00:01.000 --> 00:02.500",
        "1:00:00.000 --> 1:00:01.000",
        "00:00:01,000 --> 00:00:02,000 X:1",
    ]
)
TIMINGS = GOOD_TIMINGS | GOOD_TIMINGS | st.sampled_from(["00:00:05,000 --> 00:0", "-", "-->"])
CUE_TEXT = st.sampled_from(
    [
        "Hello there, listeners.",
        "<i>",
        "</i>",
        "<b></b>",
        "<v Anna>",
        "</v>",
        "<v Ben>Hi.",
        " ",
        "\t",
        "<c.yellow>word</c>",
        "<00:00:01.000>",
        "NOTE",
        "1",
        "-->",
    ]
)
TAGS = st.sampled_from(["<i>", "</i>", "<b></b>", "<u> </u>", "<c.yellow></c>"])


@st.composite
def cue_files(draw: st.DrawFn) -> bytes:
    header = draw(st.sampled_from(["", "", "WEBVTT", "WEBVTT\nKind: captions", "\ufeffWEBVTT"]))
    blocks = [header] if header else []
    for number in range(1, draw(st.integers(0, 6)) + 1):
        lines = []
        if draw(st.booleans()):
            lines.append(str(number))
        if draw(st.integers(0, 9)):  # mostly well-formed, so the parsers get past the timing
            lines.append(draw(TIMINGS))
        lines += draw(st.lists(CUE_TEXT | CUE_TEXT | TAGS | st.text(max_size=12), max_size=3))
        blocks.append("\n".join(lines))
    sep = draw(st.sampled_from(["\n\n", "\n \n", "\n\n\n", "\r\n\r\n", "\n\t\n"]))
    return sep.join(blocks).encode(draw(st.sampled_from(["utf-8", "utf-16"])))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cue_files(), EXTS)
def test_subtitle_shaped_files(data: bytes, ext: str) -> None:
    check(data, ext)


@FUZZ
@given(
    st.integers(0, 50_000),
    st.sampled_from(["[", '{"a": [', '{"studyterm": "episode", "t": ']),
    st.sampled_from(["", "]", "1" * 5000, '"Hello there"']),
    EXTS,
)
def test_deep_or_huge_json(depth: int, opener: str, tail: str, ext: str) -> None:
    check((opener * max(depth // len(opener), 1) + tail).encode(), ext)
