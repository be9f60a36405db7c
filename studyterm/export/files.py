"""Writing exported files safely: to a temporary name beside the target, then renamed.

What "the target" is matters as much as the rename: a symbolic link is followed, so the file it
points to is updated and the link stays; a device or FIFO (`-o /dev/stdout`, `-o /dev/null`, a
pipe to another program) is written through, since renaming over it would replace it with a
plain file; and the library's own files (its database, the SQLite journal files, its downloads)
are refused under any name or link. A run killed mid-way leaves a temporary file named after its
process; the next write beside the same target removes those whose process is gone.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from studyterm.errors import ExportError
from studyterm.store.paths import owner_of

__all__ = ["check_target", "open_output", "scratch_folder", "temp_beside", "write_atomic"]

_LEGACY_STALE_AFTER = 3600.0  # seconds: temporary files without a process id (older versions)


def _strerror(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _real(target: Path) -> tuple[Path, os.stat_result | None]:
    """The path with every link resolved, and its status (None when nothing is there yet)."""
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ExportError("cannot write: a loop of symbolic links", path=target) from exc
        raise ExportError(f"cannot write: {_strerror(exc)}", path=target) from exc
    return Path(os.path.realpath(target)), st


def _check(target: Path, library: Path | None = None) -> tuple[Path, os.stat_result | None]:
    """Resolve `target` and refuse what must not be written; (real path, its status)."""
    real, st = _real(target)
    owner = owner_of(real, library)
    if owner is not None:
        raise ExportError(
            f"cannot write: it is a file of the studyterm library in {owner.parent}", path=target
        )
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise ExportError("cannot write: it is a folder", path=target)
    if st is not None and not (stat.S_ISREG(st.st_mode) or _through(st)):
        raise ExportError("cannot write: it is not a file, a device or a FIFO", path=target)
    if st is None or stat.S_ISREG(st.st_mode):
        folder = real.parent
        if not folder.is_dir():
            raise ExportError("cannot write: its folder does not exist", path=target)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ExportError("cannot write: permission denied", path=target)
    return real, st


def _through(st: os.stat_result) -> bool:
    """Written through rather than replaced: character devices and FIFOs."""
    return stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)


def check_target(path: str | Path, library: Path | None = None) -> Path:
    """Fail early, with one line, when a file could not be written there (before any analysis).

    `library` is a library database whose files are refused, besides those this process opened.
    """
    target = Path(path)
    _check(target, library)
    return target


def _stale(name: str, folder: Path) -> None:
    """Remove temporary files of `name` left by writers that were killed."""
    pattern = re.compile(rf"\.{re.escape(name)}\.(?:(\d+)\.)?[0-9a-f]{{8}}\.tmp")
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if m is None:
            continue
        try:
            if m.group(1) is not None:
                if not _gone(m.group(1)):
                    continue
            elif time.time() - entry.stat(follow_symlinks=False).st_mtime < _LEGACY_STALE_AFTER:
                continue
        except OSError:
            continue
        with suppress(OSError):
            os.unlink(entry.path)


def _gone(pid_text: str) -> bool:
    """Whether the process with this id has ended (False when unsure)."""
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except (ValueError, OSError, OverflowError):
        return False
    return False


@contextmanager
def scratch_folder(kind: str) -> Iterator[Path]:
    """A private temporary folder (`studyterm-KIND-PID-…` in the system's temp folder), removed
    afterwards; those of killed runs are removed first, so a kill leaves nothing for long."""
    base = Path(tempfile.gettempdir())
    stale = re.compile(rf"studyterm-{re.escape(kind)}-(\d+)-\w+")
    with suppress(OSError):
        for entry in os.scandir(base):
            m = stale.fullmatch(entry.name)
            if m and entry.is_dir(follow_symlinks=False) and _gone(m.group(1)):
                shutil.rmtree(entry.path, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=f"studyterm-{kind}-{os.getpid()}-") as folder:
        yield Path(folder)


def temp_beside(target: Path) -> tuple[int, Path]:
    """Create a new, empty temporary file beside `target` and return (fd, path).

    Unlike `tempfile.mkstemp` (always 0600), the file gets the mode a plain new file would
    (0666 less the umask), or the mode of the file it replaces: a handout or deck is shared
    with a class, so it must stay readable by others when the user's umask says so. The name
    holds our process id, so a later write can tell a killed writer's leftovers from a live one's.
    """
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = None
    _stale(target.name, target.parent)
    for _ in range(100):
        tmp = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise ExportError(f"cannot write: {_strerror(exc)}", path=target) from exc
        if mode is not None:
            os.fchmod(fd, mode)
        return fd, tmp
    raise ExportError("cannot write: no free temporary name beside it", path=target)


def _open_through(real: Path, st: os.stat_result, shown: Path) -> BinaryIO:
    flags = os.O_WRONLY
    if stat.S_ISFIFO(st.st_mode):
        flags |= os.O_NONBLOCK  # no reader: fail at once instead of waiting for one forever
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise ExportError("cannot write: a FIFO with no reader", path=shown) from exc
        raise ExportError(f"cannot write: {_strerror(exc)}", path=shown) from exc
    os.set_blocking(fd, True)
    return os.fdopen(fd, "wb")


@contextmanager
def open_output(path: str | Path, library: Path | None = None) -> Iterator[BinaryIO]:
    """A binary file to write an export into; on leaving, the target holds the complete new
    content (or, after an error, exactly what it held before).

    A regular file (or a new one) is written under a temporary name beside the real target
    and renamed over it; a device or FIFO is written through. OSError becomes ExportError.
    """
    shown = Path(path)
    real, st = _check(shown, library)
    if st is not None and _through(st):
        fh = _open_through(real, st, shown)
        try:
            with fh:
                yield fh
        except OSError as exc:
            raise ExportError(f"cannot write: {_strerror(exc)}", path=shown) from exc
        return
    fd, tmp = temp_beside(real)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, real)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write: {_strerror(exc)}", path=shown) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: bytes, library: Path | None = None) -> Path:
    """Write bytes so the target is either the old file or the complete new one, never partial."""
    with open_output(path, library) as fh:
        fh.write(data)
    return Path(path)
