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
* **Looked up, not loaded** (`lookup=True`): a vocabulary run asks a few thousand of the
  300,000 words of wordfreq's table, of the glossary's 33,000 headwords, of cefrpy's list. Such a
  table is cached in small buckets by a hash of the key, and a bucket is decoded the first time
  one of its keys is asked for (`LookupTable`): loading every table whole took 0.7 s of a run.
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
import threading
import time
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar, cast

import studyterm

__all__ = ["LookupTable", "MadeOnUse", "cache_dir", "cached", "data_file", "package_tsv"]

FORMAT = 1  # bump when the file layout below changes
_MAGIC = b"studyterm-cache\n"
_SUFFIX = ".marshal"
_LOOKUP_SUFFIX = ".lookup"
_PER_BUCKET = 2  # keys a bucket of a lookup table holds on average
_LOOKUP_MIN = 1000  # a smaller dict is simply kept whole
_SWAP = sys.byteorder == "big"  # a lookup file's offsets are stored little-endian
_STALE_TEMP_S = 600  # a temporary file this old was left by a killed writer

T = TypeVar("T")
V = TypeVar("V")


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
    name: str,
    build: Callable[[], T],
    sources: Iterable[Readable | Path] = (),
    code: Iterable[str] = (),
    lookup: bool = False,
) -> T:
    """The table `name`: loaded from the cache when its key matches, else built and cached.

    `build` must return plain data that `marshal` can hold (dicts, lists, tuples, str, float,
    int, None, frozensets). `sources` are the files it is built from; `code` names the modules
    whose source builds it (`__name__` of the caller, helpers it relies on), so editing the code
    invalidates the table as editing the data does.

    With `lookup`, a dict of 1,000 keys or more (the table, or an item of a table that is a
    tuple) keyed by strings or tuples of strings comes back from the cache as a `LookupTable`:
    read-only, its entries decoded as they are asked for. For tables that are only looked in.
    """
    key = _key(name, sources, code)
    try:
        folder = cache_dir()
        path = folder / f"{name}-{key[:20]}{_LOOKUP_SUFFIX if lookup else _SUFFIX}"
    except (OSError, RuntimeError):  # no home folder to keep a cache in: build each time
        return build()
    found = _read_lookup(path, key, build) if lookup else _read(path, key)
    if found is None and _build_in_child(folder, path, name, key, build, lookup):
        # read as the next process will: what the build left behind (its sources parsed, the
        # whole dicts, the allocator's free pages) never lived here
        found = _read_lookup(path, key, build) if lookup else _read(path, key)
    value = cast(T, found[0]) if found is not None else build()
    if found is None:
        _store(folder, path, name, key, value, lookup)
    # the table lives as long as the process, as does what is loaded before it (spaCy's model):
    # set aside from the collector's full passes, which would otherwise walk it again and again
    # while an episode is analysed (a fifth of a `vocab` run's time)
    gc.freeze()
    return value


def _store(folder: Path, path: Path, name: str, key: str, value: Any, lookup: bool) -> None:
    payload = _lookup_payload(key, value) if lookup else marshal.dumps((key, value))
    # a lookup file's checksum covers its head; each bucket carries its own
    checked = 4 + int.from_bytes(payload[:4], "big") if lookup else len(payload)
    _write(folder, path, name, payload, checked)


_building = False  # True in a process forked to build a table (see `_build_in_child`)


def _build_in_child(
    folder: Path, path: Path, name: str, key: str, build: Callable[[], Any], lookup: bool
) -> bool:
    """Build a table in a forked process, which writes it to the cache and exits; True when it
    did. Building leaves hundreds of MB behind in the process that builds (the sources parsed,
    the whole dicts, the allocator's pages it keeps): in a short-lived child they are gone with
    it, so the first run of a big import peaks no higher than the next ones (`benchmarks/huge.py`:
    the analysis processes forked from this one would copy it all). Only on Linux, and only in a
    process running one thread (a fork beside other threads can copy a lock one of them holds);
    elsewhere, or when the child fails (a cache folder that cannot be written), the caller builds
    the table itself."""
    global _building
    if _building or not sys.platform.startswith("linux") or threading.active_count() > 1:
        return False
    try:  # a folder it could not write to: built twice for nothing
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK | os.X_OK):
            return False
    except OSError:
        return False
    sys.stdout.flush()  # the child would write again what is in the buffers
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        return False
    if pid == 0:  # the child: build, write, and go without running the parent's exit handlers
        code = 1
        try:
            _building = True
            _store(folder, path, name, key, build(), lookup)
            code = 0 if path.exists() else 1
        finally:
            os._exit(code)
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return False
    return os.waitstatus_to_exitcode(status) == 0


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


def _write(folder: Path, path: Path, name: str, payload: bytes, checked: int) -> None:
    blob = _MAGIC + zlib.crc32(payload[:checked]).to_bytes(4, "big") * 2 + payload
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
    for old in folder.glob(f"{name}-*"):
        if old != keep and old.suffix in (_SUFFIX, _LOOKUP_SUFFIX):
            with suppress(OSError):
                old.unlink()
    for tmp in folder.glob(f".{name}-*.tmp"):
        with suppress(OSError):
            if now - tmp.stat().st_mtime > _STALE_TEMP_S:
                tmp.unlink()


# A lookup file: the usual magic and checksum, which here covers only the head: its length (4
# bytes), then marshal's (key, shape). A shape is ("plain", value), ("tuple", [shapes]) or
# ("table", length, buckets, offsets, checksums, whole): each bucket is a marshalled dict of the
# keys whose hash falls in it, at offsets[i]:offsets[i + 1] of the body (what follows the head),
# checked against its own checksum when first decoded; `whole` is (offset, size, checksum) of the
# whole dict, decoded only to go through the table in its order.


def _hash(key: object) -> int | None:
    """A hash of a key that every process agrees on (Python's own varies with PYTHONHASHSEED);
    None for a key no table holds."""
    if isinstance(key, str):
        return zlib.crc32(key.encode("utf-8", "surrogatepass"))
    if isinstance(key, tuple) and all(isinstance(part, str) for part in key):
        return zlib.crc32("\0".join(key).encode("utf-8", "surrogatepass")) ^ len(key)
    return None


def _lookup_payload(key: str, value: Any) -> bytes:
    body = bytearray()

    def shape(part: Any, top: bool) -> Any:
        if top and type(part) is tuple:
            return ("tuple", [shape(item, False) for item in part])
        if type(part) is not dict or len(part) < _LOOKUP_MIN:
            return ("plain", part)
        hashes = [_hash(k) for k in part]
        if None in hashes:
            return ("plain", part)
        count = len(part) // _PER_BUCKET + 1
        buckets: list[dict[Any, Any]] = [{} for _ in range(count)]
        for (k, v), h in zip(part.items(), hashes, strict=True):
            buckets[cast(int, h) % count][k] = v
        offsets, checksums = array("I"), array("I")
        for bucket in buckets:
            data = marshal.dumps(bucket)
            offsets.append(len(body))
            checksums.append(zlib.crc32(data))
            body.extend(data)
        offsets.append(len(body))
        if _SWAP:
            offsets.byteswap()
            checksums.byteswap()
        whole = marshal.dumps(part)
        where = (len(body), len(whole), zlib.crc32(whole))
        body.extend(whole)
        return ("table", len(part), count, offsets.tobytes(), checksums.tobytes(), where)

    head = marshal.dumps((key, shape(value, True)))
    return len(head).to_bytes(4, "big") + head + bytes(body)


def _read_lookup(path: Path, key: str, build: Callable[[], Any]) -> tuple[Any] | None:
    """The cached value with its dicts as LookupTables (in a 1-tuple), or None when the file is
    missing, damaged or of another key. `build` stands in for a table found damaged later."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    start = len(_MAGIC) + 8
    if not blob.startswith(_MAGIC) or len(blob) < start + 4:
        return None
    size = int.from_bytes(blob[start : start + 4], "big")
    head = blob[start + 4 : start + 4 + size]
    if zlib.crc32(blob[start : start + 4] + head).to_bytes(4, "big") * 2 != blob[len(_MAGIC) : start]:
        return None
    try:
        stored_key, shape = marshal.loads(head)
    except (EOFError, ValueError, TypeError):
        return None
    if stored_key != key:
        return None
    body = memoryview(blob)[start + 4 + size :]

    def value(part: Any, n: int | None) -> Any:
        if part[0] == "tuple":
            return tuple(value(item, k) for k, item in enumerate(part[1]))
        if part[0] == "plain":
            return part[1]
        _, length, count, offsets, checksums, whole = part
        return LookupTable(body, length, count, offsets, checksums, whole, lambda: _rebuilt(path, build, n))

    try:
        return (value(shape, None),)
    except (IndexError, TypeError, ValueError):
        return None


def _rebuilt(path: Path, build: Callable[[], Any], item: int | None) -> dict[Any, Any]:
    """A table found damaged after it was opened: built afresh (and its file removed, so the next
    process writes it again)."""
    with suppress(OSError):
        path.unlink()
    table = build()
    return cast(dict[Any, Any], table if item is None else table[item])


_UNASKED = object()  # a word not asked about yet (see `LookupTable._met`)
_ABSENT = object()  # a word the table lacks


class LookupTable(Mapping[Any, Any]):
    """A cached dict read bucket by bucket as its keys are asked for (see `cached`): the same
    answers as the dict, without decoding the hundreds of thousands of entries never asked for."""

    __slots__ = (
        "_all",
        "_body",
        "_checksums",
        "_count",
        "_decoded",
        "_length",
        "_met",
        "_offsets",
        "_rebuild",
        "_whole",
    )

    def __init__(
        self,
        body: memoryview,
        length: int,
        count: int,
        offsets: bytes,
        checksums: bytes,
        whole: tuple[int, int, int],
        rebuild: Callable[[], dict[Any, Any]],
    ) -> None:
        self._body = body
        self._length = length
        self._count = count
        self._offsets = array("I")
        self._offsets.frombytes(offsets)
        self._checksums = array("I")
        self._checksums.frombytes(checksums)
        if _SWAP:
            self._offsets.byteswap()
            self._checksums.byteswap()
        if len(self._offsets) != count + 1 or len(self._checksums) != count:
            raise ValueError("damaged lookup table")
        self._whole = whole
        self._rebuild = rebuild
        self._decoded: dict[int, dict[Any, Any]] = {}
        self._all: dict[Any, Any] | None = None
        # each key asked about, with its answer (`_ABSENT` when the table lacks it): a run asks
        # about the same few thousand words tens of thousands of times, and finding a word's
        # bucket (a checksum of its UTF-8) cost more than the answer
        self._met: dict[Any, Any] = {}

    def _bucket(self, key: object) -> dict[Any, Any] | None:
        if self._all is not None:  # gone through whole (or damaged): the dict answers
            return self._all
        # a few thousand look-ups a run: the common case (a str key) in as few steps as can be
        h = zlib.crc32(key.encode("utf-8", "surrogatepass")) if type(key) is str else _hash(key)
        if h is None:
            return None
        n = h % self._count
        bucket = self._decoded.get(n)
        if bucket is None:
            offsets = self._offsets
            bucket = self._decoded[n] = self._decode(
                self._body[offsets[n] : offsets[n + 1]], self._checksums[n]
            )
        return bucket

    def _decode(self, data: memoryview, checksum: int) -> dict[Any, Any]:
        # (called only while no whole table answers; tens of thousands of times a run: no
        # context manager around marshal)
        if zlib.crc32(data) == checksum:
            try:
                decoded = marshal.loads(data)
            except (EOFError, ValueError, TypeError):
                decoded = None
            if type(decoded) is dict:
                return decoded
        if self._all is None:  # damaged: the whole table, built again, answers from now on
            self._all = self._rebuild()
        return self._all

    def _answer(self, key: object) -> Any:
        """The key's value, or `_ABSENT`."""
        # (a key of strings only: any other key, hashable or not, goes the long way each time)
        if type(key) is str or (type(key) is tuple and all(type(part) is str for part in key)):
            found = self._met.get(key, _UNASKED)
            if found is _UNASKED:
                bucket = self._bucket(key)
                found = _ABSENT if bucket is None else bucket.get(key, _ABSENT)
                if self._all is None:  # a damaged table's dict answers from now on
                    self._met[key] = found
            return found
        bucket = self._bucket(key)
        return _ABSENT if bucket is None else bucket.get(key, _ABSENT)

    def get(self, key: Any, default: Any = None) -> Any:
        # a key asked about before: one step (most look-ups of a run)
        try:
            found = self._met.get(key, _UNASKED)
        except TypeError:  # an unhashable key: none of the table's
            found = _ABSENT
        if found is _UNASKED:
            found = self._answer(key)
        return default if found is _ABSENT else found

    def __getitem__(self, key: Any) -> Any:
        found = self._answer(key)
        if found is _ABSENT:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return self._answer(key) is not _ABSENT

    def __len__(self) -> int:
        return self._length

    def _everything(self) -> dict[Any, Any]:
        if self._all is None:
            at, size, checksum = self._whole
            self._all = self._decode(self._body[at : at + size], checksum)
        return self._all

    def __iter__(self) -> Iterator[Any]:
        return iter(self._everything())

    def items(self) -> Any:
        return self._everything().items()

    def values(self) -> Any:
        return self._everything().values()

    def keys(self) -> Any:
        return self._everything().keys()


class MadeOnUse(Mapping[Any, V], Generic[V]):
    """A table whose values are made from a cached table's plain ones (a row into a dataclass,
    rows into patterns) as they are asked for, each once: a run asks for a few thousand of the
    phrase list's 20,000 entries, and making every one of them took longer than the cache's
    load. Iterating goes through the cached table in its order."""

    __slots__ = ("_made", "_make", "_raw")

    def __init__(self, raw: Mapping[Any, Any], make: Callable[[Any], V]) -> None:
        self._raw = raw
        self._make = make
        self._made: dict[Any, Any] = {}  # each key asked about: its value, or `_ABSENT`

    def get(self, key: Any, default: Any = None) -> Any:
        found = self._made.get(key, _UNASKED)
        if found is _UNASKED:
            raw = self._raw.get(key, _ABSENT)
            found = self._made[key] = _ABSENT if raw is _ABSENT else self._make(raw)
        return default if found is _ABSENT else found

    def __getitem__(self, key: Any) -> V:
        found = self.get(key, _ABSENT)
        if found is _ABSENT:
            raise KeyError(key)
        return cast(V, found)

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __len__(self) -> int:
        return len(self._raw)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._raw)
