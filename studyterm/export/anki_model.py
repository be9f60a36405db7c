"""The note type of studyterm's Anki decks: its identity, fields, card templates and style.

Anki matches a note type by id. On import it replaces the learner's copy (templates, style) only
when the package's copy is newer, and it compares the two by modification time. The time written
here is therefore derived from the templates and style themselves: `MODEL_MTIME` belongs to
`MODEL_DIGEST`, the hash of `TEMPLATES` and `CSS`, and a test fails when one changes without the
other. A learner's own edit to a template or the style (made later) is then kept by every
re-import until studyterm ships a new design, which replaces it, as Anki's "update if newer" says.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import genanki

__all__ = [
    "CARD_TYPES",
    "CONTENT_FIELDS",
    "CSS",
    "FIELDS",
    "MODEL_DIGEST",
    "MODEL_ID",
    "MODEL_MTIME",
    "MODEL_NAME",
    "SWITCH_FIELDS",
    "TEMPLATES",
    "model",
    "model_digest",
]

# The note type's identity. Never change these: Anki matches note types by id, and a changed field
# list under the same id makes Anki import into a copy ("studyterm vocabulary+") instead.
MODEL_ID = 1_607_392_741
MODEL_NAME = "studyterm vocabulary"

# When the templates and style below last changed (Unix seconds), and their hash. Change the
# templates or CSS → set MODEL_DIGEST to `model_digest()` and MODEL_MTIME to the time of the
# change (tests/export/test_anki_model.py checks the pair).
MODEL_DIGEST = "ad7c1db056d1ecbf"
MODEL_MTIME = 1_796_533_960

CARD_TYPES = ("recognition", "production", "cloze")

# The content fields, then one switch per card type (Anki's own idiom, as in its "Basic (optional
# reversed card)": a card type's front renders, and so the card exists, only when its switch is
# non-empty). `Clue` is the definition with the word blanked (for fronts); `Rank` the frequency
# rank as a number (a sort field); `Exam` the exam lists (not `Tags`, which is Anki's own
# `{{Tags}}`).
CONTENT_FIELDS = (
    "Word",
    "Lemma",
    "POS",
    "Pronunciation",
    "Gloss",
    "Definition",
    "Clue",
    "Sentence",
    "Cloze",
    "Translation",
    "Source",
    "Level",
    "Frequency",
    "Rank",
    "Exam",
    "Audio",
)
SWITCH_FIELDS = {"recognition": "Add Recognition", "production": "Add Production", "cloze": "Add Cloze"}
FIELDS = CONTENT_FIELDS + tuple(SWITCH_FIELDS.values())

# Every card's root carries MathJax's ignore classes: nothing on a studyterm card is maths.
_ROOT = '<div class="st {kind} tex2jax_ignore mathjax_ignore">'

_INFO = """<div class="info">{{Level}}{{#Frequency}} · {{Frequency}}{{/Frequency}}\
{{#Exam}} · {{Exam}}{{/Exam}}</div>
{{#Source}}<div class="source">{{Source}}</div>{{/Source}}"""

_RECOGNITION_FRONT = (
    """{{#Add Recognition}}
"""
    + _ROOT.format(kind="recognition")
    + """
<div class="word">{{Word}}</div>
<div class="meta"><span class="pos">{{POS}}</span>{{#Pronunciation}} \
<span class="pron">{{Pronunciation}}</span>{{/Pronunciation}}</div>
{{#Sentence}}<div class="sentence">{{Sentence}}</div>{{/Sentence}}
</div>
{{/Add Recognition}}"""
)

_RECOGNITION_BACK = (
    """{{FrontSide}}
<hr id="answer">
"""
    + _ROOT.format(kind="answer")
    + """
{{#Gloss}}<div class="gloss">{{Gloss}}</div>{{/Gloss}}
{{#Definition}}<div class="definition">{{Definition}}</div>{{/Definition}}
{{#Translation}}<div class="translation">{{Translation}}</div>{{/Translation}}
{{Audio}}
"""
    + _INFO
    + "\n</div>"
)

_PRODUCTION_FRONT = (
    """{{#Add Production}}{{#Gloss}}
"""
    + _ROOT.format(kind="production")
    + """
<div class="prompt"><span class="gloss">{{Gloss}}</span></div>
<div class="meta"><span class="pos">{{POS}}</span></div>
{{#Cloze}}<div class="sentence">{{Cloze}}</div>{{/Cloze}}
</div>
{{/Gloss}}{{/Add Production}}"""
)

_WORD_ANSWER = (
    """{{FrontSide}}
<hr id="answer">
"""
    + _ROOT.format(kind="answer")
    + """
<div class="word">{{Word}}</div>
{{#Pronunciation}}<div class="meta"><span class="pron">{{Pronunciation}}</span></div>{{/Pronunciation}}
{{#Sentence}}<div class="sentence">{{Sentence}}</div>{{/Sentence}}
{{#Translation}}<div class="translation">{{Translation}}</div>{{/Translation}}
"""
)

_PRODUCTION_BACK = (
    _WORD_ANSWER
    + """\
{{#Definition}}<div class="definition">{{Definition}}</div>{{/Definition}}
{{Audio}}
"""
    + _INFO
    + "\n</div>"
)

_CLOZE_FRONT = (
    """{{#Add Cloze}}{{#Cloze}}
"""
    + _ROOT.format(kind="cloze")
    + """
<div class="sentence">{{Cloze}}</div>
<div class="meta"><span class="pos">{{POS}}</span>{{#Clue}} · \
<span class="definition">{{Clue}}</span>{{/Clue}}</div>
</div>
{{/Cloze}}{{/Add Cloze}}"""
)

_CLOZE_BACK = (
    _WORD_ANSWER
    + """\
{{#Gloss}}<div class="gloss">{{Gloss}}</div>{{/Gloss}}
{{#Definition}}<div class="definition">{{Definition}}</div>{{/Definition}}
{{Audio}}
"""
    + _INFO
    + "\n</div>"
)

TEMPLATES = (
    ("Recognition", _RECOGNITION_FRONT, _RECOGNITION_BACK),
    ("Production", _PRODUCTION_FRONT, _PRODUCTION_BACK),
    ("Cloze", _CLOZE_FRONT, _CLOZE_BACK),
)

# Light by default; Anki puts .nightMode (and the older .night_mode) on the body in night mode.
# Sizes in em so phones (narrow screens, larger default text) read as well as desktops.
CSS = """\
.card {
  font-family: -apple-system, "Segoe UI", "Helvetica Neue", Arial, "PingFang SC",
    "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  font-size: 20px;
  line-height: 1.5;
  color: #1f2328;
  background-color: #fcfcfa;
  text-align: center;
  padding: 0.6em;
}
.st { max-width: 34em; margin: 0 auto; }
.word { font-size: 1.9em; font-weight: 600; line-height: 1.2; margin: 0.2em 0; }
.meta { color: #656d76; font-size: 0.8em; }
.pos { font-style: italic; }
.pron { font-family: "Charis SIL", "Doulos SIL", "Lucida Sans Unicode", "Segoe UI", serif; }
.sentence { text-align: left; margin: 0.9em 0; font-size: 0.95em; }
.sentence b { color: #b42318; font-weight: 600; }
.blank { color: #0b63c5; font-weight: 600; white-space: nowrap; }
.prompt { font-size: 1.2em; margin: 0.4em 0; }
.gloss { font-size: 1.25em; }
.definition { color: #424a53; font-style: italic; }
.translation { color: #424a53; text-align: left; font-size: 0.9em; }
.info { color: #656d76; font-size: 0.75em; margin-top: 1em; }
.source { color: #8c959f; font-size: 0.7em; margin-top: 0.3em; }
hr#answer { border: 0; border-top: 1px solid #d0d7de; margin: 0.9em 0; }
.nightMode.card, .night_mode .card, .nightMode .card { color: #e6edf3; background-color: #1c1f24; }
.nightMode .meta, .nightMode .info, .night_mode .meta, .night_mode .info { color: #9198a1; }
.nightMode .definition, .nightMode .translation,
.night_mode .definition, .night_mode .translation { color: #c9d1d9; }
.nightMode .sentence b, .night_mode .sentence b { color: #ff8e7a; }
.nightMode .blank, .night_mode .blank { color: #79b8ff; }
.nightMode .source, .night_mode .source { color: #7d8590; }
.nightMode hr#answer, .night_mode hr#answer { border-top-color: #3d444d; }
@media (max-width: 480px) {
  .card { font-size: 18px; padding: 0.3em; }
  .word { font-size: 1.7em; }
}
"""


def model_digest() -> str:
    """The hash of what the note type looks like: field names, templates and style."""
    h = hashlib.sha256()
    for part in (*FIELDS, *(x for t in TEMPLATES for x in t), CSS):
        h.update(part.encode())
        h.update(b"\x00")
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def model() -> genanki.Model:
    """The genanki note type, written with MODEL_MTIME as its modification time (genanki would
    write the export's time, and Anki would then replace the learner's edited templates)."""
    import genanki

    class _Model(genanki.Model):  # type: ignore[misc]
        def to_json(self, timestamp: float, deck_id: int) -> dict[str, object]:
            data: dict[str, object] = super().to_json(MODEL_MTIME, deck_id)
            return data

    return _Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": n, "qfmt": q, "afmt": a} for n, q, a in TEMPLATES],
        css=CSS,
        sort_field_index=0,
    )
