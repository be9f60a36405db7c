"""Data derived from the files we ship or depend on, kept between runs in the user's cache folder.

Every process that analyses text used to rebuild the same tables from their sources: the glossary
(33k headwords) parsed twice, the phrase list (9.5k expressions) compiled, wordfreq's list
decompressed and folded into word families, cefrpy's levels validated — about 1.5 s before the
first word. Each table is built once instead, marshalled into the cache folder, and loaded from
there in milliseconds by the next process.

* **Where**: `$STUDYTERM_CACHE` when set, else the user cache folder (platformdirs:
  `$XDG_CACHE_HOME/studyterm`, by default `~/.cache/studyterm` on Linux). Deleting the folder
  is always safe: the tables are rebuilt on next use.
* **Key**: a digest of the cache format, studyterm's version, Python's version (marshal's format
  follows it), the content of the source files and the source code of the modules that build the
  table. A file with another key is stale: it is rebuilt, and stale files are removed.
* **Never trusted blindly, never fatal**: each file carries a checksum of its payload, checked
  before it is read; a damaged, truncated or unreadable file is rebuilt, and a folder that cannot
  be written (read-only, full disk, a file in its place) means the table is built in memory each
  run. Files are written to a temporary name and renamed, so readers never see half a file.
* **Kept out of the collector's way**: a table is hundreds of thousands of objects that live as
  long as the process. It is read with the cycle collector paused, and then set aside from its
  passes (`gc.freeze`), with everything alive before it (spaCy's model): full passes walking
  them again and again took a fifth of a `vocab` run.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import marshal
import os
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

import studyterm

__all__ = ["cache_dir", "cached", "data_file", "package_tsv"]

FORMAT = 1  # bump when the file layout below changes
_MAGIC = b"studyterm-cache\n"
_SUFFIX = ".marshal"
_STALE_TEMP_S = 600  # a temporary file this old was left by a killed writer

T = TypeVar("T")


class Readable(Protocol):
    """A source file: a Path, or package data (`importlib.resources.files(...)`)."""

    def read_bytes(self) -> bytes: ...


def cache_dir() -> Path:
    """The folder the tables are cached in (it may not exist yet)."""
    env = os.environ.get("STUDYTERM_CACHE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("studyterm", appauthor=False))


def data_file(name: str) -> Readable:
    """A file of studyterm's package data (`studyterm/data/NAME`)."""
    return resources.files("studyterm.data").joinpath(name)


@lru_cache(maxsize=4)
def package_tsv(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a TSV file of package data, parsed once per process (empty when missing).
    Only the builders of cached tables read it, so a warm cache never parses it at all."""
    path = resources.files("studyterm.data").joinpath(name)
    if not path.is_file():
        return ()
    reader = csv.DictReader(
        path.read_text(encoding="utf-8").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE
    )
    return tuple(reader)


def cached(
    name: str, build: Callable[[], T], sources: Iterable[Readable | Path] = (), code: Iterable[str] = ()
) -> T:
    """The table `name`: loaded from the cache when its key matches, else built and cached.

    `build` must return plain data that `marshal` can hold (dicts, lists, tuples, str, float,
    int, None, frozensets). `sources` are the files it is built from; `code` names the modules
    whose source builds it (`__name__` of the caller, helpers it relies on), so editing the code
    invalidates the table as editing the data does.
    """
    key = _key(name, sources, code)
    try:
        folder = cache_dir()
        path = folder / f"{name}-{key[:20]}{_SUFFIX}"
    except (OSError, RuntimeError):  # no home folder to keep a cache in: build each time
        return build()
    found = _read(path, key)
    value = cast(T, found[0]) if found is not None else build()
    if found is None:
        _write(folder, path, name, key, value)
    # the table lives as long as the process, as does what is loaded before it (spaCy's model):
    # set aside from the collector's full passes, which would otherwise walk it again and again
    # while an episode is analysed (a fifth of a `vocab` run's time)
    gc.freeze()
    return value


def _key(name: str, sources: Iterable[Readable | Path], code: Iterable[str]) -> str:
    h = hashlib.sha256()
    for part in (str(FORMAT), studyterm.__version__, sys.version.split()[0], name):
        h.update(part.encode() + b"\0")
    for source in sources:
        h.update(_digest(source).encode() + b"\0")
    for module in (__name__, *code):
        h.update(module.encode() + b"\0" + _code_digest(module).encode() + b"\0")
    return h.hexdigest()


_digests: dict[str, str] = {}  # source → content hash, once per process


def _digest(source: Readable | Path) -> str:
    """The content hash of a source file; a missing file hashes as such."""
    where = str(source)
    if where not in _digests:
        try:
            _digests[where] = hashlib.sha256(source.read_bytes()).hexdigest()
        except OSError:
            _digests[where] = "missing"
    return _digests[where]


@lru_cache(maxsize=64)
def _code_digest(module: str) -> str:
    mod = sys.modules.get(module)
    origin = getattr(mod, "__file__", None)
    if not origin:
        return "?"  # frozen or built-in: studyterm's version in the key stands for it
    return _digest(Path(origin))


def _read(path: Path, key: str) -> tuple[Any] | None:
    """The cached value (in a 1-tuple, so None can be cached too), or None when the file is
    missing, damaged or of another key."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC)
    if not blob.startswith(_MAGIC) or len(blob) < head + 8:
        return None
    checksum, payload = blob[head : head + 8], blob[head + 8 :]
    if zlib.crc32(payload).to_bytes(4, "big") * 2 != checksum:
        return None
    collecting = gc.isenabled()
    # hundreds of thousands of containers, all kept: the collector would walk them again and
    # again as they are made (a third of the time), for nothing
    gc.disable()
    try:
        stored_key, value = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    finally:
        if collecting:
            gc.enable()
    return (value,) if stored_key == key else None


def _write(folder: Path, path: Path, name: str, key: str, value: Any) -> None:
    payload = marshal.dumps((key, value))
    blob = _MAGIC + zlib.crc32(payload).to_bytes(4, "big") * 2 + payload
    tmp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(blob)
        os.replace(tmp, path)
        tmp = None
        _remove_stale(folder, path, name)
    except OSError:
        pass  # a cache that cannot be written is only slower
    finally:
        if tmp is not None:
            with suppress(OSError):
                os.unlink(tmp)


def _remove_stale(folder: Path, keep: Path, name: str) -> None:
    """Other keys of the same table, and temporary files left by killed writers."""
    now = time.time()
    for old in folder.glob(f"{name}-*{_SUFFIX}"):
        if old != keep:
            with suppress(OSError):
                old.unlink()
    for tmp in folder.glob(f".{name}-*.tmp"):
        with suppress(OSError):
            if now - tmp.stat().st_mtime > _STALE_TEMP_S:
                tmp.unlink()
