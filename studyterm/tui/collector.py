"""Python's cycle collector and the study app's long-lived data.

A long episode opens as tens of thousands of objects (its analysis, marks, paragraphs, then the
glossary's entries) that live as long as the reader. Python's collector runs a pass every 700 new
objects, and each full pass walks every object there is: while an episode loads it walks the new
ones again and again, and later a full pass in the middle of a key press took up to 150 ms on a
20,000-word episode. So the workers that build such data run with passes far apart
(`building_kept_data`), and what they built is then set aside from future passes (`set_aside`,
`gc.freeze`) until the screen that holds it goes (`release`).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["building_kept_data", "release", "set_aside"]

SPARSE_THRESHOLD = 70_000  # new objects between passes while kept data is built (Python: 700)

_lock = threading.Lock()
_builders = 0
_saved: tuple[int, ...] = ()


@contextmanager
def building_kept_data() -> Iterator[None]:
    """Fewer collector passes while this block builds data that will be kept (several workers
    may be in such a block at once: the usual pace returns when the last one leaves)."""
    global _builders, _saved
    with _lock:
        if _builders == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(_saved[0], SPARSE_THRESHOLD), *_saved[1:])
        _builders += 1
    try:
        yield
    finally:
        with _lock:
            _builders -= 1
            if _builders == 0:
                gc.set_threshold(*_saved)


def set_aside() -> None:
    """Leave every object alive now out of future collector passes (they stay alive anyway)."""
    gc.freeze()


def release() -> None:
    """Give the collector back what was set aside (the screen holding it is gone)."""
    gc.unfreeze()
