"""Read an episode file's bytes safely and decode them to text.

Encodings, in order: a BOM (UTF-8, UTF-16 LE/BE, UTF-32) wins; UTF-16 without a BOM when every
other byte is NUL; then strict UTF-8; then GB18030
(a superset of GBK/GB2312, what many Chinese Windows tools write). Binary data and text cut off in
the middle of a character are refused with a clear message instead of being guessed at.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from pathlib import Path

from studyterm.errors import InputError

__all__ = ["DEFAULT_MAX_BYTES", "check_readable", "decode_bytes", "display_name", "read_input"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}


def check_readable(path: str | Path) -> os.stat_result:
    """The status of an input file, or InputError in one line: missing, a loop of symbolic
    links, a folder, or not a regular file (reading a FIFO or a device would wait forever or
    never end)."""
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError as exc:
        raise InputError("no such file", path=p) from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("cannot read: a loop of symbolic links", path=p) from exc
        raise InputError(f"cannot read: {exc.strerror or exc}", path=p) from exc
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory, not an episode file", path=p)
    if not stat.S_ISREG(st.st_mode):
        kind = (
            "a FIFO"
            if stat.S_ISFIFO(st.st_mode)
            else "a device"
            if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
            else "a socket"
        )
        raise InputError(f"not a regular file ({kind}): save the content to a file first", path=p)
    return st


def read_input(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, or InputError for a missing path, a directory, a FIFO or device, an
    unreadable or oversized file. Reads at most max_bytes + 1 bytes, so a huge file is never
    loaded whole."""
    p = Path(path)
    check_readable(p)
    try:
        # O_NONBLOCK: should the file have become a FIFO since the check, opening does not wait
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise InputError("not a regular file: save the content to a file first", path=p)
            os.set_blocking(fh.fileno(), True)
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=p) from exc
    if len(data) > max_bytes:
        raise InputError(
            f"file is larger than the {_human(max_bytes)} limit (set --max-size to raise it)", path=p
        )
    if not data.strip():
        raise InputError("file is empty", path=p)
    return data


def display_name(path: str | Path) -> str:
    """The file's name as text that can be stored and shown: a name in another encoding than
    UTF-8 (GBK from an old Chinese archive, say) is decoded as that, else bad bytes become
    U+FFFD, so the library never meets a string it cannot encode."""
    raw = os.fsencode(path)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def _human(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n} bytes"


def decode_bytes(data: bytes, path: str | Path) -> str:
    """Decode to str with universal newlines; InputError when the bytes are not text."""
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                if exc.end >= len(data) - len(bom) and exc.reason in (
                    "unexpected end of data",
                    "truncated data",
                ):
                    raise InputError(
                        f"file is truncated: it ends in the middle of a {encoding.upper()} character",
                        path=path,
                    ) from exc
                raise InputError(
                    f"starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} text (byte {exc.start + len(bom)})",
                    path=path,
                ) from exc
            break
    if text is None and b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError("binary file, not text (it contains NUL bytes)", path=path)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
                raise InputError(
                    "file is truncated: it ends in the middle of a UTF-8 character", path=path
                ) from exc
            text = _gb18030(data)
            if text is None:
                raise InputError(
                    f"not readable text: invalid UTF-8 at byte {exc.start}, and not GB18030/GBK "
                    "either (is it a binary file?)",
                    path=path,
                ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for ch in text if ch < " " and ch not in _ALLOWED_CONTROLS)
    if controls > max(2, len(text) // 100):
        raise InputError("binary file, not text (it is full of control characters)", path=path)
    if not text.strip():
        raise InputError("file is empty (only white space)", path=path)
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 that some tools write without a byte-order mark: in mostly-ASCII text every other
    byte is NUL. Only accepted when it decodes cleanly to text with letters."""
    if len(data) < 8 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0) / (len(data) // 2)
    odd_nuls = data[1::2].count(0) / (len(data) // 2)
    if odd_nuls > 0.6 and even_nuls < 0.05:
        encoding = "utf-16-le"
    elif even_nuls > 0.6 and odd_nuls < 0.05:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if sum(ch.isalpha() for ch in text) >= len(text) // 4 else None


def _gb18030(data: bytes) -> str | None:
    """GB18030 decoding that only succeeds on plausible Chinese text, not on random bytes."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    # An English transcript saved as GBK often holds no Chinese at all, only the curly quotes,
    # dashes and full-width punctuation of a Chinese input method: those count as plausible too.
    plausible = sum(
        1
        for ch in text
        if "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\u2010" <= ch <= "\u2027"
        or "\uff01" <= ch <= "\uff5e"
    )
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if non_ascii and plausible / non_ascii < 0.8:
        return None
    return text
