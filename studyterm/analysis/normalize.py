"""A normalised copy of transcript text for the analysis, with offsets mapped back.

Transcripts arrive with curly quotes, full-width punctuation (from Chinese input methods),
typographic ligatures from PDFs (*ﬁrst*, *ofﬁce*: Unicode NFKC is applied to every non-ASCII
character),
zero-width characters, non-breaking spaces and sentences glued together ("media.Kazakhstan").
spaCy reads those badly, so the analysis runs on a cleaned copy; every character of the copy knows
which character of the original it came from, so highlights land on the text as the user gave it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Normalized", "normalize"]

_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u3000": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\uff0c": ",",
    "\u3001": ",",
    "\u3002": ".",
    "\uff0e": ".",
    "\uff01": "!",
    "\uff1f": "?",
    "\uff1a": ":",
    "\uff1b": ";",
    "\uff08": "(",
    "\uff09": ")",
    "\u300a": '"',
    "\u300b": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u00ad": "",
}
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
# Sound and stage notes of transcripts and captions ("[music]", "(applause)", "[CROSSTALK]"):
# not words the speakers said, and spaCy breaks sentences at their brackets. A bracket of at most
# four words is a note when one of them is a sound word, so "[the SCO]" in a quote stays text.
_NOTE = re.compile(r"\[\s*([A-Za-z][\w' :.-]{0,40}?)\s*\]\s*|\(\s*([A-Za-z][\w' :.-]{0,40}?)\s*\)\s*")
_SOUND_WORDS = frozenset(
    {
        "music",
        "applause",
        "laughter",
        "laughs",
        "laughing",
        "chuckles",
        "chuckling",
        "cheering",
        "cheers",
        "crosstalk",
        "inaudible",
        "unintelligible",
        "indistinct",
        "silence",
        "pause",
        "sighs",
        "coughs",
        "coughing",
        "noise",
        "jingle",
        "static",
        "beep",
        "beeps",
        "clears",
    }
)
# A sentence end glued to the next sentence: "media.Kazakhstan", "said.In". Two lower-case
# letters before the stop keep "U.S.A" and "e.g.The" style abbreviations out.
_GLUED = re.compile(
    r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])|(?<=[a-z][.!?][\"'])(?=[A-Z][a-z])|(?<=[a-z][\"'][.!?])(?=[A-Z][a-z])"
)
# what every glued sentence end has at its place, found much faster than one (a text without it
# has none)
_GLUED_HINT = re.compile(r"[.!?\"'][A-Z]")


@dataclass(frozen=True)
class Normalized:
    text: str
    # offsets[i] = index in the original of normalised character i; offsets[len(text)] = len(orig)
    offsets: list[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original text."""
        if end <= start:
            o = self.offsets[start]
            return (o, o)
        return (self.offsets[start], self.offsets[end - 1] + 1)


def normalize(text: str) -> Normalized:
    """Return the cleaned copy of `text` and its offset map (pure; O(n))."""
    text = _unshouted(text)
    notes = _note_positions(text)
    if not notes and text.isascii() and "\r" not in text:
        # the usual paragraph: nothing to map or drop, character by character (every key of
        # _MAP and _DROP is outside ASCII)
        return _unglued(text, list(range(len(text))), len(text))
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROP or i in notes:
            continue
        rep = _MAP.get(ch)
        if rep is None:
            if ch == "\r":
                rep = "\n"
            elif ch.isascii():
                rep = ch
            else:
                # NFKC for everything else: full-width letters, ligatures (ﬁrst, ofﬁce), long s,
                # superscripts; combining sequences are left as they are
                rep = _compat(ch)
        for r in rep:
            out.append(r)
            offsets.append(i)
    return _unglued("".join(out), offsets, len(text))


def _unglued(joined: str, offsets: list[int], original_length: int) -> Normalized:
    """`joined` with the missing space inserted after glued sentence ends; each space maps to
    the next character."""
    if not _GLUED_HINT.search(joined):
        return Normalized(text=joined, offsets=[*offsets, original_length])
    pieces: list[str] = []
    new_offsets: list[int] = []
    last = 0
    for m in _GLUED.finditer(joined):
        pos = m.start()
        pieces.append(joined[last:pos])
        new_offsets.extend(offsets[last:pos])
        pieces.append(" ")
        new_offsets.append(offsets[pos] if pos < len(offsets) else original_length)
        last = pos
    pieces.append(joined[last:])
    new_offsets.extend(offsets[last:])
    new_offsets.append(original_length)
    return Normalized(text="".join(pieces), offsets=new_offsets)


_WORDS = re.compile(r"[^\W\d_]{2,}")


def _unshouted(text: str) -> str:
    """A heading in capitals (*SPUR FOR SEAMLESS CONNECTIVITY*) in lower case with its first letter
    kept: read in capitals, every word of it is an abbreviation or a name to the tagger. Only a
    paragraph of two words or more with no lower-case letter, and only when lower-casing keeps
    every character in its place (the offsets map one to one)."""
    if any(ch.islower() for ch in text) or len(_WORDS.findall(text)) < 2:
        return text
    lower = text.lower()
    if len(lower) != len(text):
        return text
    first = next((k for k, ch in enumerate(lower) if ch.isalpha()), 0)
    return lower[:first] + text[first] + lower[first + 1 :]


def _compat(ch: str) -> str:
    """The NFKC compatibility form of one character, or the character when NFKC would turn it
    into something that is not text (an empty string, or a composed form that needs context)."""
    rep = unicodedata.normalize("NFKC", ch)
    return rep if rep and unicodedata.category(ch) != "Mn" else ch


def _note_positions(text: str) -> set[int]:
    """The positions of the sound notes in `text` (with the space after each)."""
    positions: set[int] = set()
    for m in _NOTE.finditer(text):
        words = re.findall(r"[a-z]+", (m.group(1) or m.group(2)).lower())
        if len(words) <= 4 and _SOUND_WORDS.intersection(words):
            positions.update(range(m.start(), m.end()))
    return positions
