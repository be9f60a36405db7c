"""Any common encoding of a transcript reads the same; unreadable files get a clear InputError."""

import codecs
import os
import random

import pytest

from studyterm.errors import InputError
from studyterm.ingest import load_episode
from studyterm.model import Episode

from .paths import SAMPLE

TEXT = SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reference() -> Episode:
    return load_episode(SAMPLE)


def same_content(a: Episode, b: Episode) -> None:
    assert a.title == b.title
    assert a.podcast == b.podcast
    assert a.published == b.published
    assert a.people == b.people
    assert a.summary_zh == b.summary_zh
    assert [s.text for s in a.segments] == [s.text for s in b.segments]
    assert a.id == b.id


ENCODINGS = {
    "utf-8-bom": codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    "utf-16": TEXT.encode("utf-16"),  # BOM + native order
    "utf-16-le-bom": codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    "utf-16-be-bom": codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    "utf-32-bom": TEXT.encode("utf-32"),
    "utf-16-le-no-bom": TEXT.encode("utf-16-le"),  # what some tools write
    "utf-16-be-no-bom": TEXT.encode("utf-16-be"),
    "gb18030": TEXT.encode("gb18030"),
    "crlf": TEXT.replace("\n", "\r\n").encode("utf-8"),
    "cr": TEXT.replace("\n", "\r").encode("utf-8"),
    "utf-16-crlf": TEXT.replace("\n", "\r\n").encode("utf-16"),
    "gb18030-crlf": TEXT.replace("\n", "\r\n").encode("gb18030"),
}


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_encodings_read_the_same(tmp_path, reference: Episode, name: str) -> None:
    data = ENCODINGS[name]
    assert data != SAMPLE.read_bytes()
    path = tmp_path / f"sample-{name}.txt"
    path.write_bytes(data)
    episode = load_episode(path)
    same_content(episode, reference)
    assert episode.format == "podquest"
    assert "\ufeff" not in episode.title
    assert all("\r" not in s.text for s in episode.segments)


def _multibyte_cuts() -> list[tuple[str, bytes]]:
    raw = TEXT.encode("utf-8")
    first_cjk = raw.index("英".encode())
    zh = raw.index("托卡耶夫".encode())
    emoji = ("Hello listeners, this is our news podcast today " + "🎙️").encode()
    start = emoji.index("🎙".encode())
    utf16 = TEXT.encode("utf-16-le")
    cuts = {
        "1-of-3": raw[: first_cjk + 1],
        "2-of-3": raw[: first_cjk + 2],
        "mid-summary": raw[: zh + 5],
        "1-of-4": emoji[: start + 1],
        "3-of-4": emoji[: start + 3],
        "bom-2-of-3": codecs.BOM_UTF8 + raw[: zh + 2],
        "utf-16-odd-length": codecs.BOM_UTF16_LE + utf16[:-1],
        "utf-16-half-surrogate-pair": codecs.BOM_UTF16_LE + utf16 + "🎙".encode("utf-16-le")[:2],
        "utf-32-cut": TEXT.encode("utf-32")[:-2],
    }
    return [pytest.param(data, id=name) for name, data in cuts.items()]


@pytest.mark.parametrize("data", _multibyte_cuts())
def test_cut_in_a_character_is_reported_as_truncated(tmp_path, data: bytes) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_episode(path)
    message = str(info.value)
    assert "truncated" in message
    assert str(path) in message


def _png() -> bytes:
    rng = random.Random(7)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(3000))


def _elf_without_nul() -> bytes:
    # control characters but no NUL byte and valid (ASCII) UTF-8
    rng = random.Random(3)
    return bytes(rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 27, 65, 66, 67]) for _ in range(2000))


BAD_FILES = {
    "empty": (b"", "empty"),
    "whitespace": (b"  \n\t\r\n   \n", "empty"),
    "utf16-whitespace": ("  \n\n ".encode("utf-16"), "empty"),
    "png": (_png(), "binary"),
    "control-characters": (_elf_without_nul(), "binary"),
    "utf-8-bom-then-invalid": (codecs.BOM_UTF8 + b"Hello \xff there, listeners. " * 20, "not valid UTF-8"),
    "random-high-bytes": (
        bytes(random.Random(1).randrange(128, 256) for _ in range(2000)),
        "not readable text",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unreadable_files(tmp_path, name: str) -> None:
    data, reason = BAD_FILES[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_episode(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert reason in message
    assert info.value.path == str(path)


def test_directory(tmp_path) -> None:
    with pytest.raises(InputError) as info:
        load_episode(tmp_path)
    assert str(info.value) == f"{tmp_path}: is a directory, not an episode file"


def test_missing_path(tmp_path) -> None:
    path = tmp_path / "nope" / "episode.txt"
    with pytest.raises(InputError) as info:
        load_episode(path)
    assert str(path) in str(info.value)
    assert "no such file" in str(info.value)


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root can read any file")
def test_unreadable_permissions(tmp_path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Hello there, this is an English transcript.", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(InputError) as info:
        load_episode(path)
    assert str(path) in str(info.value) and "cannot read" in str(info.value)


def test_over_max_bytes(tmp_path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(SAMPLE.read_bytes())
    size = path.stat().st_size
    with pytest.raises(InputError) as info:
        load_episode(path, max_bytes=1000)
    message = str(info.value)
    assert str(path) in message
    assert "larger than the 1000 bytes limit" in message
    # exactly at the limit is fine
    assert load_episode(path, max_bytes=size).segments
    with pytest.raises(InputError, match="limit"):
        load_episode(path, max_bytes=size - 1)


def test_megabyte_limit_is_reported_in_mb(tmp_path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * (1024 * 1024 // 5 + 10))
    with pytest.raises(InputError, match="larger than the 1 MB limit"):
        load_episode(path, max_bytes=1024 * 1024)


@pytest.mark.parametrize(
    "text",
    [
        # English saved as GBK by a Chinese Windows editor: only the input method's punctuation
        "\u201cWe\u2019re ready,\u201d the minister said \u2014 and the talks began\u2026\n",
        "\u201c今日新闻\u201d\uff1aThe ministry announced an overhaul \u2014 long overdue \u2014 today.\n",
    ],
)
def test_gbk_english_with_chinese_punctuation_is_read(tmp_path, text: str) -> None:
    path = tmp_path / "transcript.txt"
    path.write_bytes(text.encode("gb18030"))
    episode = load_episode(path)
    assert [s.text for s in episode.segments] == [text.strip()]
