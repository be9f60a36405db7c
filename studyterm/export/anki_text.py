"""The text of an Anki note: escaped so Anki shows it literally, and made answerable.

Episode and dictionary text is data. Anki would read it as HTML (`<b>`, `&`), as its own syntax
(`[sound:x.mp3]`, `[latex]`, `{{Field}}`) or as maths (MathJax typesets `\\(x^2\\)` and `\\[…\\]`
in the card's text): `escape` writes it so that what shows is what the transcript says. A
backslash is set in its own `<span>`: MathJax looks for `\\(` within one run of text, and an
element boundary ends the run (the card's root also carries MathJax's ignore classes).

A card must be answerable from its front: `blank_word` blanks every form of the word in the
sentence (every occurrence, inflected forms too) and in the definition shown beside it;
`clean_gloss` drops dictionary notes such as "contest的过去式和过去分词" that name the answer.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

from studyterm.analysis.inflect import family_forms, family_start
from studyterm.model import Occurrence, VocabItem

__all__ = [
    "BLANK",
    "EXAMPLE_WORDS",
    "Forms",
    "blank_word",
    "choose_example",
    "clean_gloss",
    "clue_text",
    "escape",
    "find_forms",
    "is_plain",
    "mark_spans",
    "none_but",
    "pos_label",
    "trim_sentence",
    "word_forms",
]

BLANK = '<span class="blank">[…]</span>'
EXAMPLE_WORDS = (8, 30)  # example sentences of 8–30 words are preferred; longer ones are trimmed

_POS_LABELS = {
    "NOUN": "n.",
    "PROPN": "n.",
    "VERB": "v.",
    "AUX": "v.",
    "ADJ": "adj.",
    "ADV": "adv.",
    "PHRASE": "phr.",
    "NUM": "num.",
    "ADP": "prep.",
    "CCONJ": "conj.",
    "SCONJ": "conj.",
    "PRON": "pron.",
    "DET": "det.",
    "INTJ": "int.",
}
_SPECIAL = re.compile(r"[&<>\[\]{}\\]")
_ENTITIES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ("[", "&#91;"),
    ("]", "&#93;"),
    ("{", "&#123;"),
    ("}", "&#125;"),
    ("\\", "<span>\\</span>"),
)


def escape(value: str | None) -> str:
    """Text as card HTML that Anki shows literally: never markup, sound, LaTeX, a field
    reference or MathJax. Most text needs nothing, so it is returned as is."""
    if not value:
        return ""
    if value.isalnum():  # (a single word or number is quickly told plain)
        return value
    # each special character replaced (most text has none): & first, as the entities written
    # for the others hold one; the backslash last, as its <span> is markup
    for char, entity in _ENTITIES:
        if char in value:
            value = value.replace(char, entity)
    return value


def is_plain(value: str) -> bool:
    """Whether text needs no escaping (most text: membership tests are cheaper than a search)."""
    return (
        "&" not in value
        and "<" not in value
        and ">" not in value
        and "[" not in value
        and "]" not in value
        and "{" not in value
        and "}" not in value
        and "\\" not in value
    )


def pos_label(pos: str) -> str:
    """A learner's dictionary label: n. v. adj. adv. phr."""
    return _POS_LABELS.get(pos, pos.lower() + ".")


# ECDICT glosses of inflected forms name their lemma: "contest的过去式和过去分词",
# "(contest)的复数", "contest 的现在分词". On a card they give the answer away.
_INFLECTION_NOTE = re.compile(
    r"[（(]?[A-Za-z][A-Za-z' -]*[)）]?\s*的\s*(?:过去式|过去分词|现在分词|第三人称单数|复数|比较级|"
    r"最高级|变体|变形|名词|动词|形容词|副词|缩写|简写|异体)(?:形式)?"
    r"(?:\s*[和及与、]\s*(?:过去式|过去分词|现在分词|第三人称单数|复数|比较级|最高级)(?:形式)?)*"
)
_SENSE_SPLIT = re.compile(r"\s*[；;]\s*")
_INFLECTION_ASIDE = re.compile(  # "发誓戒除（forswear 的过去分词）": the aside names the stem
    r"\s*[（(][^（）()]*的\s*(?:过去式|过去分词|现在分词|第三人称单数|复数|比较级|最高级)[^（）()]*[)）]"
)
# ECDICT's English notes on inflected forms: "past participle of forswear", "plural of tariff"
_ENGLISH_NOTE = re.compile(
    r"(?:(?:the\s+)?(?:simple\s+)?(?:past(?:\s+tense)?|past\s+participle|present\s+participle|"
    r"plural|(?:third|3rd)\s+person\s+singular(?:\s+present)?(?:\s+tense)?|comparative|"
    r"superlative|imp\.\s*&\s*p\.\s*p\.)(?:\s+(?:form|tense))?\s+of\s+[\w'-]+)",
    re.IGNORECASE,
)
# a word every such note has (most definitions with "of" have none of them)
_NOTE_WORDS = ("past", "participle", "plural", "person", "comparative", "superlative", "imp.")
_NOTE_WORD = re.compile("|".join(map(re.escape, _NOTE_WORDS)), re.IGNORECASE)
_NOTE_WORD_LOW = re.compile("|".join(map(re.escape, _NOTE_WORDS)))  # in lower-case ASCII text
_LABELS_ONLY = re.compile(r"(?:[a-z]{1,5}\.\s*)*\.?")


def clean_gloss(gloss: str | None) -> str | None:
    """The gloss without senses that are inflection notes (None when nothing else is left)."""
    if not gloss:
        return gloss
    if "的" not in gloss:
        return gloss
    gloss = _INFLECTION_ASIDE.sub("", gloss)
    lines = []
    for line in gloss.split("\n"):
        kept = [s for s in _SENSE_SPLIT.split(line) if s and not _is_note(s)]
        if kept:
            lines.append("；".join(kept) if "；" in line or ";" not in line else "; ".join(kept))
    text = "\n".join(lines).strip()
    return text or None


def clue_text(definition: str | None) -> str | None:
    """A definition fit for a front: without English inflection notes ("past participle of
    forswear"), which name the answer's stem; None when nothing else is left."""
    if not definition:
        return definition
    low = definition.lower()
    if " of " not in low:
        return definition
    if definition.isascii():  # (the pattern's any-case letters match four non-ASCII ones too)
        noted = _NOTE_WORD_LOW.search(low) is not None
    else:
        noted = _NOTE_WORD.search(definition) is not None
    if not noted and ";" not in definition and "；" not in definition:
        return definition.strip(" ,") or None  # one sense, no note (the usual case)
    parts = []
    for part in _SENSE_SPLIT.split(definition):
        kept = part.strip(" ,")
        if noted:
            rest = _ENGLISH_NOTE.sub("", part).strip(" ,")
            if rest != kept and _LABELS_ONLY.fullmatch(rest):
                continue  # the part was a note (after its part-of-speech label)
            kept = rest
        if kept:
            parts.append(kept)
    return "; ".join(parts) or None


def _is_note(sense: str) -> bool:
    """A sense that is only an inflection note (after any part-of-speech label such as `v.`)."""
    body = re.sub(r"^(?:[a-z]{1,5}\.\s*)+", "", sense.strip())
    match = _INFLECTION_NOTE.search(body)
    return match is not None and not (body[: match.start()] + body[match.end() :]).strip(" ，,。.")


class Forms:
    """The forms of a word a front must hide: the single words (`words`, to look up; `single`,
    longest first: *strengthened* before *strengthen*), a start they all share (`stem`, to find
    them quickly) and forms of several words (`several`, longest first).

    A word's forms take longer to work out than the rest of its note, and most texts hold no
    form of it but the one met: `word_forms` therefore gives the start its forms must share and
    the forms surely among them (`known`: the lemma and the forms met), and works the rest out
    the first time a text holds another word with that start (`family`)."""

    __slots__ = ("_family", "_words", "known", "several", "stem")

    def __init__(
        self,
        words: AbstractSet[str],
        stem: str,
        several: tuple[str, ...] = (),
        family: tuple[str, str] | None = None,
    ) -> None:
        """`family` (word, POS): `words` are only those known so far, the rest are
        `family_forms(word, POS)`, made on first use; `stem` must then be a start of all."""
        self._words: AbstractSet[str] | None = None if family else words
        self._family = family
        self.known = words
        self.stem = stem
        self.several = several

    @property
    def words(self) -> AbstractSet[str]:
        if self._words is None:
            assert self._family is not None  # (words are None only with a family)
            self._words = family_forms(*self._family) | self.known
        return self._words

    @classmethod
    def of(cls, forms: Iterable[str]) -> Forms:
        return cls._of_lower({f.lower() for f in forms})

    @classmethod
    def _of_lower(cls, forms: set[str]) -> Forms:
        """From forms already in lower case (blank ones are dropped); the set becomes the
        Forms' own."""
        if not all(map(str.strip, forms)):
            forms = {f for f in forms if f.strip()}
        if " " not in "".join(forms):  # the usual case: single words only
            return cls(forms, _shared_start(forms))
        single = {f for f in forms if " " not in f}
        several = sorted((f for f in forms if " " in f), key=len, reverse=True)
        return cls(single, _shared_start(single), tuple(several))

    @property
    def single(self) -> tuple[str, ...]:
        return tuple(sorted(self.words, key=len, reverse=True))

    def __iter__(self) -> Iterator[str]:
        return iter((*self.single, *self.several))

    def __repr__(self) -> str:
        return f"Forms({sorted(self.words)!r}, stem={self.stem!r}, several={self.several!r})"


def _shared_start(words: Collection[str]) -> str:
    """The longest start all words share (*consolidat* for consolidate, consolidated …); empty
    when they share none (*go*, *went*)."""
    if not words:
        return ""
    # the start shared by the first and last in alphabetical order is shared by all; forms of
    # one word share nearly all of it, so shorten from the whole word
    first, last = min(words), max(words)
    size = len(first)
    while size and not last.startswith(first[:size]):
        size -= 1
    return first[:size]


def _forms(lemma: str, pos: str, seen: Sequence[str]) -> Forms:
    low = lemma.lower()
    if len(seen) == 1 and seen[0] == lemma:  # (the usual case)
        known = {low}
        odd = " " in low or not low.strip()
    else:
        known = {low, *map(str.lower, seen)}
        odd = " " in "".join(known) or not all(map(str.strip, known))
    if pos == "PHRASE" or odd:  # phrases, and the odd word met with a space: made at once
        return Forms._of_lower(known if pos == "PHRASE" else family_forms(low, pos) | known)
    # the same word as another part of speech: "consolidated" (ADJ) is a form of
    # "consolidate" (VERB), whose every form gives the answer away too
    stem = family_start(low)  # a start of `low`
    if stem and len(known) > 1:
        stem = _common_start(stem, known)
    if not stem:  # forms with no start in common (go, went): made at once, looked for by word
        return Forms._of_lower(family_forms(low, pos) | known)
    return Forms(known, stem, family=(low, pos))


def _common_start(start: str, words: Iterable[str]) -> str:
    """The longest start of `start` that every word has."""
    for word in words:
        while not word.startswith(start):
            start = start[:-1]
    return start


def word_forms(item: VocabItem) -> Forms:
    """Every form of the item a front must hide: the lemma, the forms met, regular inflections
    (of the word under other parts of speech too)."""
    return _forms(item.lemma, item.pos, item.forms)


_TOKEN = re.compile(r"\w+(?:-\w+)*")
_WORD_AT = re.compile(r"[\w-]*")  # the rest of the word from a position


@lru_cache(maxsize=1024)
def _pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def find_forms(text: str, forms: Forms | Iterable[str]) -> list[tuple[int, int]]:
    """Spans of every form in `text`, whole words only (a hyphenated compound is one word), any
    case. Single words are found with `str.find` from the stem the forms share: a regex per word
    would cost more than the rest of a 5,000-note deck."""
    if not text:
        return []
    if not isinstance(forms, Forms):
        forms = Forms.of(forms)
    low = text.lower()
    spans: list[tuple[int, int]] = []
    stem = forms.stem
    if stem and len(low) == len(text):
        at = low.find(stem)
        known = forms.known
        while at >= 0:
            before = low[at - 1] if at else " "
            if not (before.isalnum() or before in "-_"):
                end = _word_end(low, at, at + len(stem))
                word = low[at:end]
                if word in known or word in forms.words:
                    spans.append((at, end))
            at = low.find(stem, at + 1)
    elif forms.words:  # forms with no shared start (go, went), or lower-casing changed the
        # length (rare letters): go token by token
        spans = [m.span() for m in _TOKEN.finditer(text) if m[0].lower() in forms.words]
    if forms.several:
        spans += [m.span() for m in _pattern(forms.several).finditer(text)]
    return spans


def _word_end(low: str, at: int, end: int) -> int:
    """Where the word that starts at `at` with `low[at:end]` ends."""
    after = low[end] if end < len(low) else " "
    if after.isalnum() or after in "-_":  # the word goes on: read to its end
        return _WORD_AT.match(low, at).end()  # type: ignore[union-attr]  # matches
    return end


def none_but(text: str, forms: Forms, span: tuple[int, int]) -> bool:
    """Whether `find_forms(text, forms)` finds nothing but perhaps `span`, told quickly when the
    start the forms share is only there (most sentences: the word met and no other form)."""
    stem = forms.stem
    low = text.lower()
    at = span[0]
    if (
        stem
        and len(low) == len(text)
        and low.find(stem) == at
        and low.find(stem, at + 1) < 0
        and _word_end(low, at, at + len(stem)) == span[1]
    ):
        return True  # only the word at `span` may be a form
    found = find_forms(text, forms)
    return not found or found == [span]


def mark_spans(text: str, spans: Iterable[tuple[int, int]], wrap: str) -> str:
    """`text` escaped, each span replaced by `wrap` with `{}` standing for the escaped span text
    (spans merged, those outside the text ignored)."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if not 0 <= a < b <= len(text):
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    plain = _SPECIAL.search(text) is None  # most text: slices need no escaping
    esc = (lambda piece: piece) if plain else escape
    out, pos = [], 0
    for a, b in merged:
        out.append(esc(text[pos:a]))
        out.append(wrap.format(esc(text[a:b])) if "{}" in wrap else wrap)
        pos = b
    out.append(esc(text[pos:]))
    return "".join(out)


def blank_word(text: str | None, forms: Forms | Iterable[str]) -> str:
    """Text escaped with every form of the word blanked (for a definition on a front)."""
    if not text:
        return ""
    spans = find_forms(text, forms)
    return mark_spans(text, spans, BLANK) if spans else escape(text)


def _words(text: str) -> int:
    return len(text.split())


def choose_example(item: VocabItem) -> Occurrence | None:
    """The occurrence whose sentence makes the best example: the first of 8–30 words ending like
    a sentence, else the first of 8–30 words, else the one closest to that length."""
    if len(item.occurrences) < 2:
        return item.occurrences[0] if item.occurrences else None
    low, high = EXAMPLE_WORDS

    def misfit(occ: Occurrence) -> tuple[int, int]:
        n = _words(occ.sentence)
        off = low - n if n < low else max(0, n - high)
        text = occ.sentence.strip()
        complete = bool(text) and text[-1] in ".!?\"”'"
        return (off, 0 if complete else 1)

    return min(item.occurrences, key=misfit)  # min keeps the first of equals


def trim_sentence(
    sentence: str, spans: Sequence[tuple[int, int]], limit: int = EXAMPLE_WORDS[1]
) -> tuple[str, list[tuple[int, int]]]:
    """A sentence of more than `limit` words cut to `limit` words around the first span, with an
    ellipsis where text was cut; the spans moved to match."""
    if sentence.count(" ") < limit or _words(sentence) <= limit or not spans:
        return sentence, list(spans)
    bounds = [m.span() for m in re.finditer(r"\S+", sentence)]
    first = min(a for a, _ in spans)
    index = next((i for i, (a, b) in enumerate(bounds) if b > first), 0)
    start = max(0, min(index - limit // 3, len(bounds) - limit))
    end = start + limit
    a, b = bounds[start][0], bounds[end - 1][1]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(bounds) else ""
    shift = len(prefix) - a
    kept = [(x + shift, y + shift) for x, y in spans if a <= x and y <= b]
    return prefix + sentence[a:b] + suffix, kept
