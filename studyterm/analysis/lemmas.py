"""The lemma and part of speech of a word token, checked rather than taken on trust.

spaCy's small pipeline lemmatizes by lookup rules that break on real news text: *taxes → taxi*,
*shines → shin*, *moped → mop*, *bathes → bath*, *bloodiest* kept as is. A lemma is accepted here
only when it is a word (`known.is_known_word`) and the token is one of its forms; the candidates
are tried in this order:

1. words news uses as lemmas of their own (*data, media, news*), and lexicalised *-ed/-ing*
   adjectives our glossary has (*crowded, fleeting, devastating*) when the token is used as an
   adjective;
2. lemminflect's dictionary lemma for the token's part of speech (irregular pasts, plurals,
   comparatives and superlatives: *forswore → forswear*, *bloodiest → bloody*);
3. spaCy's lemma, when it is a word and the token is a regular form of it;
4. the token itself.

A lemma none of the sources knows is *suspect*: listed last or left out, never glossed by guess.
Units and abbreviations (*kg, mph, sq, GDP*) are not words for vocabulary at all.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from studyterm.analysis.inflect import bases_of, forms_of
from studyterm.analysis.known import glossary_pos, in_glossary, is_known_word, word_zipf

__all__ = ["Lemma", "choose_lemma", "dictionary_lemmas", "gerund_before_particle", "is_abbreviation"]

# plurals that news English uses as words of their own: "data" is not looked up as "datum"
OWN_LEMMA = frozenset(
    {
        "data",
        "media",
        "news",
        "goods",
        "arms",
        "customs",
        "headquarters",
        "means",
        "series",
        "species",
        "politics",
        "economics",
        "outskirts",
        "surroundings",
        "belongings",
        "earnings",
        "savings",
        "proceeds",
        "premises",
        "remains",
        "whereabouts",
        "authorities",
    }
)
# units and abbreviations written in lower case; upper-case ones are caught by their shape
UNITS = frozenset(
    {
        "kg",
        "km",
        "cm",
        "mm",
        "mg",
        "ml",
        "lb",
        "lbs",
        "oz",
        "ft",
        "mph",
        "kph",
        "kmh",
        "sq",
        "mi",
        "yd",
        "yds",
        "hr",
        "hrs",
        "min",
        "mins",
        "sec",
        "secs",
        "gb",
        "mb",
        "kb",
        "tb",
        "ghz",
        "mhz",
        "kw",
        "kwh",
        "mw",
        "gw",
        "gwh",
        "twh",
        "pct",
        "bn",
        "mn",
        "tn",
        "etc",
        "vs",
        "approx",
        "dept",
        "govt",
        "st",
        "ave",
        "rd",
        "no",
        "nos",
        "jr",
        "sr",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "inc",
        "ltd",
        "co",
        "corp",
        "am",
        "pm",
        "bc",
        "ad",
        "ce",
        "bce",
        "kilo",
        "kilos",
        "cc",
        "ppm",
        "ppb",
        "mpg",
        "rpm",
        "psi",
        "db",
        "hz",
        "ie",
        "eg",
        "cf",
        "ca",
        "yr",
        "yrs",
        "wk",
        "wks",
        "mo",
        "mos",
        "pc",
        "pcs",
        "sqm",
    }
)
# number words spaCy does not always mark as numbers (*ninety* as a noun)
_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion trillion"
)
NUMBER_WORDS = frozenset(_NUMBERS.split())
_VOWELS = frozenset("aeiouy")
_LEMMINFLECT_POS = {"NOUN": "NOUN", "VERB": "VERB", "ADJ": "ADJ", "ADV": "ADV"}
_INFLECTED = frozenset({"NNS", "VBD", "VBN", "VBG", "VBZ"})  # tags of a plural or a verb's forms
_BASE_TAGS = frozenset({"NN", "VB", "VBP", "JJ", "RB"})  # tags of a word's own form
_COMPARED = frozenset({"JJR", "JJS", "RBR", "RBS"})  # tags of a comparative or superlative


@dataclass(frozen=True)
class Lemma:
    lemma: str
    pos: str
    known: bool  # False: no dictionary, list or frequency table knows it (suspect)


@lru_cache(maxsize=65_536)
def is_abbreviation(text: str) -> bool:
    """Units, abbreviations, number words and letter strings that are not words for vocabulary:
    *kg, mph, sq, GDP, WTO, ninety*."""
    low = text.lower()
    if low in UNITS or low in NUMBER_WORDS or low.removesuffix("ies") + "y" in NUMBER_WORDS:
        return True  # ... and the nineties
    if len(text) >= 2 and text.isupper() and text.isalpha():
        return True  # GDP, WTO, NATO: acronyms are names or abbreviations, never vocabulary
    return len(low) <= 4 and not _VOWELS.intersection(low)


@lru_cache(maxsize=1)
def _lemminflect():  # type: ignore[no-untyped-def]
    from studyterm.analysis.inflect import lemminflect_primed  # its lemma table from the cache

    return lemminflect_primed()


@lru_cache(maxsize=131_072)
def dictionary_lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's dictionary lemmas of a word form by POS (no out-of-vocabulary rules)."""
    return dict(_lemminflect().getAllLemmas(word))


@lru_cache(maxsize=131_072)
def choose_lemma(text: str, pos: str, spacy_lemma: str, tag: str = "", own_form: bool = True) -> Lemma:
    """The checked lemma and part of speech of a token (see the module docstring). `own_form`:
    a form the glossary has as a word under its tagged part of speech is that word (*the
    plumbing*); the phrase finder says False, matching a tagger's noun in *-ing* as its verb
    (*a firm bidding for the contract* holds *bid for*)."""
    low = text.lower()
    spacy_lemma = spacy_lemma.lower()
    # comparatives and superlatives tagged as nouns ("the greatest"): they are adjectives
    if tag in ("JJR", "JJS"):
        pos = "ADJ"
    elif tag in ("RBR", "RBS"):
        pos = "ADV"
    if low in OWN_LEMMA and pos == "NOUN":
        return Lemma(low, pos, True)
    if tag == "NNS" and pos == "NOUN" and in_glossary(low, "NOUN"):
        return Lemma(low, pos, True)  # a plural the glossary has as a word: *futures*, *securities*
    if not low.isascii() and not glossary_pos(low):
        folded = _without_accents(low)
        if folded != low and folded.isascii():
            # *cafés*, *naïve*: the glossary's spelling without the accents (the tagger calls a
            # plural it does not know singular: *cafés* NN)
            plural = pos == "NOUN" and tag == "NN" and low.endswith("s")
            return choose_lemma(
                folded, pos, _without_accents(spacy_lemma), "NNS" if plural else tag, own_form
            )
    if pos == "ADJ" and low.endswith(("ed", "ing")) and in_glossary(low, "ADJ"):
        return Lemma(low, "ADJ", True)  # lexicalised participles: "a crowded room"
    if pos == "ADJ" and low.endswith("ing") and in_glossary(low, "NOUN"):
        # an -ing noun of the glossary's read as an adjective (one with an adjective entry is
        # taken above): that noun, not its verb (*flown home for debriefing*, *during
        # roasting*); a noun in -ing the glossary has as an
        # adjective only is mostly a gerund (*the constant buzzing*, *touring is where the
        # money is*), and stays its verb's
        return Lemma(low, "NOUN", True)
    if pos == "NOUN" and low.endswith("people") and len(low) > 6:
        person = low[:-6] + "person"  # *craftspeople*, *spokespeople*: the glossary's singular
        if in_glossary(person, "NOUN") and not in_glossary(low, "NOUN"):
            return Lemma(person, "NOUN", True)
    lemmas = dictionary_lemmas(low)
    if pos == "NOUN" and "NOUN" not in lemmas and "ADJ" in lemmas and low.endswith("est"):
        pos = "ADJ"  # "the bloodiest" read as a noun
    if pos == "NOUN" and low.endswith("er") and not in_glossary(low, "NOUN"):
        # a comparative read as a noun (*summers are getting wetter*): its adjective
        for adjective in lemmas.get("ADJ", ()):
            if adjective != low and in_glossary(adjective, "ADJ"):
                return Lemma(adjective, "ADJ", True)
    if pos in ("VERB", "ADJ") and not glossary_pos(low):
        prefixed = _prefixed_verb(low)
        if prefixed is not None:
            return Lemma(prefixed, "VERB", True)  # *outsold* is *outsell*, *overspent* *overspend*
    if pos == "NOUN" and low.endswith("ing") and not in_glossary(low, "NOUN"):
        # a gerund our glossary has no noun entry for (*the mowing*, *depriving*): the verb
        for verb in lemmas.get("VERB", ()):
            if in_glossary(verb, "VERB"):
                return Lemma(verb, "VERB", True)
    cands = lemmas.get(_LEMMINFLECT_POS.get(pos, pos), ())
    if low in cands and tag in _BASE_TAGS and is_known_word(low):
        return Lemma(low, pos, True)  # a base form that is also another's inflection: *cola*, not *colon*
    known = [cand for cand in cands if is_known_word(cand)]
    if len(known) > 1 and any(a + "e" == b for a in known for b in known):
        # two lemmas a final *e* tells apart, one form for both (*routed*: *rout* or *route*):
        # the commoner word (*calls were routed through a server*; *rout* stays where it is
        # the only reading)
        return Lemma(max(known, key=word_zipf), pos, True)
    if known:
        return Lemma(known[0], pos, True)
    if own_form and tag in _BASE_TAGS and in_glossary(low, pos):
        return Lemma(low, pos, True)  # a word of its own as tagged: *the plumbing*, not *plumb*
    if pos == "NOUN" and tag in _BASE_TAGS and in_glossary(low, "ADJ") and not in_glossary(low, "NOUN"):
        # an adjective of its own read as a noun before a noun (*a bespoke suit*): the adjective,
        # not the verb it may once have been a participle of (*bespeak*)
        return Lemma(low, "ADJ", True)
    if pos == "NOUN" and tag == "NNS" and not in_glossary(low, "NOUN"):
        # a plural as tagged, of a noun the glossary has, before any other reading lemminflect
        # offers: *proper dams* is the noun *dam* (lemminflect has *dams* as a verb's form only)
        for base in bases_of(low):
            if base != low and in_glossary(base, "NOUN") and low in forms_of(base, "NOUN"):
                return Lemma(base, "NOUN", True)
    # a form lemminflect knows under another part of speech only, as an inflection: that reading
    # (*rashes* tagged as a verb is the plural of *rash*, *larvae* read as an adjective of *larva*)
    for other, cands in lemmas.items():
        for cand in cands:
            if (
                other in _LEMMINFLECT_POS
                and cand != low
                and in_glossary(cand, other)
                and low in forms_of(cand, other)
            ):
                # (an inflection the rules spell: *a real chilling effect* holds no *rial*)
                return Lemma(cand, other, True)
    # (a comparative or superlative too: *truer*, *freest*, *bluer* are not in lemminflect)
    inflected = (tag in _INFLECTED or tag in _COMPARED) and not in_glossary(low, pos)
    if (
        spacy_lemma.isalpha()
        and is_known_word(spacy_lemma)
        and (not inflected if spacy_lemma == low else low in forms_of(spacy_lemma, pos))
    ):
        return Lemma(spacy_lemma, pos, True)
    if inflected:
        # an inflection the regular rules spell otherwise, of a word lemminflect does not know
        # (*superheroes*, *wiretapped*, *cafés*, *truer*): a base the glossary has under this part
        # of speech
        for base in bases_of(low):
            if base != low and in_glossary(base, pos):
                return Lemma(base, pos, True)
    if pos == "NOUN" and tag == "NNS" and not in_glossary(low, "NOUN"):
        # a plural lemminflect does not know (*mudflats*, *strugglers*): its regular singular
        for base in bases_of(low):
            if (
                base != low
                and low in forms_of(base, "NOUN")
                and (is_known_word(base) or (word_zipf(base) > 0 and is_known_word(low)))
            ):
                return Lemma(base, "NOUN", True)
    if is_known_word(low):
        return Lemma(low, pos, True)
    # a word lemminflect knows under another part of speech only: take that reading's lemma
    for other, cands in lemmas.items():
        for cand in cands:
            if other in _LEMMINFLECT_POS and in_glossary(cand):
                return Lemma(cand, pos, True)
    glossed = glossary_pos(low)
    return Lemma(low, pos, bool(glossed))


# prefixes before an irregular verb's form that lemminflect does not know (*outsold*, *overspent*)
_VERB_PREFIXES = ("out", "over", "under", "re", "mis", "fore", "up", "with")


def _prefixed_verb(low: str) -> str | None:
    """The glossary verb a prefix and an irregular form spell (*outsold*: *out* + *sold*, a form of
    *sell*: *outsell*), or None."""
    for prefix in _VERB_PREFIXES:
        rest = low[len(prefix) :]
        if low.startswith(prefix) and len(rest) >= 3:
            for base in dictionary_lemmas(rest).get("VERB", ()):
                if base != rest and in_glossary(prefix + base, "VERB"):
                    return prefix + base
    return None


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def gerund_before_particle(pos: str, lower: str, next_tag: str) -> bool:
    """A word in -ing tagged as a noun but followed by a particle is a verb (*the centre-right
    teaming up with the populists*): the tagger's own particle says so. `pos` is the token's
    part of speech as tagged, `lower` its lower-case text, `next_tag` the next token's tag ("" at
    the end of a Doc)."""
    return pos == "NOUN" and lower.endswith("ing") and next_tag == "RP"
