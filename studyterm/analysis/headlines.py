"""Headlines in title case (or capitals), read as the sentences they are.

News texts open with a headline, often in title case: *Brussels and Washington Edge Towards Trade
War Over Electric Vehicle Tariffs*, *HEATWAVE PUSHES GRID TO THE BRINK*. The small English model
takes nearly every capitalised word for a name, so such a line gave no vocabulary at all (*edge
towards*, *tariffs*, *in limbo* were missed by reviewers' lists). The analysed copy of a headline
is therefore put in sentence case: after its first word, a capitalised word is lower-cased when
the glossary has it (or it is a small function word) and the text does not use it as a name
elsewhere (capitalised in mid-sentence in its body: *Trump*, *Senate*, *Union*). Only the case of
ASCII letters changes, so every offset holds and the reader shows the headline as written.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

from studyterm.analysis.inflect import bases_of
from studyterm.analysis.known import in_glossary

__all__ = ["HeadlineCase", "headline_verbs", "is_headline", "is_title_line", "sentence_case"]

_WORD = re.compile(r"[A-Za-z][A-Za-z']*(?:-[A-Za-z][A-Za-z']*)*")
# capitalised in mid-sentence: after a lower-case word (or a comma) and a space
_MID_CAPITAL = re.compile(r"(?<=[a-z,] )[A-Z][A-Za-z]+")
# small words title case capitalises that are no glossary headwords
_FUNCTION_TEXT = (
    "a an the and but or nor so yet as at by for from in into of off on onto out over per to up "
    "upon via with within without than that this these those its it is are was were be been has "
    "have had will would can could should may might must do does did not no our your their his "
    "her we you they he she i who what when where why how which after before amid among against "
    "about above below under between through towards toward until while can shall going goes "
    "gone"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
_MAX_CHARS = 200


def is_headline(text: str) -> bool:
    """Whether a paragraph is a headline in title case or capitals: one line of at most 200
    characters, at least four words, not ending as a sentence does (a question mark may end
    it), and four in five of its words of four letters or more capitalised."""
    line = text.strip()
    if not line or len(line) > _MAX_CHARS or "\n" in line or line[-1] in ".!,;:":
        return False
    words = _WORD.findall(line)
    long_words = [w for w in words if len(w) >= 4]
    if len(words) < 4 or len(long_words) < 3:
        return False
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return capitalised * 5 >= len(long_words) * 4


def _lower_ok(base: str) -> bool:
    """Whether a word read in lower case is an ordinary word: each part of a hyphenated one a
    glossary headword or a function word."""
    return all(_ordinary(p) for p in base.lower().split("-"))


def _ordinary(word: str) -> bool:
    """A function word, or a glossary headword or a regular form of one (*tariffs*, *hosts*)."""
    return word in _FUNCTION_WORDS or in_glossary(word) or any(in_glossary(b) for b in bases_of(word))


def _title_cased(word: str) -> bool:
    """*Edge*, *All-Night*, *Old-for-New*, *Can't*: a capital and then lower case, but for the
    capitals opening the parts of a hyphenated word."""
    parts = word.split("'")[0].split("-")
    return word[:1].isupper() and all(p[1:] == p[1:].lower() for p in parts) and word == word[:1] + word[1:]


def _opens_sentence(text: str, at: int) -> bool:
    """Whether the word at `at` follows a colon, question or exclamation mark: a headline's second
    part opens with a capital in sentence case too (*Trading up: Are…*)."""
    return text[:at].rstrip()[-1:] in (":", "?", "!")


def _keeps_capital(text: str, k: int, at: int, word: str, base: str, names: Container[str]) -> bool:
    """Whether the k-th word of a title-case headline keeps its capital: the first word, one
    opening a second part, one not in title case (*EU*, *eVTOL*), a name of the text, a word the
    glossary does not have."""
    if k == 0 or _opens_sentence(text, at) or not _title_cased(word):
        return True
    return base in names or not _lower_ok(base)


def sentence_case(text: str, names: Container[str] = ()) -> str:
    """The headline `text` in sentence case (see the module's docstring); the same length."""
    words = list(_WORD.finditer(text))
    shouting = sum(1 for m in words if len(m.group()) > 1 and m.group().isupper()) * 2 > len(words)
    chars = list(text)
    for k, m in enumerate(words):
        word = m.group()
        base = word.split("'")[0]  # *China's*, *Can't* by *China*, *Can*
        if shouting and word.isupper():
            # a headline in capitals: each word as a word, a name of the text as a name, any
            # other short word as an acronym (*EU*, *AI*)
            if base.capitalize() in names:
                cased = word.capitalize()
            elif _lower_ok(base):
                cased = word.lower()
            elif len(word) <= 3:
                continue
            else:
                cased = word.capitalize()
            if k == 0:
                cased = cased[:1].upper() + cased[1:]
        elif _keeps_capital(text, k, m.start(), word, base, names):
            continue
        else:
            cased = word.lower()
        chars[m.start() : m.end()] = cased
    return "".join(chars)


class HeadlineCase:
    """For one episode: its paragraphs' analysed copies, headlines in sentence case. The names
    the episode's body uses (capitalised in mid-sentence) and its people's names are gathered
    the first time a headline is met, so a text without one costs a check per paragraph."""

    def __init__(self, paragraphs: Iterable[str], people: Iterable[str] = ()) -> None:
        self._paragraphs = paragraphs
        self._people = people
        self._names: set[str] | None = None

    def __call__(self, text: str) -> str:
        if not is_headline(text):
            return text
        if self._names is None:
            body = (p for p in self._paragraphs if not is_headline(p))
            names = {m.group() for p in body for m in _MID_CAPITAL.finditer(p)}
            names.update(w for person in self._people for w in person.replace("-", " ").split())
            self._names = names
        return sentence_case(text, self._names)


def is_title_line(text: str) -> bool:
    """Whether a paragraph reads as a headline or a subheading in any case: one line of at most
    200 characters and three to twenty words that does not end as a sentence does."""
    line = text.strip()
    if not line or len(line) > _MAX_CHARS or "\n" in line or line[-1] in ".!?,;:\"'\u201d\u2019)":
        return False
    return 3 <= len(_WORD.findall(line)) <= 20


# what ends a headline's clause: its prepositions and conjunctions (*stalls as*, *over*), punctuation
_CLAUSE_ENDS = frozenset({"IN", "CC", "TO", ",", ":", "HYPH", "``", "''", "-LRB-", "-RRB-"})
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
# what may open a headline's second clause (*talks stall as nations dig in*); after any other
# preposition come its object's nouns (*over production caps*, *amid funding cuts*)
_CLAUSE_OPENERS = frozenset({"as", "while", "when", "because", "since", "and", "but", "so", ",", ":"})


def headline_verbs(
    tags: list[str], lowers: list[str], lemmas: list[str], compound: Container[str]
) -> list[int]:
    """The tokens of a headline the tagger took for nouns that are its verbs: a headline drops
    its articles, so the small model reads *Peace summit stalls over guarantees*, *Steelmaker
    bets on hydrogen* and *treaty talks stall as nations dig in* as runs of nouns. In a clause
    with no verb, a run of nouns that ends the clause ends with its verb where that word agrees
    with the noun before it (*summit stalls*, *talks stall*) and is a verb in the glossary; and
    a singular noun's -s form with a noun after it is the verb of the run (*government pledges
    billions*). A listed term is no subject and its verb (*tax cuts*: `compound` holds the
    terms, as "first second" lemmas)."""
    verbs: list[int] = []
    start = 0
    n = len(tags)
    for end in [*(i for i in range(n) if tags[i] in _CLAUSE_ENDS), n]:
        clause = range(start, end)
        opener = lowers[start - 1] if start > 0 else ""
        start = end + 1
        if not clause or any(tags[i].startswith("VB") or tags[i] == "MD" for i in clause):
            continue
        if opener and opener not in _CLAUSE_OPENERS:
            continue  # a preposition's object is no clause: *over production caps*
        runs: list[list[int]] = []
        for i in clause:
            if tags[i] in _NOUN_TAGS and lowers[i].isalpha():
                if runs and runs[-1][-1] == i - 1:
                    runs[-1].append(i)
                else:
                    runs.append([i])
        for run in runs:
            verb = _run_verb(run, run[-1] == clause[-1], tags, lowers, lemmas, compound)
            if verb is not None:
                verbs.append(verb)
    return verbs


def _run_verb(
    run: list[int],
    ends: bool,
    tags: list[str],
    lowers: list[str],
    lemmas: list[str],
    compound: Container[str],
) -> int | None:
    """The verb of a run of nouns (see `headline_verbs`), if it has one."""

    def agrees(k: int) -> bool:
        i, before = run[k], run[k - 1]
        if f"{lemmas[before]} {lemmas[i]}" in compound or not in_glossary(lemmas[i], "VERB"):
            return False
        if tags[i] == "NNS" and lowers[i].endswith("s"):
            return tags[before] in ("NN", "NNP")  # *summit stalls*
        # *talks stall* (a plural as written: *media firm* is no *media* and its verb)
        return tags[i] == "NN" and tags[before] in ("NNS", "NNPS") and lowers[before].endswith("s")

    if len(run) < 2:
        return None
    if ends and agrees(len(run) - 1):
        return run[-1]
    for k in range(1, len(run) - 1):  # *government pledges billions*: its object after it
        if tags[run[k]] == "NNS" and agrees(k):
            return run[k]
    return None
