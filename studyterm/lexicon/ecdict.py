"""ECDICT, the open English–Chinese dictionary most Chinese learner tools use, read from its CSV.

The CSV has a header naming its columns: word, phonetic, definition, translation, pos, collins,
oxford, tag, bnc, frq, exchange, detail, audio. Text fields escape line breaks as backslash-n
(one sense a line). We keep the phonetic, the English definition, the Chinese translation, the
exam tags (`tag`, e.g. "cet4 cet6 ky"), Collins stars and the Oxford 3000 mark as tags, and the
`exchange` field (inflections such as `p:took/d:taken/3:takes`) for form → lemma look-ups.
The reader streams: a 770,000-row file is never held in memory.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from studyterm.errors import InputError
from studyterm.store.dictionaries import DictEntry

__all__ = ["EXAM_TAGS", "Progress", "exchange_forms", "parse", "read_rows", "sniff"]

Progress = Callable[[int, int], None]
"""Called now and then with (bytes or entries done, total) while a dictionary is read."""

# ECDICT's exam-list codes and how learners in China name the lists
EXAM_TAGS = {
    "zk": "中考",
    "gk": "高考",
    "cet4": "CET-4",
    "cet6": "CET-6",
    "ky": "考研",
    "toefl": "TOEFL",
    "ielts": "IELTS",
    "gre": "GRE",
}
REQUIRED = ("word", "translation")
KNOWN = (
    "word",
    "phonetic",
    "definition",
    "translation",
    "pos",
    "collins",
    "oxford",
    "tag",
    "bnc",
    "frq",
    "exchange",
    "detail",
    "audio",
)
# exchange codes that name an inflected form of the row's word (0 = its lemma, 1 = which form)
_FORM_CODES = frozenset("pdi3rts")
_ESCAPE = re.compile(r"\\(.)", re.S)
_PROGRESS_EVERY = 4096  # rows


def sniff(head: bytes) -> bool:
    """Whether a file starting with these bytes looks like an ECDICT CSV (by its header)."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    columns = {c.strip().strip('"').lower() for c in first.split(",")}
    return all(c in columns for c in REQUIRED) and len(columns & set(KNOWN)) >= 3


def _unescape(text: str) -> str:
    """ECDICT's field escapes: \\n and \\r are line breaks, \\\\ a backslash; others stay."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: {"n": "\n", "r": "", "\\": "\\"}.get(m[1], m[0]), text)


def exchange_forms(exchange: str) -> tuple[tuple[str, ...], str | None]:
    """The inflected forms named in an exchange field, and the lemma when the row is itself a
    form: `p:perceived/d:perceived/i:perceiving` → (perceived, perceiving), None."""
    forms: list[str] = []
    lemma = None
    for part in exchange.split("/"):
        code, sep, value = part.partition(":")
        value = value.strip()
        if not sep or not value:
            continue
        code = code.strip()
        if code in _FORM_CODES and value not in forms:
            forms.append(value)
        elif code == "0":
            lemma = value
    return tuple(forms), lemma


def _tags(tag: str, collins: str, oxford: str) -> tuple[str, ...]:
    tags = [EXAM_TAGS.get(t.lower(), t) for t in tag.split()]
    stars = collins.strip()
    if stars.isdigit() and 0 < int(stars) <= 5:
        tags.append(f"Collins-{int(stars)}")
    if oxford.strip() not in ("", "0"):
        tags.append("Oxford-3000")
    return tuple(dict.fromkeys(tags))


def read_rows(
    stream: IO[bytes], name: str | Path, total: int | None = None, progress: Progress | None = None
) -> Iterator[DictEntry]:
    """Entries of an ECDICT CSV read from a binary stream (a file, a zip or tar member).

    `name` is used in error messages; `total` (the stream's size in bytes) for progress.
    Raises InputError naming the file for text that is not UTF-8, a header without the word and
    translation columns, a row with the wrong number of fields or a file cut off mid-row.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, strict=True)
    line = 0
    try:
        header = next(reader, None)
        if header is None:
            raise InputError("file is empty", path=name)
        columns = [h.strip().lower() for h in header]
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise InputError(
                "not an ECDICT CSV: the header needs the columns word and translation "
                f"(it has: {', '.join(columns[:13]) or 'none'})",
                path=name,
            )
        width = len(columns)
        # where each column we use is; a missing optional column reads as the empty last cell
        row_pad = [""]
        i_word, i_phon, i_def, i_tr, i_tag, i_col, i_ox, i_ex = (
            columns.index(c) if c in columns else width
            for c in ("word", "phonetic", "definition", "translation", "tag", "collins", "oxford", "exchange")
        )
        for row in reader:
            line = reader.line_num
            if len(row) != width:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                raise InputError(
                    f"line {line}: {len(row)} fields where the header has "
                    f"{width} (is the file cut off or not ECDICT?)",
                    path=name,
                )
            word = row[i_word].strip()
            if not word:
                continue
            row += row_pad
            exchange = row[i_ex].strip()
            forms, lemma = exchange_forms(exchange) if exchange else ((), None)
            tag, collins, oxford = row[i_tag], row[i_col], row[i_ox]
            yield DictEntry(
                word=word,
                phonetic=row[i_phon].strip() or None,
                definition=_unescape(row[i_def].strip()) or None,
                translation=_unescape(row[i_tr].strip()) or None,
                tags=_tags(tag, collins, oxford) if (tag or collins or oxford) else (),
                exchange=exchange or None,
                forms=forms,
                lemma=lemma,
            )
            if progress is not None and total and reader.line_num % _PROGRESS_EVERY == 0:
                progress(min(stream.tell(), total), total)
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text near line {line + 1} (is it a binary file?)", path=name) from exc
    except csv.Error as exc:
        raise InputError(
            f"line {reader.line_num}: broken CSV ({exc}); is the file cut off?", path=name
        ) from exc
    finally:
        text.detach()
    if progress is not None and total:
        progress(total, total)


def parse(path: Path, progress: Progress | None = None) -> Iterator[DictEntry]:
    """Entries of an ECDICT CSV file (see `read_rows`)."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    with fh:
        if b"\x00" in fh.read(8192):
            raise InputError("binary file, not an ECDICT CSV (it contains NUL bytes)", path=path)
        fh.seek(0)
        yield from read_rows(fh, path, path.stat().st_size, progress)
