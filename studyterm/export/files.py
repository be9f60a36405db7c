"""Writing exported files safely: to a temporary name beside the target, then renamed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from studyterm.errors import ExportError

__all__ = ["write_atomic"]


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write bytes so the target is either the old file or the complete new one, never partial."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise ExportError("cannot write: its folder does not exist", path=target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ExportError(f"cannot write: {exc.strerror}", path=target) from exc
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
