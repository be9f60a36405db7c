"""StarDict dictionaries: `NAME.ifo` + `NAME.idx` (or `.idx.gz`) + `NAME.dict` (or `.dict.dz`).

The format, as documented by the StarDict project:
- `.ifo`: a text file whose first line is "StarDict's dict ifo file", then `key=value` lines
  (wordcount, idxfilesize, bookname, sametypesequence, idxoffsetbits ...).
- `.idx`: for each word, its UTF-8 text, a NUL byte, then the offset and size of its data in the
  `.dict` file as 32-bit big-endian numbers (64-bit offsets when idxoffsetbits=64).
- `.dict`: the data. With `sametypesequence` (e.g. "m") the fields follow each other without
  type bytes and the last one runs to the end of the entry; otherwise each field starts with a
  type byte, lower-case types are NUL-terminated text and upper-case ones are preceded by a
  32-bit size. `.dict.dz` is dictzip, which is gzip-compatible, so `gzip` reads it.
- `.syn` (optional): alternative spellings and forms: text, NUL, the 32-bit index of the entry.

Text that contains Chinese becomes the entry's gloss, other text its English definition; the
`t` field (phonetic) its pronunciation. HTML and Pango markup are reduced to plain text.
"""

from __future__ import annotations

import gzip
import html
import re
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from studyterm.errors import InputError
from studyterm.store.dictionaries import DictEntry

__all__ = ["IFO_MAGIC", "parse", "read_ifo", "sniff", "stardict_files"]

Progress = Callable[[int, int], None]
IFO_MAGIC = b"StarDict's dict ifo file"
_SUFFIXES = (".ifo", ".idx.gz", ".idx", ".dict.dz", ".dict", ".syn")
_TEXT_TYPES = frozenset("mlgtxykwhn")  # text field types; t is the phonetic
_MARKUP_TYPES = frozenset("gxkhw")
_TAG = re.compile(r"<[^>]*>")
_HAN = re.compile(r"[\u3400-\u9fff]")
_PROGRESS_EVERY = 2048


def sniff(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf").startswith(IFO_MAGIC)


def stardict_files(path: Path) -> tuple[Path, Path, Path, Path | None]:
    """(.ifo, .idx or .idx.gz, .dict or .dict.dz, .syn or None) for any of a dictionary's files
    (or a folder holding one dictionary); InputError naming what is missing."""
    if path.is_dir():
        ifos = sorted(path.glob("*.ifo"))
        if len(ifos) != 1:
            raise InputError(f"expected one StarDict .ifo file in this folder, found {len(ifos)}", path=path)
        path = ifos[0]
    base = str(path)
    for suffix in _SUFFIXES:
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
            break

    def first(*suffixes: str) -> Path | None:
        for s in suffixes:
            p = Path(base + s)
            if p.is_file():
                return p
        return None

    ifo = first(".ifo")
    if ifo is None:
        raise InputError(f"StarDict dictionary without its {Path(base).name}.ifo file", path=path)
    idx = first(".idx", ".idx.gz")
    if idx is None:
        raise InputError(f"StarDict dictionary without its index file {Path(base).name}.idx", path=ifo)
    data = first(".dict", ".dict.dz")
    if data is None:
        raise InputError(
            f"StarDict dictionary without its data file {Path(base).name}.dict (or .dict.dz)", path=ifo
        )
    return ifo, idx, data, first(".syn")


def read_ifo(ifo: Path) -> dict[str, str]:
    """The `key=value` settings of an .ifo file (InputError when it is not one)."""
    try:
        raw = ifo.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=ifo) from exc
    if not sniff(raw[:64]):
        raise InputError(f"not a StarDict .ifo file (it must start with {IFO_MAGIC.decode()!r})", path=ifo)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("the .ifo file is not UTF-8 text", path=ifo) from exc
    info: dict[str, str] = {}
    for line in text.splitlines()[1:]:
        key, sep, value = line.partition("=")
        if sep:
            info[key.strip().lower()] = value.strip()
    if "wordcount" not in info or not info["wordcount"].isdigit():
        raise InputError("the .ifo file has no wordcount", path=ifo)
    return info


def _read(path: Path, compressed: bool) -> bytes:
    try:
        if compressed:
            with gzip.open(path, "rb") as fh:
                return fh.read()
        return path.read_bytes()
    except (OSError, EOFError, zlib.error) as exc:
        if isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)):
            raise InputError(
                "broken compressed file: not valid gzip/dictzip data, or cut off", path=path
            ) from exc
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from exc


def _index(raw: bytes, idx: Path, offset_bits: int) -> Iterator[tuple[str, int, int]]:
    """(word, offset, size) for each .idx record; InputError when a record is cut off."""
    fmt = ">QI" if offset_bits == 64 else ">II"
    width = struct.calcsize(fmt)
    pos, n = 0, 0
    while pos < len(raw):
        end = raw.find(b"\x00", pos)
        if end < 0 or end + 1 + width > len(raw):
            raise InputError(f"the index is truncated: record {n + 1} (at byte {pos}) is cut off", path=idx)
        try:
            word = raw[pos:end].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"record {n + 1} of the index is not UTF-8 (at byte {pos}); is it an index file?", path=idx
            ) from exc
        offset, size = struct.unpack_from(fmt, raw, end + 1)
        yield word, offset, size
        pos = end + 1 + width
        n += 1


def _fields(blob: bytes, types: str) -> Iterator[tuple[str, str]]:
    """(type, text) of the text fields of one entry's data."""
    if types:
        pos = 0
        for i, t in enumerate(types):
            last = i == len(types) - 1
            if t.isupper():
                if last:
                    chunk, pos = blob[pos:], len(blob)
                else:
                    if pos + 4 > len(blob):
                        return
                    (size,) = struct.unpack_from(">I", blob, pos)
                    chunk, pos = blob[pos + 4 : pos + 4 + size], pos + 4 + size
            else:
                end = len(blob) if last else blob.find(b"\x00", pos)
                end = len(blob) if end < 0 else end
                chunk, pos = blob[pos:end], end + 1
            if t in _TEXT_TYPES:
                yield t, chunk.decode("utf-8", "replace")
        return
    pos = 0
    while pos < len(blob):
        t = chr(blob[pos])
        pos += 1
        if t.isupper():
            if pos + 4 > len(blob):
                return
            (size,) = struct.unpack_from(">I", blob, pos)
            pos += 4 + size
            continue
        end = blob.find(b"\x00", pos)
        end = len(blob) if end < 0 else end
        if t in _TEXT_TYPES:
            yield t, blob[pos:end].decode("utf-8", "replace")
        pos = end + 1


def _plain(text: str, kind: str) -> str:
    if kind in _MARKUP_TYPES:
        text = re.sub(r"<br\s*/?>|</(p|div|li)>", "\n", text, flags=re.I)
        text = html.unescape(_TAG.sub("", text))
    lines = (" ".join(line.split()) for line in text.replace("\r", "").split("\n"))
    return "\n".join(line for line in lines if line)


def _entry(word: str, blob: bytes, types: str) -> DictEntry:
    phonetic: str | None = None
    zh: list[str] = []
    en: list[str] = []
    for kind, text in _fields(blob, types):
        text = _plain(text, kind)
        if not text:
            continue
        if kind == "t":
            phonetic = phonetic or text
        elif _HAN.search(text):
            zh.append(text)
        else:
            en.append(text)
    return DictEntry(
        word=word, phonetic=phonetic, translation="\n".join(zh) or None, definition="\n".join(en) or None
    )


def _synonyms(syn: Path | None, words: list[str]) -> dict[int, list[str]]:
    """Index of an entry → the other forms that lead to it (from the optional .syn file)."""
    out: dict[int, list[str]] = {}
    if syn is None:
        return out
    raw = _read(syn, False)
    pos = 0
    while pos < len(raw):
        end = raw.find(b"\x00", pos)
        if end < 0 or end + 5 > len(raw):
            raise InputError("the synonym file is truncated", path=syn)
        (i,) = struct.unpack_from(">I", raw, end + 1)
        if i < len(words):
            out.setdefault(i, []).append(raw[pos:end].decode("utf-8", "replace"))
        pos = end + 5
    return out


def parse(path: Path, progress: Progress | None = None) -> Iterator[DictEntry]:
    """Entries of the StarDict dictionary that `path` (any of its files) belongs to.

    Everything is checked before the first entry is yielded: the .ifo, that the index is whole
    and holds the number of words the .ifo says, that every entry lies inside the data file.
    """
    ifo, idx, data_path, syn = stardict_files(path)
    info = read_ifo(ifo)
    bits = 64 if info.get("idxoffsetbits") == "64" else 32
    raw_idx = _read(idx, idx.name.lower().endswith(".gz"))
    if not raw_idx:
        raise InputError("the index file is empty", path=idx)
    expected = info.get("idxfilesize", "")
    if not idx.name.lower().endswith(".gz") and expected.isdigit() and int(expected) != len(raw_idx):
        raise InputError(
            f"the index is {len(raw_idx)} bytes but the .ifo says {expected}: "
            "truncated or from another dictionary",
            path=idx,
        )
    records = list(_index(raw_idx, idx, bits))
    if len(records) != int(info["wordcount"]):
        raise InputError(
            f"the index holds {len(records)} words but the .ifo says {info['wordcount']}", path=idx
        )
    data = _read(data_path, data_path.name.lower().endswith(".dz"))
    for word, offset, size in records:
        if offset + size > len(data):
            raise InputError(
                f"the entry for {word!r} lies past the end of the data file "
                f"({offset + size} > {len(data)} bytes): truncated?",
                path=data_path,
            )
    forms = _synonyms(syn, [w for w, _, _ in records])
    types = info.get("sametypesequence", "")
    total = len(records)
    for n, (word, offset, size) in enumerate(records):
        entry = _entry(word, data[offset : offset + size], types)
        if i_forms := forms.get(n):
            entry = replace(entry, forms=tuple(i_forms))
        yield entry
        if progress is not None and n % _PROGRESS_EVERY == 0:
            progress(n, total)
    if progress is not None:
        progress(total, total)
