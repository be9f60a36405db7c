"""A teacher's own glossary as TSV: `word<TAB>gloss[<TAB>definition]`, one entry a line.

The kind of file a teacher keeps for a class, typed in a text editor or saved from a spreadsheet
as "Unicode text" — so UTF-8 (with or without BOM), UTF-16 and GB18030 are all read (decoding is
shared with episode files). Blank lines and lines starting with # are skipped, as is a header
line such as `word<TAB>gloss<TAB>definition`. A word may be a phrase ("think tank").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from studyterm.errors import InputError
from studyterm.ingest.detect import decode_bytes
from studyterm.store.dictionaries import DictEntry

__all__ = ["parse", "sniff"]

Progress = Callable[[int, int], None]
_HEAD_WORD = frozenset({"word", "headword", "term", "english", "单词", "词"})
_HEAD_GLOSS = frozenset({"gloss", "translation", "chinese", "meaning", "中文", "释义", "翻译"})
_USAGE = "expected word<TAB>gloss or word<TAB>gloss<TAB>definition"


def sniff(head: bytes) -> bool:
    """A text file whose first line (after blank and # comment lines) has a tab in it."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, as spreadsheets save "Unicode text"
        head = head.decode("utf-16", "ignore").encode("utf-8")
    if b"\x00" in head[:4096]:
        return False
    for line in head.split(b"\n"):
        if line.strip() and not line.lstrip().startswith(b"#"):
            return b"\t" in line
    return False


def _is_header(fields: list[str]) -> bool:
    return fields[0].lower() in _HEAD_WORD and fields[1].lower() in _HEAD_GLOSS


def parse(path: Path, progress: Progress | None = None) -> Iterator[DictEntry]:
    """Entries of a TSV glossary; InputError naming the file and line for a malformed line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    if not raw.strip():
        raise InputError("file is empty", path=path)
    text = decode_bytes(raw, path)
    lines = text.split("\n")
    seen_content = False
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        while len(fields) > 2 and not fields[-1]:
            fields.pop()  # trailing empty columns from a spreadsheet
        if len(fields) < 2 or len(fields) > 3:
            raise InputError(
                f"line {n}: {_USAGE} (found {len(fields)} column{'s' if len(fields) != 1 else ''})", path=path
            )
        if not seen_content and _is_header(fields):
            seen_content = True
            continue
        seen_content = True
        word, gloss = fields[0], fields[1]
        if not word or not gloss:
            raise InputError(
                f"line {n}: {'the word' if not word else 'the gloss'} is empty; {_USAGE}", path=path
            )
        definition = fields[2] if len(fields) == 3 and fields[2] else None
        yield DictEntry(word=word, translation=gloss, definition=definition)
        if progress is not None and n % 1024 == 0:
            progress(n, len(lines))
    if progress is not None:
        progress(len(lines), len(lines))
