"""Writing exported files safely: to a temporary name beside the target, then renamed."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from studyterm.errors import ExportError

__all__ = ["check_target", "temp_beside", "write_atomic"]


def temp_beside(target: Path) -> tuple[int, Path]:
    """Create a new, empty temporary file beside `target` and return (fd, path).

    Unlike `tempfile.mkstemp` (always 0600), the file gets the mode a plain new file would
    (0666 less the umask), or the mode of the file it replaces: a handout or deck is shared
    with a class, so it must stay readable by others when the user's umask says so.
    """
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = None
    for _ in range(100):
        tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise ExportError(f"cannot write: {exc.strerror}", path=target) from exc
        if mode is not None:
            os.fchmod(fd, mode)
        return fd, tmp
    raise ExportError("cannot write: no free temporary name beside it", path=target)


def check_target(path: str | Path) -> Path:
    """Fail early, with one line, when a file could not be written there (before any analysis)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ExportError("cannot write: it is a folder", path=target)
    if not folder.is_dir():
        raise ExportError("cannot write: its folder does not exist", path=target)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError("cannot write: permission denied", path=target)
    return target


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write bytes so the target is either the old file or the complete new one, never partial."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise ExportError("cannot write: its folder does not exist", path=target)
    fd, tmp = temp_beside(target)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"cannot write: {exc.strerror}", path=target) from exc
    return target
