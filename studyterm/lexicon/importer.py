"""`studyterm dict import`: tell a dictionary file's format and import it into the library.

Formats are a registry: each module (ecdict, stardict, tsv) has `sniff(head)` and
`parse(path, progress)`. The format is told by the file's content first (a StarDict .ifo's magic
line, an ECDICT header, a zip holding a CSV, a tab on the first line), then by its extension.
The import itself is all or nothing in the store (batches into a dictionary hidden until the
last one): a file found broken half-way leaves the library's dictionaries exactly as they were.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from studyterm.errors import InputError, UsageError
from studyterm.ingest.detect import check_readable
from studyterm.lexicon import ecdict, stardict, tsv
from studyterm.store import Store
from studyterm.store.dictionaries import DictEntry, DictionaryRow, check_name

__all__ = ["FORMATS", "DictFormat", "default_name", "detect_format", "import_dictionary", "zip_csv_entries"]

Progress = Callable[[int, int], None]


class DictFormat(Protocol):
    def sniff(self, head: bytes) -> bool: ...

    def parse(self, path: Path, progress: Progress | None = None) -> Iterator[DictEntry]: ...


FORMATS: dict[str, DictFormat] = {"ecdict": ecdict, "stardict": stardict, "tsv": tsv}
_STARDICT_SUFFIXES = (".ifo", ".idx", ".idx.gz", ".dict", ".dict.dz", ".syn")
_ZIP_MAGIC = b"PK\x03\x04"


def _head(path: Path) -> bytes:
    if path.is_dir():
        return b""
    check_readable(path)  # not a FIFO or device: reading one would never end
    try:
        with path.open("rb") as fh:
            return fh.read(8192)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from exc


def detect_format(path: Path) -> str:
    """'ecdict', 'stardict' or 'tsv' for this file; InputError when it is none of them."""
    name = path.name.lower()
    if path.is_dir() or name.endswith(_STARDICT_SUFFIXES):
        return "stardict"
    head = _head(path)
    if not head.strip():
        raise InputError("file is empty", path=path)
    if stardict.sniff(head):
        return "stardict"
    if head.startswith(_ZIP_MAGIC) or ecdict.sniff(head):
        return "ecdict"
    if tsv.sniff(head):
        return "tsv"
    if name.endswith(".csv"):
        return "ecdict"  # parse() says what is wrong with its columns
    if name.endswith((".tsv", ".txt")) and b"\x00" not in head:
        return "tsv"  # parse() names the line that is not word<TAB>gloss
    if b"\x00" in head:
        raise InputError("binary file, not a dictionary (ECDICT CSV, StarDict or TSV)", path=path)
    raise InputError(
        "cannot tell what kind of dictionary this is: not an ECDICT CSV (no "
        "word,…,translation header), not StarDict, no tab for TSV; "
        "give --format ecdict, stardict or tsv",
        path=path,
    )


def default_name(path: Path) -> str:
    """A dictionary's name from its file: `ecdict.csv` → ecdict, `oald.dict.dz` → oald."""
    if path.is_dir():
        ifos = sorted(path.glob("*.ifo"))
        path = ifos[0] if ifos else path / path.name
    name = path.name
    for suffix in (*_STARDICT_SUFFIXES, ".csv", ".tsv", ".txt", ".zip"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    name = "-".join(name.split()) or "dictionary"
    return name if name.lower() not in ("builtin", "phrases") else f"{name}-1"


def zip_csv_entries(path: Path, progress: Progress | None = None) -> Iterator[DictEntry]:
    """Entries of the ECDICT CSV inside a zip archive (the largest .csv member)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"broken zip archive: {exc}", path=path) from exc
    with archive:
        members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv") and not m.is_dir()]
        if not members:
            raise InputError("the zip archive holds no .csv file", path=path)
        member = max(members, key=lambda m: m.file_size)
        label = f"{path}!{member.filename}"
        try:
            with archive.open(member) as stream:
                yield from ecdict.read_rows(stream, label, member.file_size, progress)
        except (zipfile.BadZipFile, EOFError) as exc:
            raise InputError(f"broken zip archive: {exc}", path=label) from exc


def entries_of(path: Path, fmt: str, progress: Progress | None = None) -> Iterator[DictEntry]:
    """The entries of a dictionary file in a known format (zip archives for ECDICT)."""
    if fmt == "ecdict" and _head(path).startswith(_ZIP_MAGIC):
        return zip_csv_entries(path, progress)
    return FORMATS[fmt].parse(path, progress)


def import_dictionary(
    store: Store,
    path: str | Path,
    *,
    name: str | None = None,
    fmt: str | None = None,
    replace: bool = False,
    progress: Progress | None = None,
) -> DictionaryRow:
    """Import a dictionary file into the library, all of it or none; returns its row."""
    p = Path(path)
    if not p.is_dir():
        check_readable(p)
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown dictionary format {fmt!r} (ecdict, stardict or tsv)")
    fmt = fmt or detect_format(p)
    name = (name or default_name(p)).strip()
    check_name(name)
    if store.has_dictionary(name) and not replace:
        raise UsageError(
            f"there is already a dictionary named {name!r}: remove it first, or "
            "import this one with another --name (or --replace)"
        )
    source = str(p.resolve()) if p.exists() else str(p)
    if fmt == "stardict":
        source = str(stardict.stardict_files(p)[0].resolve())
    return store.add_dictionary(name, fmt, source, entries_of(p, fmt, progress), replace=replace)
