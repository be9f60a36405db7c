"""The baseline the benchmarks compare studyterm's analysis with: bare spaCy, like with like.

The same model loaded with the same components as studyterm runs (`analysis.nlp.load_nlp`: the
parser left out, `senter` enabled for sentences), piping the same texts with the same batch size
as `Analyzer.analyse`, streamed (no Doc kept). Only what studyterm adds on top is then measured.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any


def studyterm_batch_size() -> int:
    """The batch size `Analyzer.analyse` pipes with (its default)."""
    from studyterm.analysis.vocab import Analyzer

    return int(inspect.signature(Analyzer.analyse).parameters["batch_size"].default)


def same_pipeline(model: str) -> Any:
    """A separate spaCy pipeline with studyterm's components (not shared with its analyzer)."""
    import spacy

    nlp = spacy.load(model, exclude=["parser"])
    if "senter" in nlp.component_names and "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    elif "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    return nlp


def bare_pipe(nlp: Any, texts: Iterable[str], batch_size: int, n_process: int = 1) -> int:
    """Run the pipeline over `texts`, streamed; the number of tokens (so the work is used)."""
    return sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
