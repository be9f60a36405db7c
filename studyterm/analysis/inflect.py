"""English inflection, both ways: for ranking word families and for blanking a word on a card.

`forms_of` gives the inflected forms of a lemma (so a family's frequency is the sum of its forms:
*bloodiest* ranks by *bloody*, *bloodier*, *bloodiest*; and a card's front hides every one of
them). A word in lemminflect's dictionary gets the forms written there, irregular ones included
(*go*: goes, went, gone, going; *child*: children; *commit*: committed); any other word gets the
regular rules below. `bases_of` undoes a regular suffix to find candidate lemmas of a word form
(used to build the family-rank table from wordfreq's word list).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from types import ModuleType
from typing import cast

from studyterm.analysis.datacache import cached

__all__ = [
    "adjectives_of_adverb",
    "bases_of",
    "family_forms",
    "family_start",
    "forms_of",
    "lemminflect_primed",
]

_VOWELS = set("aeiou")

# lemminflect's Penn tags for each coarse POS whose forms are looked up (adverbs keep the lemma)
_NOUN_TAGS = ("NN", "NNS")
_TAGS = {
    "NOUN": _NOUN_TAGS,
    "PROPN": _NOUN_TAGS,
    "VERB": ("VB", "VBZ", "VBP", "VBD", "VBN", "VBG"),
    "ADJ": ("JJ", "JJR", "JJS"),
}

_VERB_TAGS, _ADJ_TAGS = _TAGS["VERB"], _TAGS["ADJ"]

_Entry = Mapping[str, tuple[str, ...]]


# The columns of lemminflect's inflection table (`resources/infl_lu.csv.gz`: lemma, category,
# then the forms of these Penn tags, spellings split by "/"), and the tags its lemma itself has.
_TABLE_COLUMNS = {"noun": ("NNS",), "verb": ("VBD", "VBN", "VBG", "VBZ"), "adj": ("JJR", "JJS")}
_TABLE_BASE = {"noun": ("NN",), "verb": ("VB", "VBP"), "adj": ("JJ",)}
# lemminflect writes the forms of "be" in its code, not its table
_BE = {
    "VB": ("be",),
    "VBP": ("am", "are"),
    "VBZ": ("is",),
    "VBD": ("was", "were"),
    "VBN": ("been",),
    "VBG": ("being",),
}


@lru_cache(maxsize=1)
def _dictionary() -> Callable[[str], _Entry | None]:
    """A look-up of lemminflect's inflection entries by lower-case lemma (tag → spellings).

    The table is read from lemminflect's data files here (~0.3 s) once, then from the user's
    cache (`datacache`): importing lemminflect imports spaCy (~1 s), which an export of analysed
    episodes or a review never needs otherwise, and its `getAllInflections` deep-copies the entry
    on every call (~25 us; a 5,000-note deck asks for some 20,000). lemminflect's own look-up is
    the fallback.
    """
    try:
        return cached(
            "lemminflect-inflections",
            _read_table,
            sources=_lemminflect_files("infl_lu.csv.gz", "infl_overrides.csv"),
            code=[__name__],
            lookup=True,
        ).get
    except (OSError, ValueError, TypeError, IndexError):  # another layout: lemminflect's call
        import lemminflect

        def public(lemma: str) -> _Entry | None:
            entry: _Entry | None = lemminflect.getAllInflections(lemma) or None
            return entry

        return public


def _lemminflect_folder() -> Path:
    spec = find_spec("lemminflect")  # its folder, without running its __init__ (and spaCy)
    if spec is None or not spec.submodule_search_locations:
        raise OSError("lemminflect is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _lemminflect_files(*names: str) -> list[Path]:
    """lemminflect's files a table is read from or by (names in its resources folder, or paths
    in the package), and its version: changing any of them rebuilds the cached table."""
    folder = _lemminflect_folder()
    return [folder / "__init__.py", *(folder / ("resources/" + n if "/" not in n else n) for n in names)]


def lemminflect_primed() -> ModuleType:
    """lemminflect, its dictionary of lemmas (of every word form) read from the user's cache
    (`datacache`) instead of its own file: parsing that took ~0.35 s of every analysis. Only its
    loading changes, never its answers: the cached table is what its own reader returns, rebuilt
    when lemminflect changes, and a lemminflect that keeps the table elsewhere reads its own."""
    import lemminflect  # imports spaCy: only called where spaCy runs

    lemmatizer = lemminflect.Lemmatizer()  # one per process (a singleton)
    if not hasattr(lemmatizer, "lemma_dict"):  # what it loads on first use, when missing

        def read() -> dict[str, dict[str, tuple[str, ...]]]:
            table: dict[str, dict[str, tuple[str, ...]]] = lemminflect.codecs.LemmaLUCodec.LemmaLUCodec.load(
                lemminflect.config.lemma_lu_fn
            )
            return table

        sources = _lemminflect_files("lemma_lu.csv.gz", "codecs/LemmaLUCodec.py", "core/LexicalUtils.py")
        lemmatizer.lemma_dict = cached(
            "lemminflect-lemmas", read, sources=sources, code=[__name__], lookup=True
        )
    return cast(ModuleType, lemminflect)


def _read_table() -> dict[str, dict[str, tuple[str, ...]]]:
    import gzip

    folder = _lemminflect_folder() / "resources"
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    with gzip.open(folder / "infl_lu.csv.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            lemma, category, *forms = line.rstrip("\n").split(",")
            columns = _TABLE_COLUMNS.get(category)
            if columns is None:  # adverbs: not looked up
                continue
            entry = table.setdefault(lemma, {})
            for tag in _TABLE_BASE[category]:
                entry[tag] = (lemma,)
            for tag, spellings in zip(columns, forms, strict=False):
                if spellings:
                    entry[tag] = tuple(spellings.split("/"))
    with open(folder / "infl_overrides.csv", encoding="utf-8") as lines:  # its corrections
        for line in lines:
            if line.strip() and not line.startswith("#"):
                lemma, tag, form = line.strip().split(",")
                table.setdefault(lemma, {})[tag] = (form,)
    table["be"] = _BE
    if not table.get("go", {}).get("VBD"):  # not the table this reader knows
        raise ValueError("unknown layout of lemminflect's table")
    return table


def _dictionary_forms(entry: _Entry, tags: tuple[str, ...]) -> list[str] | None:
    """The forms an entry of lemminflect's dictionary gives for these tags, each once (None when
    it has none of them: the dictionary has the word as another part of speech only)."""
    spellings = [entry[tag] for tag in tags if tag in entry]
    if not spellings:
        return None
    if len(spellings) == 1:
        return list(spellings[0])
    return list(dict.fromkeys(sum(spellings, ())))


def _doubles_final(word: str) -> bool:
    """CVC words of one syllable double the last consonant: stop → stopped, big → bigger."""
    return (
        len(word) >= 3
        and word[-1] not in _NO_DOUBLING
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
        and sum(map(word.count, "aeiou")) == 1
    )


_NO_DOUBLING = _VOWELS | {"w", "x", "y"}


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _verb_forms(word: str) -> list[str]:
    # a verb in consonant + o takes -es: echoes, vetoes (nouns vary: potatoes, photos)
    third = word + "es" if word.endswith("o") and word[-2:-1] not in _VOWELS else _plural(word)
    last = word[-1:]
    if last == "e":
        if word.endswith("ie"):
            return [third, word + "d", word[:-2] + "ying"]
        if word.endswith(("ee", "ye", "oe")):
            return [third, word + "d", word + "ing"]
        stem = word[:-1]
        return [third, stem + "ed", stem + "ing"]
    if last == "y" and len(word) > 1 and word[-2] not in _VOWELS:
        return [third, word[:-1] + "ied", word + "ing"]
    if _doubles_final(word):
        return [third, word + last + "ed", word + last + "ing"]
    return [third, word + "ed", word + "ing"]


def _adj_forms(word: str) -> list[str]:
    if word.endswith("e"):
        return [word + "r", word + "st"]
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return [word[:-1] + "ier", word[:-1] + "iest"]
    if _doubles_final(word):
        return [word + word[-1] + "er", word + word[-1] + "est"]
    return [word + "er", word + "est"]


def forms_of(lemma: str, pos: str) -> list[str]:
    """The lemma and its inflections for a coarse spaCy POS (NOUN, VERB, ADJ, ...): the
    dictionary's when lemminflect knows the word so (irregular ones included), else regular."""
    lemma = lemma.lower()
    if " " in lemma or ("-" in lemma and pos != "NOUN"):
        return [lemma]
    tags = _TAGS.get(pos)
    if tags is None:
        return [lemma]
    return _forms(lemma, pos, tags, _dictionary()(lemma))


def _forms(lemma: str, pos: str, tags: tuple[str, ...], entry: _Entry | None) -> list[str]:
    """forms_of, given the lemma's dictionary entry (lower case, one word)."""
    if entry is not None and (known := _dictionary_forms(entry, tags)) is not None:
        forms = known if known[0] == lemma else [lemma, *(f for f in known if f != lemma)]
        if len(forms) == 1 and tags is _NOUN_TAGS:  # no plural but itself (news, research):
            forms.append(_plural(lemma))  # the regular one too, as the tagger may read one
        return forms
    if pos == "VERB":
        return [lemma, *_verb_forms(lemma)]
    if pos == "ADJ":
        return [lemma, *_adj_forms(lemma)]
    return [lemma, _plural(lemma)]


def family_forms(word: str, pos: str) -> set[str]:
    """Every form a reader may meet of the word (lower case): its forms as a verb and as a noun,
    and as `pos` (an adjective's comparatives); and when it is itself a form of another word
    (*consolidated*, ADJ, of the verb *consolidate*), that word's forms. What a card that asks
    for the word must hide: the union of those `forms_of`, in one pass (a deck works this out
    for thousands of new words)."""
    if " " in word:
        return {word}
    lookup = _dictionary()
    entry = lookup(word)
    one_word = "-" not in word
    if entry is None:  # most rare words: the regular forms
        out = {word, _plural(word)}
        if one_word:
            out.update(_verb_forms(word))
            if pos == "ADJ":
                out.update(_adj_forms(word))
    else:
        out = {word, *_forms(word, "NOUN", _NOUN_TAGS, entry)}
        if one_word:
            out.update(_forms(word, "VERB", _VERB_TAGS, entry))
            if pos == "ADJ":
                out.update(_forms(word, "ADJ", _ADJ_TAGS, entry))
    # the word a verb or noun form comes from; -er and -est make no regular verb or noun form,
    # so those bases count only when the dictionary says so (*kroner*, plural of *krone*)
    rules = _RULES_ENDING.get(word[-1:])
    if not rules:  # no suffix of an inflection ends so (most words)
        return out
    for base in _bases(word, rules[0]) + [b for b in _bases(word, rules[1]) if lookup(b) is not None]:
        base_entry = lookup(base)
        if base_entry is None:
            if word == _plural(base):
                out.update((base, word))
            if "-" not in base and word in (family := _verb_forms(base)):
                out.add(base)
                out.update(family)
            continue
        if "-" not in base and word in (family := _forms(base, "VERB", _VERB_TAGS, base_entry)):
            out.update(family)
        if word in (family := _forms(base, "NOUN", _NOUN_TAGS, base_entry)):
            out.update(family)
    return out


def family_start(word: str) -> str:
    """A start that every one of `family_forms(word, pos)` has, for any POS, told without making
    them (a word's forms are needed only when a text holds a word with that start); empty when
    it cannot be told so (*go*: *went*)."""
    # regular forms keep the word but a last e or y (make → making, study → studies) or ie
    # (die → dying): of the word, and of any word it may be a form of; the dictionary's forms
    # are read as they are
    lookup = _dictionary()
    start = _regular_start(word)
    entry = lookup(word)
    if entry:
        start = _entry_start(start, entry)
    rules = _RULES_ENDING.get(word[-1:])
    if rules:
        for base in _bases(word, rules[0]):
            kept = _regular_start(base)
            while not kept.startswith(start):
                start = start[:-1]
            if entry := lookup(base):
                start = _entry_start(start, entry)
        for base in _bases(word, rules[1]):  # (-er, -est: only as the dictionary has them)
            if entry := lookup(base):
                kept = _regular_start(base)
                while not kept.startswith(start):
                    start = start[:-1]
                start = _entry_start(start, entry)
    return start


def _regular_start(word: str) -> str:
    """The start every regular form of the word keeps (see _plural, _verb_forms, _adj_forms)."""
    if word.endswith("ie"):
        return word[:-2]
    if word.endswith(("e", "y")):
        return word[:-1]
    return word


def _entry_start(start: str, entry: _Entry) -> str:
    """The longest start of `start` that every form of a dictionary entry has."""
    # an entry has three or four forms: a plain loop beats sorting them out with min and max
    for forms in entry.values():
        for form in forms:
            while not form.startswith(start):
                start = start[:-1]
    return start


_SUFFIX_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("iest", ("y",)),
    ("ier", ("y",)),
    ("ies", ("y",)),
    ("ied", ("y",)),
    ("ying", ("ie",)),
    ("est", ("", "e")),
    ("ing", ("", "e")),
    ("ed", ("", "e")),
    ("er", ("", "e")),
    ("es", ("",)),
    ("s", ("",)),
)
# by a word's last letter: the suffixes of regular verb and noun forms ending so, and those of
# adjectives only (-er, -est)
_RULES_ENDING = {
    last: (
        tuple(r for r in _SUFFIX_RULES if r[0][-1] == last and not r[0].endswith(("er", "est"))),
        tuple(r for r in _SUFFIX_RULES if r[0][-1] == last and r[0].endswith(("er", "est"))),
    )
    for last in {suffix[-1] for suffix, _ in _SUFFIX_RULES}
}


def bases_of(word: str) -> list[str]:
    """Candidate lemmas of a word form by undoing one regular suffix (longest suffix first).

    The caller decides which candidates are real words; candidates shorter than three letters are
    never offered (they make *thing* the plural of *th*).
    """
    return _bases(word, _SUFFIX_RULES)


def _bases(word: str, rules: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
    out: list[str] = []
    for suffix, replacements in rules:
        if not word.endswith(suffix) or len(word) - len(suffix) < 2:
            continue
        stem = word[: -len(suffix)]
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            continue
        for rep in replacements:
            cand = stem + rep
            if len(cand) >= 3:
                out.append(cand)
        if suffix in ("est", "ing", "ed", "er") and len(stem) >= 3 and stem[-1] == stem[-2]:
            out.append(stem[:-1])
    return out


def adjectives_of_adverb(adverb: str) -> list[str]:
    """Candidate adjectives of an -ly adverb, to be checked against a word list: warmly → warm,
    happily → happy, gently → gentle, basically → basic, fully → full, truly → true."""
    stem = adverb[:-2]
    out = [stem, adverb[:-1] + "e", stem + "l", stem + "e"]
    if stem.endswith("i"):
        out.append(stem[:-1] + "y")
    if adverb.endswith("ically"):
        out.append(adverb[:-4])
    return [w for w in out if len(w) > 2]
