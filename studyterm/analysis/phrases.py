"""Multi-word items: expressions from our phrase list, and phrasal verbs from the tagger.

The phrase list (`studyterm/data/phrases.tsv`, authored by us) is in citation form with open
slots: *hold sb to account*, *take sth into account*, *make one's way*. It is matched on the
lemmas spaCy gives each token (and on the lower-case text, for the odd word the lemmatizer gets
wrong), the way a teacher reads a sentence rather than string by string:

* **gaps** — a determiner, adjective, adverb or number may come between two words of the
  expression (*pose a real challenge* is *pose a challenge*, *strike the right balance* is *strike
  a balance*); an article in the list matches any determiner or none, also the one an
  expression opens with (*a sticking point* is *the main sticking point*); a hyphenated word
  is matched as spaCy splits it (*a double-edged sword*);
* **slots** — `sb` and `sth` take a short noun phrase (*hold him to account*, *hold the ministers
  who signed it to account* is too long and is not taken), `one's` a possessive;
* **separable particles** — a phrasal verb's object may sit between verb and particle (*carry the
  plan out*, *set it up*);
* **passives** — a verb-and-object expression with its object first (*a single ballot is cast*,
  *the balance was finally struck*, *the challenges posed by*).
* **look-alikes left out** — an expression that opens with a preposition is frozen (*in some
  places* is not *in place*, *on procedural grounds* not *on the ground*); a prepositional verb's
  preposition follows the verb or an adverb (*looked easier to score* is not *look to*); a verb's
  expression is not read into a noun phrase (*their push for*) or into a time phrase (*ruled in
  2019*); an inflected verb does not stand for a listed noun (*handed in*, *have a hand in*);
  *a* is never followed by a plural, nor an idiom's gap filled by a number (*runs nearly 200
  miles* is not *run a mile*); a slot left with function words only is no pattern;
* **what reviewers found on fresh news** — an expression never starts or ends inside a
  hyphenated word it does not hold (*spot-kick in* is no *kick in*); an adverb or a noun heading
  a noun phrase is no verb's head (*push rates back down*, *the long-term answer for*); an idiom
  or fixed expression with no slot takes between its words only adverbs, *no*/*some*/*any* and
  plain adjectives before its noun, and a noun's modifiers after its own article (*fell well
  short*, *makes no sense*, *at serious risk*, *take a firm stand*; not *held more water*,
  *got this real energy*, *on very thin margins* for *on the margins*), and of two listed forms
  the one with the text's article wins (*take the stand*); *for* and a length of time is no
  prepositional verb's object (*has fallen for sixteen months*); a verb's particle or
  preposition does not also open a longer fixed expression (*thrown out of sync*); a fixed
  expression's noun with a relative clause of its own is literal (*off the mark she set*); a
  noun after its own adjective, a verb or a preposition is no verb's head (*clearer
  rules on*, *ban phones in*, *before dawn on*); a prepositional verb's preposition opening a
  named time is no verb's (*sliding into next year*, *dawn on Tuesday*); a word of a longer
  idiom is no verb's expression (*hold sb to account for*); of a prepositional verb and a fixed
  expression as long sharing the preposition, one with an article as listed takes it (*worked
  around the clock*), one with words inserted is the verb's object (*betting on robust
  demand*); the noun a frozen expression ends on opening a listed noun expression is that
  one's (*agree on ground rules*); a participle before its noun is as written (*mounting
  pressure*, not *mount pressure*); a contracted verb is its full form (*the jury's still out*);
  *get to sb* needs a person after it (*get to know* is no *get to sb*), a prepositional verb's
  *as* no participle (*functioned as designed*), a frozen expression's noun no noun after it
  (*in office buildings*), and a phrasal verb's particle opening a fixed expression without an
  article is that expression's (*caught on camera* is no *catch on*).

Matches never cross a sentence or punctuation. Where matches overlap, the one with the most words
of the expression wins (*go along with* over *along with*, *strategic mutual trust* over *mutual
trust*), and listed expressions win over tagger-found phrasal verbs (VERB + RP particle) that are
not on the list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING

from studyterm.analysis.datacache import MadeOnUse, cached, data_file, package_tsv
from studyterm.analysis.lemmas import choose_lemma, dictionary_lemmas, gerund_before_particle
from studyterm.analysis.tokens import TokenTable

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "PHRASE_KINDS",
    "Phrase",
    "PhraseFinder",
    "PhraseMatch",
    "opens_with_preposition",
    "phrase_list",
    "phrase_sense_levels",
]

_PHRASE_FILE = "phrases.tsv"
# the kinds of expression the phrase list holds (its `kind` column)
PHRASE_KINDS = frozenset(
    {"compound", "expression", "phrasal", "prepositional", "phrasal-prepositional", "idiom", "collocation"}
)
SLOT_SB, SLOT_STH, SLOT_POSS, SLOT_SELF = "<sb>", "<sth>", "<poss>", "<self>"
_SLOTS = {
    "sb": SLOT_SB,
    "somebody": SLOT_SB,
    "someone": SLOT_SB,
    "sth": SLOT_STH,
    "something": SLOT_STH,
    "one's": SLOT_POSS,
    "sb's": SLOT_POSS,
    "oneself": SLOT_SELF,
}
_ARTICLES = frozenset({"a", "an", "the"})
# singular nouns a plural verb may follow (*the staff chip in*, *the police crack down*)
_GROUP_NOUNS = frozenset(
    "fish sheep deer cattle staff police people crew team public government family committee "  # noqa: SIM905
    "board council jury media management youth military personnel audience couple".split()
)
# quotation marks as the tagger tags them: a writer's quotes inside an expression are not a
# break in it (*sold them "down the river"*)
_QUOTE_TAGS = frozenset({"``", "''"})
_POSSESSIVES = frozenset({"my", "your", "his", "her", "its", "our", "their"})
_REFLEXIVES = frozenset(
    {"myself", "yourself", "himself", "herself", "itself", "ourselves", "yourselves", "themselves", "oneself"}
)
# what may stand between two words of an expression (*pose a real challenge*), at most _GAP
_GAP_POS = frozenset({"DET", "ADJ", "ADV", "NUM"})
_GAP = 2
# a phrasal verb's object between verb and particle (*carry the plan out*), at most _OBJECT
_OBJECT_POS = frozenset({"DET", "ADJ", "NOUN", "PRON", "PROPN", "NUM"})
_OBJECT = 3
# what a slot may hold: sb up to 4 tokens, sth up to 6
_SLOT_POS = frozenset({"DET", "ADJ", "NOUN", "PRON", "PROPN", "NUM", "ADV"})
_SLOT_HEADS = frozenset({"NOUN", "PRON", "PROPN", "NUM"})  # one of which a slot must hold
# ... or one of these, which stand for a noun phrase (*caught many off guard*)
_PRONOUN_LIKE = frozenset(
    {"this", "that", "these", "those", "many", "few", "several", "some", "all", "both", "most"}
    | {"others", "much", "none", "one", "each", "either", "neither", "any", "plenty"}
)
_SLOT_LEN = {SLOT_SB: 4, SLOT_STH: 6, SLOT_POSS: 2, SLOT_SELF: 1}
_PARTICLE_KINDS = frozenset({"phrasal", "phrasal-prepositional"})
_DEMONSTRATIVES = frozenset({"that", "this", "these", "those"})
# words naming a part of what *of* follows them with (*some of that pressure*)
_PARTITIVES = frozenset(
    "some many much most all any none part half each both several few more less".split()  # noqa: SIM905
)
_DEMONSTRATIVE_PAIRS = {"this": "that", "that": "this", "these": "those", "those": "these"}
_NOUN_PHRASE_START = frozenset({"DET", "NOUN", "PROPN", "ADJ", "NUM", "PRON"})
# between an object and its passive verb (*the ballot is cast*, *a deal has finally been struck*)
_PASSIVE_AUX = frozenset(
    {
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "being",
        "has",
        "have",
        "had",
        "get",
        "gets",
        "got",
        "gotten",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "must",
        "should",
        "not",
        "n't",
    }
)
_PASSIVE_GAP = 4
_PASSIVE_KINDS = frozenset({"collocation", "idiom"})
# A fixed expression that opens with a preposition (*in place, on the ground, on demand, at odds
# with*) is frozen: its nouns as listed (*in places* is not *in place*, *on procedural grounds* not
# *on the ground*); its own article or none (*on alert* is *on the alert*) but no other
# determiner or number (*on the demand side* is not *on demand*, *in one place* not *in place*);
# only an adjective or adverb may come between its words (*in close touch with*).
_FROZEN_KINDS = frozenset({"expression", "idiom"})
_PREPOSITIONS = frozenset(
    "in on at by for with from under into onto over within without off out of beyond behind "  # noqa: SIM905
    "above below across against among around between through towards toward upon".split()
)
# what opens a frozen expression: a preposition, *to* too (*to a fault* is not *to the fault*)
_FROZEN_OPENERS = _PREPOSITIONS | {"to"}
_FROZEN_GAP_POS = frozenset({"ADJ", "ADV"})
# the determiners a fixed expression with none takes (*makes no sense*, *buys some time*, *does
# not hold any water*)
_FIXED_DETERMINERS = frozenset({"no", "some", "any"})
# adjectives of quantity: *held more water*, *much water* say how much water, not *hold water*
_QUANTITIES = frozenset({"much", "many", "more", "most", "less", "least", "several", "enough"})
# an ordinal makes a rank of the noun: *in second place* is no *in place*, *took first place* no
# *take place*
_ORDINALS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth last next".split()  # noqa: SIM905
)
# words that cannot anchor an expression on their own
_FUNCTION_WORDS = _ARTICLES | _PREPOSITIONS | frozenset(["to", "and", "or", "as", "that", "it", "so"])
# the kinds whose first word is a verb (or an adjective) taking the rest as particle or
# preposition: a noun in a noun phrase is not their verb (*their push for* is not *push for*)
_VERB_KINDS = frozenset({"phrasal", "prepositional", "phrasal-prepositional"})
_NOUN_DETERMINERS = frozenset({"DT", "PRP$", "POS", "WP$"})
# verbs that take a clause, whose next word may be the clause's verb the tagger read as a noun
_CLAUSE_VERBS = frozenset(
    "say think believe expect know hope suggest show claim argue fear note warn reckon feel guess "  # noqa: SIM905
    "mean find insist estimate predict assume suspect admit agree report add".split()
)
# a length of time after *for* (*for sixteen months*, *for more than a decade*, *for the past
# few years*): at most _DURATION_GAP words of these parts of speech before its unit
_DURATION_PREPOSITIONS = frozenset({"for", "over", "during", "within", "throughout"})
_TIME_OPENERS = _PREPOSITIONS | _DURATION_PREPOSITIONS  # what may open a time phrase after an idiom
_DURATION_POS = frozenset({"DET", "NUM", "ADJ", "ADV"})
_DURATION_GAP = 4
_TIME_UNITS = frozenset(
    "second minute hour day night week weekend fortnight month year decade century generation while "  # noqa: SIM905
    "time".split()
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())  # noqa: SIM905
# the words that open a time phrase naming its time (*into next year*, *on this Friday*)
_TIME_DEICTICS = frozenset({"next", "last", "this", "coming"})
# the words after *the* that open a time phrase (*in the past year*, *in the coming weeks*)
_TIME_ORDER = frozenset(
    {"past", "last", "next", "coming", "previous", "following", "first", "second", "third", "fourth", "final"}
)
_PARTS_OF_A_YEAR = frozenset({"half", "quarter"})  # *in the second half*, *in the third quarter*
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Phrase:
    phrase: str
    kind: str
    gloss: str
    definition: str
    level: str | None  # CEFR level at which learners know the expression as a unit


@dataclass(frozen=True)
class PhraseMatch:
    lemma: str
    kind: str  # the list's kind, or "phrasal" for tagger-found phrasal verbs
    start: int  # token indices in the Doc, [start, end)
    end: int
    listed: bool
    # the tokens that are words of the expression (not the gap or slot tokens between them)
    words: tuple[int, ...] = ()
    # how many of its listed articles the text has as another determiner (*take the stand* for
    # *take a stand*): of two expressions matching the same words, the one as written wins
    loose: int = 0
    # how many of its words the text has as a participle modifying its noun (*mounting* for
    # *mount*): of two expressions matching the same words, the one as written wins (*under
    # mounting pressure* is *mounting pressure*, not *mount pressure*)
    inflected: int = 0
    # how many words other than its own articles the text has between its words (*on robust
    # demand*)
    inserted: int = 0
    # how many of its words the text has in another form (*entitled* for *entitle*): of two
    # expressions matching the same words, the one as written wins (*are entitled to* is *entitled
    # to*, not *entitle sb to* with its object the passive's subject)
    reformed: int = 0
    # whether its first word is a past participle (*was caught on camera*)
    participle: bool = False
    # whether a slot holds what the other kind of slot asks for: a person's pronoun in *sth*'s
    # place, *it* in *sb*'s (of *take sb for granted* and *take sth for granted*, "took them
    # for granted" is the first)
    misfit: bool = False


@dataclass(frozen=True, slots=True)
class _Pattern:
    key: str
    kind: str
    elements: tuple[str, ...]  # lower-case words, or SLOT_* markers
    literal_count: int = field(default=0)
    # the words a text must hold for the pattern to match there (articles are optional)
    required: frozenset[str] = field(default_factory=frozenset)
    # the one of them fewest patterns hold, by which a Doc finds the patterns it may hold, and
    # the next fewest ("" for none), which a Doc is asked for before all of them
    anchor: str = ""
    second: str = ""
    # a fixed expression opening with a preposition (see _FROZEN_KINDS)
    frozen: bool = field(init=False, compare=False)
    # an idiom or fixed expression with no slot: it takes no word between its words but a
    # noun's modifiers after its article (*take a firm stand*, not *on very thin margins*)
    fixed: bool = field(init=False, compare=False)
    # whether every word of a match lies in the sentence it starts in: not so for a frozen
    # expression with an article, which `_match` may take from the next sentence's start
    in_sentence: bool = field(init=False, compare=False)

    def __post_init__(self) -> None:
        frozen = self.kind in _FROZEN_KINDS and self.elements[0] in _FROZEN_OPENERS
        object.__setattr__(self, "frozen", frozen)
        slotted = any(e in (SLOT_SB, SLOT_STH, SLOT_POSS, SLOT_SELF) for e in self.elements)
        object.__setattr__(self, "fixed", self.kind in _FROZEN_KINDS and not slotted)
        crossing = frozen and any(e in _ARTICLES for e in self.elements[1:])
        object.__setattr__(self, "in_sentence", not crossing)


# how spaCy splits the negated verbs whose stem is no word of its own
_NEGATED = {"can't": "ca", "won't": "wo", "ain't": "ai", "shan't": "sha"}


# an expression's auxiliary that stands for every form of its verb, or for any modal (see
# `compile_pattern`)
_ANY_BE, _ANY_HAVE, _ANY_MODAL = "<be>", "<have>", "<modal>"
_STANDS_FOR = {"is": _ANY_BE, "are": _ANY_BE, "has": _ANY_HAVE, "had": _ANY_HAVE, "will": _ANY_MODAL}
_AUXILIARIES = frozenset({_ANY_BE, _ANY_HAVE, _ANY_MODAL})
_LEMMA_OF = {_ANY_BE: "be", _ANY_HAVE: "have"}  # a modal is found by its text (`_MODALS`)
_MODALS = frozenset(
    {"will", "would", "'ll", "wo", "can", "could", "ca", "should", "shall", "may", "might", "must"}
)


def compile_pattern(key: str, kind: str) -> _Pattern | None:
    """The matching pattern of a phrase-list entry; None for one with no word to anchor on."""
    elements: list[str] = []
    for w in key.split():
        if w.endswith("'s") and len(w) > 2 and w not in _SLOTS:
            elements += [w[:-2], "'s"]  # spaCy reads *devil's* as *devil* + *'s*
        elif w.endswith("s'") and len(w) > 2:
            elements += [w[:-1], "'"]  # and *wits'* as *wits* + *'*
        elif "-" in w.strip("-") and w not in _SLOTS:
            # spaCy reads *double-edged* as *double* + *-* + *edged*
            for k, part in enumerate(w.split("-")):
                elements += ["-", part] if k else [part]
        elif w.endswith("n't") and len(w) > 3:
            # spaCy reads *don't* as *do* + *n't*, *can't* as *ca* + *n't*
            elements += [_NEGATED.get(w, w[:-3]), "n't"]
        elif w in _POSSESSIVES and (SLOT_SB in elements or SLOT_STH in elements):
            # a possessive after a slot is the slot's own, whoever it is: *stop sb in their
            # tracks* is found in "stopped me in my tracks" (as *one's* would be)
            elements.append(SLOT_POSS)
        else:
            elements.append(_SLOTS.get(w, w))
    while elements and elements[0] in _SLOTS.values():
        elements.pop(0)  # a leading slot is the subject: nothing to match there
    while elements and elements[-1] in (SLOT_SB, SLOT_STH):
        elements.pop()  # a trailing object slot adds nothing to find the expression by
    words_after = sum(1 for e in elements[1:] if e not in _SLOTS.values())
    if elements and elements[0] in _ARTICLES and words_after >= 2:
        # a listed article is any determiner or none (*a sticking point* is *the main sticking
        # point*): the expression is found by its first word after it
        elements.pop(0)
    literal = sum(1 for e in elements if e not in _SLOTS.values())
    if literal < 2 and not (literal == 1 and ("-" in key or SLOT_SELF in elements)):
        return None
    articles = sum(1 for e in elements[1:] if e in _ARTICLES)
    if articles and elements[0] not in _ARTICLES and literal - articles < 2:
        return None  # *many a*: an article inside is optional, so it would match every *many*
    slotted = any(w in _SLOTS for w in key.split())
    if slotted and all(e in _SLOTS.values() or e in _FUNCTION_WORDS for e in elements):
        return None  # *something of a* is "of a" once its slot is gone: it would match anywhere
    # an *is* or *are* inside the expression is any form of *be* (*the writing was on the
    # wall*), a *has* or *had* any form of *have* (*that ship had sailed*), a *will* any modal
    # (*heads should roll*); one that ends it stays as listed (*the thing is* is no *things are
    # looking up*), and so does the first word, by which the expression is found
    elements = [_STANDS_FOR.get(e, e) if 0 < k < len(elements) - 1 else e for k, e in enumerate(elements)]
    # (a demonstrative stands for its pair too: *to this end* is found in "to that end"; *be*
    # and *have* by their lemma, a modal by none)
    required = frozenset(
        _LEMMA_OF.get(e, e)
        for e in elements
        if e not in _SLOTS.values() and e not in _ARTICLES and e not in _DEMONSTRATIVES and e != _ANY_MODAL
    )
    return _Pattern(key, kind, tuple(elements), literal, required)


_Senses = tuple[tuple[frozenset[str], str | None], ...]


@lru_cache(maxsize=1)
def _read_list() -> tuple[Mapping[str, Phrase], Mapping[str, _Senses]]:
    """The phrase list read once. Several rows of one phrase are its senses, commonest in news
    first, each with cue words and its own level (*pick up*: 捡起 A2, 回升 C1). Parsed from the
    TSV once, then loaded from the user's cache (`datacache`)."""
    rows, senses = cached(
        "phrase-list", _parse_list, sources=[data_file(_PHRASE_FILE)], code=[__name__], lookup=True
    )
    return MadeOnUse(rows, _phrase), senses


def _phrase(row: _Row) -> Phrase:
    return Phrase(*row)


_Row = tuple[str, str, str, str, str | None]  # phrase, kind, gloss, definition, level


def _parse_list() -> tuple[dict[str, _Row], dict[str, _Senses]]:
    out: dict[str, _Row] = {}
    senses: dict[str, list[tuple[frozenset[str], str | None]]] = {}
    for row in package_tsv(_PHRASE_FILE):
        key = row["phrase"].strip().lower()
        level = (row.get("level") or "").strip().upper() or None
        out.setdefault(
            key, (key, row["kind"].strip(), row["gloss"].strip(), row["definition"].strip(), level)
        )
        senses.setdefault(key, []).append((frozenset((row.get("cues") or "").split()), level))
    return out, {k: tuple(v) for k, v in senses.items() if len({lv for _, lv in v}) > 1}


def phrase_list() -> Mapping[str, Phrase]:
    """The shipped phrase list keyed by phrase (lemma form, lower case), each with its first
    (commonest) sense."""
    return _read_list()[0]


def phrase_sense_levels(key: str) -> _Senses:
    """The senses of a listed phrase whose senses differ in level, each as (cue words, level),
    commonest first; empty when its senses share one level."""
    return _read_list()[1].get(key, ())


_PatternRow = tuple[str, str, tuple[str, ...], int, frozenset[str], str, str]
_Index = tuple[dict[str, list[_PatternRow]], dict[str, list[tuple[str, str]]], dict[str, str]]


def _pattern_index() -> _Index:
    """The compiled patterns by first element, the verb-and-object expressions by object, and
    each matched phrase's kind: compiled once, then loaded from the user's cache."""
    return cached("phrase-patterns", _compile_index, sources=[data_file(_PHRASE_FILE)], code=[__name__])


def _compile_index() -> _Index:
    patterns: list[_Pattern] = []
    passive: dict[str, list[tuple[str, str]]] = {}
    kinds: dict[str, str] = {}
    for key, phrase in phrase_list().items():
        if "-" in key and " " not in key:
            continue  # hyphenated compounds are found as compounds, not as phrases
        pattern = compile_pattern(key, phrase.kind)
        if pattern is None:
            continue
        patterns.append(pattern)
        kinds[key] = phrase.kind
        words = [e for e in pattern.elements if e not in _ARTICLES]
        if phrase.kind in _PASSIVE_KINDS and len(words) == 2 and not set(words) & set(_SLOTS.values()):
            passive.setdefault(words[1], []).append((key, words[0]))
    holding = Counter(word for pattern in patterns for word in pattern.required)
    index: dict[str, list[_PatternRow]] = {}
    for p in patterns:
        # (a pattern needing no word is looked for wherever its first word is: only there can
        # it start)
        ranked = sorted(p.required, key=lambda word: (holding[word], word)) or [p.elements[0]]
        second = ranked[1] if len(ranked) > 1 else ""
        row = (p.key, p.kind, p.elements, p.literal_count, p.required, ranked[0], second)
        index.setdefault(p.elements[0], []).append(row)
    return index, passive, kinds


# contracted verbs by their text and tag, as the phrase list spells them
_CONTRACTIONS = {
    ("'s", "VBZ"): "is",
    ("'re", "VBP"): "are",
    ("'m", "VBP"): "am",
    ("'ve", "VBP"): "have",
    ("'ve", "VB"): "have",
    ("'ll", "MD"): "will",
    ("'d", "MD"): "would",
    ("'d", "VBD"): "had",
    ("n't", "RB"): "not",
}


class _Tokens:
    """What the matcher reads of a Doc's tokens (see `TokenTable`), with each token's checked
    lemma and its lower-case text with a typographic apostrophe made plain, and its full form: a
    contracted verb's as the list spells it (*the jury's still out* is *the jury is still out*;
    *here's the thing* keeps its *'s*). `words[k]` holds the lemmas, lower-case texts and full
    forms of sentence k."""

    __slots__ = (
        "capital",
        "ent_type",
        "full",
        "lemma",
        "lower",
        "n",
        "pos",
        "punct",
        "sent_start",
        "sentence",
        "sentences",
        "space",
        "tag",
        "words",
    )

    def __init__(self, table: TokenTable) -> None:
        self.n = n = table.n
        self.pos = table.pos
        self.tag = table.tag
        self.ent_type = table.ent_type
        self.sent_start = table.sent_start
        self.punct = table.is_punct
        self.space = table.whitespace
        self.sentence = table.sentence
        self.sentences = table.sentences
        tag, text, spacy_lemma = table.tag, table.text, table.lemma
        self.lower = [w.replace("\u2019", "'") for w in table.lower]
        self.capital = [w[:1].isupper() for w in text]
        self.full = [_CONTRACTIONS.get((w, tag[i]), w) for i, w in enumerate(self.lower)]
        self.lemma = [
            _checked_lemma(text[i], self.pos[i], tag[i], spacy_lemma[i], tag[i + 1] if i + 1 < n else "")
            for i in range(n)
        ]
        self.words: list[set[str]] = []
        for span in table.sentences:
            words = set(self.lemma[span.start : span.stop])
            words.update(self.lower[span.start : span.stop])
            words.update(self.full[span.start : span.stop])
            self.words.append(words)


class PhraseFinder:
    """Finds listed expressions and phrasal verbs in processed Docs. Build once per pipeline.

    The patterns are indexed by their anchor, the word of theirs fewest other patterns hold:
    the words of a Doc find the few patterns all of whose words the Doc holds, so the cost grows
    with the Doc, not with the length of the list. Each token then tries those its lemma or its
    lower-case text opens, where its sentence holds all their words.
    """

    def __init__(self, nlp: Language | None = None) -> None:
        rows, passive, self._kinds = _pattern_index()
        # the patterns by their anchor word, each with its place among those of its first word
        # (where two matches tie, the one first there wins: see `_resolve`)
        self._anchored: dict[str, list[tuple[str, int, _Pattern]]] = {}
        for patterns in rows.values():
            for place, row in enumerate(patterns):
                pattern = _Pattern(*row)
                self._anchored.setdefault(pattern.anchor, []).append((pattern.second, place, pattern))
        # verb-and-object expressions by their object, for the passive (*ballot ... cast*)
        self._passive: dict[str, list[tuple[str, str]]] = passive

    def find(self, doc: Doc) -> list[PhraseMatch]:
        """Matches in the Doc, overlaps resolved (see the module docstring)."""
        return self.find_in(TokenTable(doc))

    def find_in(self, table: TokenTable) -> list[PhraseMatch]:
        """Matches in the Doc whose token table this is (see `find`)."""
        return _resolve(self._candidates(_Tokens(table)))

    def _possible(self, present: set[str]) -> dict[str, list[_Pattern]]:
        """The patterns whose words are all `present` (a Doc's lemmas and lower-case texts), by
        their first word, in the phrase list's order."""
        found: dict[str, list[tuple[int, _Pattern]]] = {}
        anchored = self._anchored
        for word in present:
            for second, place, pattern in anchored.get(word, ()):
                if (not second or second in present) and pattern.required <= present:
                    found.setdefault(pattern.elements[0], []).append((place, pattern))
        return {first: [p for _, p in sorted(places, key=itemgetter(0))] for first, places in found.items()}

    def _candidates(self, t: _Tokens) -> list[PhraseMatch]:
        """Every match in the Doc, overlapping ones too."""
        lemmas, lowers = t.lemma, t.lower
        possible = self._possible(set(lemmas).union(lowers, t.full))
        candidates: list[PhraseMatch] = []
        for i in range(t.n):
            lemma, lower = lemmas[i], lowers[i]
            # (a lemma that is the text opens the same patterns once)
            for word in (lemma,) if lemma == lower else (lemma, lower):
                patterns = possible.get(word)
                if patterns:
                    _listed_at(t, i, patterns, candidates)
            pos = t.pos[i]
            if pos == "NOUN":
                for key, object_verb in self._passive.get(lemma, ()):
                    if t.tag[i] == "NNS" and self._kinds[key] == "idiom" and t.lower[i] != key.split()[-1]:
                        continue  # an idiom's noun in its number: *cuts are made* is no *make the cut*
                    j = _passive_verb(t, i, object_verb)
                    if j is not None:
                        candidates.append(PhraseMatch(key, self._kinds[key], i, j + 1, True, (i, j)))
            if pos == "VERB" and i + 1 < t.n and t.tag[i + 1] == "RP":
                verb = f"{lemma} {lowers[i + 1]}"
                if verb not in self._kinds:
                    candidates.append(PhraseMatch(verb, "phrasal", i, i + 2, False, (i, i + 1)))
        return candidates


def _listed_at(t: _Tokens, i: int, patterns: list[_Pattern], candidates: list[PhraseMatch]) -> None:
    """Add the matches of `patterns` (opened by token i's lemma or text) that start at i."""
    here = t.words[t.sentence[i]]
    for pattern in patterns:
        if pattern.in_sentence and not pattern.required <= here:
            continue
        match = _listed_match(t, pattern, i)
        if match is not None:
            candidates.append(match)


def _listed_match(t: _Tokens, pattern: _Pattern, i: int) -> PhraseMatch | None:
    """The match of `pattern` from token i, if the expression is there (not only its words)."""
    if pattern.kind in _VERB_KINDS and (
        not _verb_here(t, i, pattern.kind, pattern.elements[0]) or _subject_noun(t, i)
    ):
        return None
    if (
        pattern.kind in _FROZEN_KINDS
        and pattern.elements[0] in _PARTICLE_WORDS
        and t.lower[i] != pattern.elements[0]
    ):
        return None  # its opening particle as it is, no verb of it: *downed line* is no *down the line*
    if t.pos[i] == "ADV" and _compared_form(t.lower[i], pattern.elements[0]):
        # an adverb's comparative is no adjective's expression: *no longer face* is no *long face*
        # (an adjective's is: *heavier downpours*, *the hottest ticket*)
        return None
    if pattern.elements[0] == "up" and i > 0 and t.lemma[i - 1] in _RISES and not t.sent_start[i]:
        return None  # a verb of rising's own *up*: *edged up against the dollar* is no *up against*
    if t.lower[i] == "born" and pattern.elements[0] == "bear":
        return None  # birth, not *bear*'s other senses: *born on a farm* is no *bear on*
    if (
        len(pattern.elements) > 2
        and pattern.elements[1] in _ARTICLES
        and t.tag[i] in ("NN", "NNS")
        and i > 0
        and t.pos[i - 1] == "DET"
        and not t.sent_start[i]
    ):
        return None  # a verb and its object, no noun after a determiner: *a land deal* is no *land a deal*
    if SLOT_SELF in pattern.elements and t.pos[i] in ("NOUN", "PROPN"):
        return None  # a reflexive's verb is a verb: *the kid himself* is no *kid oneself*
    verb = (t.tag[i] in _FINITE or t.tag[i] == "VBG") and t.lower[i] != pattern.elements[0]
    present = t.tag[i] in ("VB", "VBP", "VBZ") and not _after_its_determiner(t, i)
    if (verb or present) and pattern.key.startswith(_ARTICLE_OPENINGS):
        # listed after its article, a noun: *said in*, *saying in*, *as they say in* are no *a say in*
        return None
    if (
        pattern.kind in _FROZEN_KINDS
        and pattern.key.startswith("the ")
        and _CLAUSE_FINITES.intersection(pattern.key.split())
        and _after_a_quantifier(t, i)
    ):
        # a clause listed with *the* is not read after a quantifier: *how much damage is done* is
        # no *the damage is done* (a noun phrase's idiom takes one: *any silver lining*)
        return None
    words = _match(t, pattern, i)
    if words is None or _cut_from_its_word(t, words) or _open_phrase_after(t, pattern, words):
        return None
    if (
        len(words) == 2
        and pattern.elements[0] in _PREPOSITIONS
        and len(pattern.key.split()) == 2
        and any(t.pos[k] == "DET" for k in range(words[0] + 1, words[1]))
    ):
        # a preposition and its bare noun, listed so, take no determiner between: *crack down on
        # that approach* is no *on approach* (an adjective may: *under intense pressure*; an
        # article listed may: *for the record*)
        return None
    if _complex_preposition(t, words):
        return None
    if pattern.elements[0] == "to" and len(pattern.elements) == 2 and t.tag[words[1]] == "VB":
        return None  # an infinitive: *to date back to* is no *to date*
    if (
        pattern.elements[-1] == "to"
        and len(words) == 2
        and t.pos[words[0]] == "ADJ"
        and words[1] + 1 < t.n
        and t.tag[words[1] + 1] == "VB"
        and words[0] > 1
        and t.lower[words[0] - 1] == "be"
        and t.tag[words[0] - 2] == "MD"
    ):
        # advice, an adjective and its infinitive: *would be wise to wait* is no *wise to* (an
        # expression may take an infinitive: *less equipped to resist*)
        return None
    if (
        len(pattern.elements) > 2
        and pattern.elements[1] in _ARTICLES
        and t.tag[i] == "JJ"
        and words[1] == i + 1
        and i > 0
        and (t.lower[i - 1] in _ARTICLES or t.tag[i - 1] == "PRP$")
    ):
        # an adjective between an article and its noun, no verb: *a smooth path* is no *smooth
        # the path* (a verb the tagger calls an adjective keeps its idiom: *to clear backlogs*)
        return None
    if pattern.kind == "compound" and t.tag[words[0]] == "RB" and len(words) > 1 and t.tag[words[1]] == "CD":
        return None  # an adverb and a number: *trace it back three decades* is no *back three*
    if _purpose_after_its_object(t, pattern, words):
        return None
    if len(pattern.elements) == 2 and pattern.elements[0] == "the" and words[-1] > words[0] + 1:
        # *the* and its noun take no word between: *the current crunch* is no *the crunch* (*a*
        # takes one: *a real minefield*)
        return None
    if (
        t.tag[words[-1]] == "VBG"
        and words[-1] + 1 < t.n
        and (t.lower[words[-1] + 1] in _BACK_PARTICLES or _bare_particle(t, words[-1] + 1))
        and not t.sent_start[words[-1] + 1]
    ):
        # its last verb with a particle of its own: *see the dolphins coming back* is no *see
        # sth coming*
        return None
    if pattern.kind == "compound" and any(
        t.tag[w] in ("VBD", "VBN", "JJR", "JJS") and t.lower[w] not in pattern.elements for w in words
    ):
        # a term's words are no verb's past forms, nor comparatives: *went to prison broke* is no
        # *prison break*, *the highest court* no *high court*
        # (a plural the tagger calls a verb, *storm overflows are*, still is its term)
        return None
    if (
        pattern.kind == "compound"
        and t.tag[words[0]] in ("VB", "VBP")
        and words[0] > 0
        and t.tag[words[0] - 1] in ("PRP", "WP", "MD")
    ):
        return None  # a verb after its subject: *people who love games* is no *love game*
    if (
        pattern.kind == "compound"
        and len(words) == 2
        and t.tag[words[0]] == "NNS"
        and t.lower[words[0]] != pattern.elements[0]
        and t.tag[words[1]] in ("VB", "VBP", "VBD", "VBN", "VBG")
    ):
        # a plural and its verb: *smaller banks account for* is no *bank account*, *schools run
        # by the state* no *school run*, *bonds yielding 5%* no *bond yield*
        return None
    if (
        pattern.kind == "compound"
        and t.tag[words[-1]] == "VBN"
        and words[-1] + 1 < t.n
        and t.lower[words[-1] + 1] == "by"
    ):
        return None  # a passive and its agent: *a seed bank run by volunteers* is no *bank run*
    if (
        _compared_elsewhere(t, pattern, words)
        or _adjective_of_what_follows(t, pattern, words)
        or _aside_in_a_clause(t, pattern, words)
        or _hedge_inside(t, words)
        or _particle_opens_idiom(t, pattern, words)
        or _preposition_of_a_change(t, pattern, words)
        or _participle_of_the_noun(t, pattern, words)
        or _neighbours_deny(t, pattern, words)
    ):
        return None
    if pattern.kind != "compound" and _a_name(t, words):
        return None
    loose = _loose_articles(t, pattern, words)
    literal = [e for e in pattern.elements if e not in _SLOTS.values() and e not in _ARTICLES]
    inflected = sum(
        1
        for k, (w, e) in enumerate(zip(words, literal, strict=False))
        if t.lower[w] != e and _participle_before_noun(t, w, words[k + 1 : k + 2])
    )
    inserted = sum(
        1 for j in range(words[0] + 1, words[-1]) if j not in words and t.lower[j] not in _ARTICLES
    )
    # (a participle listed as one, met as a past tense or a perfect, is not as listed:
    # *ministers pressed for*, *France has long pressed for* are *press for*, not *pressed for*)
    reformed = sum(
        1
        for w, e in zip(words, literal, strict=False)
        if t.lower[w] != e or (_listed_as_participle(e) and _tense_of_its_verb(t, w))
    )
    return PhraseMatch(
        pattern.key,
        pattern.kind,
        i,
        words[-1] + 1,
        True,
        tuple(words),
        loose,
        inflected,
        inserted,
        reformed,
        t.tag[i] == "VBN",
        _slot_misfit(t, pattern, words),
    )


_PERSONS = frozenset({"me", "him", "her", "us", "them", "you"})
_THINGS = frozenset({"it", "its"})


def _slot_misfit(t: _Tokens, pattern: _Pattern, words: list[int]) -> bool:
    """Whether the tokens between the match's words fill its object slot with what the other
    kind of slot asks for (see `PhraseMatch.misfit`)."""
    keys = pattern.key.split()
    person, thing = "sb" in keys or "sb's" in keys, "sth" in keys
    if person == thing:
        return False
    held = {t.lower[j] for j in range(words[0] + 1, words[-1]) if j not in words}
    return bool(held & (_THINGS if person else _PERSONS))


# words that make one preposition with the *to* or *of* after them (*next to*, *because of*)
_PREPOSITION_OPENERS = frozenset(
    {"next", "close", "prior", "due", "according", "thanks", "owing", "ahead", "instead", "because"}
)


# verbs whose *sb to* takes an infinitive in its listed sense (*drove workers to quit*, *entitles
# members to vote*)
_INFINITIVE_OBJECTS = frozenset({"drive", "entitle", "condemn", "commit"})


def _purpose_after_its_object(t: _Tokens, pattern: _Pattern, words: list[int]) -> bool:
    """Whether the *to* closing a verb's prepositional expression opens an infinitive with its
    own object (*hold a ceremony to present the medals* is no *hold sb to*; *held them to a
    draw* is)."""
    if (
        pattern.kind != "prepositional"
        or pattern.elements[-1] != "to"
        or pattern.elements[-2] not in _SLOTS.values()
    ):
        return False
    if pattern.elements[0] in _INFINITIVE_OBJECTS:
        return False
    k = words[-1] + 1
    return k + 1 < t.n and t.tag[k] == "VB" and t.pos[k + 1] in ("DET", "PRON", "PROPN", "NUM")


def _bare_particle(t: _Tokens, j: int) -> bool:
    """Whether the token at j is a particle with no object after it (*owners coming in, funds*;
    not *turning in its favour*)."""
    if t.tag[j] != "RP":
        return False
    k = j + 1
    return k >= t.n or t.sent_start[k] or t.punct[k] or t.pos[k] in ("ADP", "CCONJ", "SCONJ", "ADV")


_BACK_PARTICLES = frozenset({"back", "up", "down", "out", "off", "away"})
_CLAUSE_FINITES = frozenset({"is", "are", "was", "were", "has", "have", "had"})
_QUANTIFIERS = frozenset("much many any some no more less few little enough several".split())  # noqa: SIM905


def _after_a_quantifier(t: _Tokens, i: int) -> bool:
    """Whether a quantifier comes before token i, adjectives between (*how much damage*)."""
    k = _back_over(t, i - 1, lambda k: t.pos[k] == "ADJ" and t.lower[k] not in _QUANTIFIERS)
    return k >= 0 and t.lower[k] in _QUANTIFIERS


def _after_its_determiner(t: _Tokens, i: int) -> bool:
    """Whether a determiner comes before token i, adjectives and adverbs between (*a real
    wake-up call*)."""
    k = _back_over(t, i - 1, lambda k: t.pos[k] in ("ADJ", "ADV"))
    return k >= 0 and t.pos[k] == "DET"


def _back_over(t: _Tokens, k: int, skip: Callable[[int], bool]) -> int:
    """The first token from k backwards that `skip` does not pass, in k's sentence; -1 when
    the sentence starts first."""
    while k >= 0 and skip(k) and not t.sent_start[k + 1]:
        k -= 1
    return k if k >= 0 and not t.sent_start[k + 1] else -1


def _complex_preposition(t: _Tokens, words: list[int]) -> bool:
    """Whether a matched *to* or *of* is the end of a preposition of two words the match does
    not hold: *standing next to her* is no *stand to*."""
    held = set(words)
    return any(
        t.lower[w] in ("to", "of") and w - 1 not in held and t.lower[w - 1] in _PREPOSITION_OPENERS
        for w in words
        if w > 0
    )


def _subject_noun(t: _Tokens, i: int) -> bool:
    """Whether the token at i, a plural noun after a noun, is the head of the clause's subject,
    not its verb: a tensed verb follows in the same clause (*planning rules in rural areas are
    strict* is no *rule in*, *home prices in 70 cities fell* no *price in*; *the market prices
    in a cut* still is *price in*). (An *-s* verb so placed is most often the verb: *the study
    adds to*, *when food ends up in landfill it rots*.)"""
    if t.tag[i] != "NNS" or i == 0 or t.sent_start[i] or t.pos[i - 1] not in ("NOUN", "PROPN"):
        return False
    for j in range(i + 1, t.n):
        if t.sent_start[j] or t.tag[j] in _CLAUSE_BREAKS or t.lower[j] in _SUBORDINATORS:
            return False
        if t.tag[j] in ("VBD", "VBP", "VBZ", "MD"):
            return True
    return False


def _adjective_of_what_follows(t: _Tokens, pattern: _Pattern, words: list[int]) -> bool:
    """Whether a fixed expression opening with its preposition and ending in an adjective meets
    that adjective qualifying the noun after it: *on its own benches* is no *on one's own*, *in
    extreme heat* no *in the extreme*, *in the wrong places* no *in the wrong*, *on high
    earners* no *on a high* (a noun starting a clause of its own is not qualified). A verb's
    adjective may take its object after it (*laid bare unease*, *let alone gene therapy*)."""
    last = words[-1]
    if pattern.elements[0] not in _PREPOSITIONS or t.tag[last] != "JJ" or last + 1 >= t.n:
        return False
    after = last + 1
    if t.tag[after] == "CC":
        # another adjective joined to it: *on cheap and reliable access* is no *on the cheap*
        k = after + 1
        while k < t.n and (t.tag[k] in ("JJ", "RB") or t.lower[k] == ",") and not t.sent_start[k]:
            k += 1
        if k > after + 1 and k < t.n and not t.sent_start[k]:
            after = k
    if t.tag[after] not in ("NN", "NNS") or t.sent_start[after]:
        return False
    if any(e in _ARTICLES for e in pattern.elements) and not any(
        t.pos[k] == "DET" for k in range(words[0] + 1, last)
    ):
        return True  # its article left out too: *investors in dark suits moved* is no *in the dark*
    return not (after + 1 < t.n and t.pos[after + 1] in ("VERB", "AUX"))


# who *get to sb* reaches: a person, not a place or a verb (*get to the final*, *get to know*)
_PEOPLE = frozenset({"people", "everyone", "everybody", "someone", "somebody", "anyone", "anybody"})
_DAYS_AS_NOUNS = frozenset({"today", "tonight", "yesterday", "tomorrow"})


def _tense_of_its_verb(t: _Tokens, w: int) -> bool:
    """Whether the participle-like word at w is its verb's past tense or perfect: the tagger's
    VBD, or a form of *have* before it, adverbs between (*has long pressed for*)."""
    if t.tag[w] == "VBD":
        return True
    k = _back_over(t, w - 1, lambda k: t.tag[k] in ("RB", "RBR", "RBS") or t.lower[k] == "n't")
    return k >= 0 and t.lemma[k] == "have"


@lru_cache(maxsize=4096)
def _listed_as_participle(word: str) -> bool:
    """Whether an expression's first word is listed as a verb's past participle (*pressed for*,
    *tied to*, *stuck with*), not as a verb of its own (*need*, *feed*)."""
    return word.endswith(("ed", "en", "ck", "ught")) and any(
        lemma != word for lemma in dictionary_lemmas(word).get("VERB", ())
    )


def _neighbours_deny(t: _Tokens, pattern: _Pattern, words: list[int]) -> bool:
    """Whether the words around the match show the expression is not there: after the *to* of
    an expression of two words and a person (*get to sb*), no person (*getting to know*, *get
    to the final*); *as* before a participle (*functioned as designed*, *passes as written*);
    a fixed expression's last noun qualifying a noun after it (*in office buildings* is no *in
    office*, *on course measurement* no *on course*; but *could not in good conscience vote*,
    *on the front line today*); a frozen expression without its article before a number (*by
    mile fifteen* is no *by a mile*); *it* before an adjective (*make it easier* is no *make
    it*); *yet* before *another*, *more* or *again* (*as yet another sign* is no *as yet*); a
    verb's own preposition after *to* and its verb (*thought to date from* is no *to date*); a
    last determiner or modal with its noun or verb after it (*And then some journalists*,
    *iron will then be melted*)."""
    first, last = words[0], words[-1]
    after = last + 1 if last + 1 < t.n and not t.sent_start[last + 1] else None
    if pattern.literal_count == 2 and pattern.key.endswith((" to sb", " to someone")):
        return after is None or not (
            (t.tag[after] == "PRP" and t.lower[after] != "it")
            or t.pos[after] == "PROPN"
            or t.lower[after] in _PEOPLE
        )
    if after is None:
        return False
    if pattern.elements[-1] == "it" and t.tag[after] in ("JJ", "JJR", "JJS"):
        return True  # *it* the object of a verb and its adjective: *make it easier* is no *make it*
    if (
        pattern.frozen
        and t.tag[after] == "CD"
        and any(e in _ARTICLES for e in pattern.elements)
        and not any(t.pos[k] == "DET" for k in range(first + 1, last))
    ):
        return True  # its article left out, its noun a label with a number: *by mile fifteen*
    if pattern.kind == "prepositional" and pattern.elements[-1] == "as":
        return t.tag[after] == "VBN"
    if pattern.elements[-1] == "yet" and t.lower[after] in ("another", "more", "again"):
        return True  # *yet another* is its own: *as yet another sign* is no *as yet*
    if pattern.elements[0] == "to" and len(pattern.elements) == 2 and t.lower[after] in ("from", "back"):
        return True  # the verb's own preposition: *thought to date from* is no *to date*
    if len(words) > 1 and t.tag[last] == "DT" and t.pos[after] in ("NOUN", "PROPN", "ADJ", "NUM"):
        # a determiner with its noun after it ends no expression: *And then some journalists*
        # is no *and then some*, *at all levels* no *at all*
        return True
    if len(words) > 1 and t.tag[last] == "MD" and _verb_follows(t, after):
        # a modal with its verb ends no expression: *sponge iron will then be melted* is no *iron
        # will* (*come what may*, *if you will* end with theirs)
        return True
    return (
        pattern.frozen
        and t.tag[last] == "NN"
        and t.tag[after] in ("NN", "NNS")
        and t.lower[after] not in _DAYS_AS_NOUNS
        and not t.lower[after].endswith("ing")
        and not (first > 0 and (t.tag[first - 1] == "MD" or t.pos[first - 1] in ("AUX", "PART")))
    )


def _participle_of_the_noun(t: _Tokens, pattern: _Pattern, words: list[int]) -> bool:
    """Whether a verb-and-object expression meets its verb as a participle or an adjective
    qualifying the noun after a determiner: *a mounting challenge* is no *mount a challenge*, *a
    narrow gap* no *narrow the gap* (*under mounting pressure*, listed so, still is its own)."""
    first = words[0]
    return (
        pattern.kind == "collocation"
        and len(words) > 1
        and len(pattern.elements) > 2
        and pattern.elements[1] in _ARTICLES  # a verb and its object, not an adjective's noun
        and words[1] == first + 1
        and first > 0
        and t.pos[first - 1] == "DET"
        and (
            t.tag[first] == "JJ" or (t.tag[first] in ("VBG", "VBN") and t.lower[first] != pattern.elements[0])
        )
    )


def _preposition_of_a_change(t: _Tokens, pattern: _Pattern, words: list[int]) -> bool:
    """Whether a fixed expression of a preposition and its noun follows a noun of change, whose
    preposition it is: *a dip in confidence* is no *in confidence*, *a surge in demand* no *in
    demand*."""
    first = words[0]
    if pattern.kind not in _FROZEN_KINDS or len(pattern.elements) != 2 or first == 0 or t.sent_start[first]:
        return False
    return (
        pattern.elements[0] in _PREPOSITIONS and t.pos[first - 1] == "NOUN" and t.lemma[first - 1] in _CHANGES
    )


def _aside_in_a_clause(t: _Tokens, pattern: _Pattern, words: list[int]) -> bool:
    """Whether a sentence adverbial (*to be sure*, *then again*) is met inside a clause, as
    the words themselves: *we want to be sure that*, *and then again had it hauled away*."""
    if pattern.key not in _ASIDES:
        return False
    first, last = words[0], words[-1]
    if last + 1 < t.n and t.lower[last + 1] in ("that", "of", "about", "whether"):
        return True
    if t.sent_start[first] or first == 0:
        return False
    before = t.lower[first - 1]
    return not (t.punct[first - 1] or before == "but" or (before == "and" and pattern.key != "then again"))


def _hedge_inside(t: _Tokens, words: list[int]) -> bool:
    """Whether the words between the match's are a hedge or a preposition taking its *of*:
    *it's become kind of a joke* is no *become of*, *bailed out regardless of* no *bail out of*."""
    held = set(words)
    return any(
        j not in held and t.lower[j] in _BEFORE_OF and j + 1 in held and t.lower[j + 1] == "of"
        for j in range(words[0] + 1, words[-1])
    )


def _particle_opens_idiom(t: _Tokens, pattern: _Pattern, words: list[int]) -> bool:
    """Whether a fixed expression opens with a verb's particle and has words inserted: *edging
    up slightly against the dollar* is no *up against*."""
    first = words[0]
    return (
        pattern.kind in _FROZEN_KINDS
        and t.tag[first] == "RP"
        and any(j not in words and t.lower[j] not in _ARTICLES for j in range(first + 1, words[-1]))
    )


def _compared_elsewhere(t: _Tokens, pattern: _Pattern, words: list[int]) -> bool:
    """Whether the expression's last word is met as a comparative or superlative that qualifies
    what follows it, not the expression: *hold out for better terms* is no *for good*, *a bit
    more cautious* no *a bit much*, *the lower slopes* no *hit a low*; *dig deeper and*, *the
    stakes are higher*, and *in better shape* (its noun is the expression's) still are; nor one
    taking *of* (*the bit most of us* is no *a bit much*)."""
    last = words[-1]
    if t.tag[last] not in _COMPARED or t.lower[last] == pattern.elements[-1] or last + 1 >= t.n:
        return False
    after = last + 1
    return t.pos[after] in ("NOUN", "PROPN", "ADJ", "ADV", "NUM") or t.lower[after] in ("than", "of")


def _a_name(t: _Tokens, words: list[int]) -> bool:
    """Whether the match is a name that spells an expression: every word capitalised inside a
    sentence of lower-case words (*the new party Common Ground said*), not at a sentence's start
    nor in a headline's capitals (*Leaders Find Common Ground*)."""
    first, last = words[0], words[-1]
    if t.sent_start[first] or not all(t.capital[w] for w in range(first, last + 1) if not t.punct[w]):
        return False
    before, after = first - 1, last + 1
    if (before >= 0 and t.capital[before]) or (after < t.n and t.capital[after]):
        return False
    sentence = t.sentences[t.sentence[first]]
    words_in = [k for k in sentence if t.lower[k][:1].isalpha()]
    return sum(t.capital[k] for k in words_in) * 2 < len(words_in)  # not a headline


def _participle_before_noun(t: _Tokens, j: int, following: list[int]) -> bool:
    """Whether the word at j is a participle modifying the expression's noun just after it
    (*under mounting pressure*), not a verb taking it as object (*have broken ground*)."""
    participle = t.tag[j] == "VBG" or (t.pos[j] == "ADJ" and t.lower[j].endswith(("ing", "ed")))
    after_auxiliary = j > 0 and t.pos[j - 1] == "AUX"
    return participle and not after_auxiliary and following == [j + 1] and t.pos[j + 1] == "NOUN"


def _resolve(candidates: list[PhraseMatch]) -> list[PhraseMatch]:
    """The matches kept where they overlap, in the text's order."""
    # more words first; among equals the one with the text's articles (*take the stand* over
    # *take a stand*), then the one with the text's word forms (*mounting pressure* over *mount
    # pressure*), then the tighter match (*cutting edge* over *cut ... in*); of as many words,
    # the one whose slot asks for a reflexive or a possessive, as the text has it (*beat
    # themselves up* is *beat oneself up*, not *beat up*)
    fixed = [f for f in candidates if _frozen(f) and f.listed]
    if fixed:
        candidates = [m for m in candidates if not any(_particles_open(m, f) for f in fixed)]
    candidates.sort(
        key=lambda m: (
            not m.listed,
            -len(m.words),
            -_own_slots(m.lemma),
            m.misfit,
            m.loose,
            m.inflected,
            m.reformed,
            m.end - m.start,
            m.start,
        )
    )
    taken: set[int] = set()
    found: list[PhraseMatch] = []
    for m in candidates:
        span = set(range(m.start, m.end))
        shared = taken.intersection(span)
        # two listed expressions may share one word (*tip the balance* of *balance of power*)
        # but not one inside the other (*along with* in *go along with*), nor a verb's particle
        # or preposition that opens a longer fixed expression: the word is the fixed
        # expression's (*thrown out of sync*, *push customers into the arms of*). Of two as
        # long, both stay: the tags cannot tell *reel in the field* (the verb's) from *standing
        # in the dock*, *kept on standby* (the fixed expression's)
        if shared and not (
            m.listed
            and len(shared) == 1
            and not any(set(m.words) <= set(f.words) or _verb_word_opens(m, f) for f in found)
        ):
            continue
        taken.update(span)
        found.append(m)
    # (a match loses a word only to one sharing it: the others need not be asked)
    at: dict[int, list[PhraseMatch]] = {}
    for f in found:
        for w in f.words:
            at.setdefault(w, []).append(f)
    found = [
        m
        for m in found
        if not any(
            _preposition_taken(m, f) or _term_noun(m, f) or _idioms_last_word(m, f)
            for w in m.words
            for f in at[w]
            if f is not m
        )
    ]
    found.sort(key=lambda m: m.start)
    return found


def _own_slots(key: str) -> int:
    """How many slots of an expression ask for a reflexive or a possessive (*oneself*, *one's*,
    *sb's*): matched, they say more than a slot any noun phrase fills."""
    return sum(1 for word in key.split() if _SLOTS.get(word) in (SLOT_SELF, SLOT_POSS))


def _verb_follows(t: _Tokens, j: int) -> bool:
    """Whether a verb's base form comes at j, after any adverbs, in the same sentence."""
    while j < t.n and t.tag[j] in ("RB", "RBR", "RBS") and not t.sent_start[j]:
        j += 1
    return j < t.n and not t.sent_start[j] and t.tag[j] == "VB"


def _idioms_last_word(m: PhraseMatch, other: PhraseMatch) -> bool:
    """Whether `m`, a word with its preposition, opens with the word that ends `other`, an idiom:
    *falling short on safety* is *fall short* and its *on*, not *short on* (缺少); *does that ring
    true to you* is *ring true*, not *true to* (忠实于); *went down the drain on projects* is *go
    down the drain*, not *a drain on* (负担)."""
    return (
        m.kind in ("prepositional", "expression")
        and len(m.words) == 2
        and other.kind == "idiom"
        and other.listed
        and len(other.words) >= 2
        and other.words[-1] == m.words[0]
    )


def _term_noun(m: PhraseMatch, other: PhraseMatch) -> bool:
    """Whether the verb of `m`, a verb's expression, is the noun ending `other`, a listed term:
    *power cuts across the province* is no *cut across* (the tagger took *cuts* for a verb)."""
    return (
        m.kind in _VERB_KINDS and other.kind == "compound" and other.listed and other.words[-1] == m.words[0]
    )


def _preposition_taken(m: PhraseMatch, other: PhraseMatch) -> bool:
    """Whether `m` loses a word it shares with `other`. Of two as long where a prepositional
    verb's preposition opens a fixed expression, the fixed expression with words inserted or
    its article left out is the verb's object (*betting on robust demand* is no *on demand*,
    *counting on cheaper fuel* no *on the cheap*); one as listed takes the preposition where
    the text holds its article (*worked around the clock* is no *work around*) or
    the verb has its object before it (*put lives at risk* is no *put sth at*); a phrasal verb's
    particle is the fixed expression's (*caught on camera* is no *catch on*). (Else both
    stay: *weighing on demand* is *weigh on*, *available on demand* is *on demand*.) The last
    word of a fixed expression opening with a preposition is that of a listed noun expression
    it opens (*agree on ground rules* is no *on the ground*)."""
    if _frozen(m) and other.kind not in _VERB_KINDS and other.start == m.words[-1] > m.start:
        return True
    for verb, fixed in ((m, other), (other, m)):
        if not (
            verb.kind in ("prepositional", "phrasal")
            and _opens_with_its_preposition(fixed, verb)
            and len(fixed.words) == len(verb.words)
        ):
            continue
        if fixed.inserted or fixed.loose:
            return m is fixed
        if verb.kind == "phrasal":
            # a particle opening a fixed expression with no article is its where the verb is a
            # participle, has its object before it or takes a state: *caught on camera*, *put
            # their plans on hold*, *stay on edge* (else either may have it: *prices depend on
            # demand*; with its article too: *reeled in the field*)
            objected = verb.end - verb.start > len(verb.words)
            linking = verb.lemma.split()[0] in _STATE_VERBS  # *stay on edge*, *kept on standby*
            if any(e in _ARTICLES for e in fixed.lemma.split()) or not (
                verb.participle or objected or linking
            ):
                continue
            return m is verb
        has_article = fixed.end - fixed.start > len(fixed.words)
        return m is verb and (has_article or verb.end - verb.start > len(verb.words))
    return False


# verbs a state follows (*stay on edge*, *remain on track*, *went on record*)
_STATE_VERBS = frozenset(
    {"be", "stay", "remain", "keep", "get", "go", "come", "stand", "sit", "seem", "feel"}
)


def _particles_open(verb: PhraseMatch, fixed: PhraseMatch) -> bool:
    """Whether the words after a verb's own (its particle and preposition) open a fixed expression
    that goes on past them: the words are the fixed expression's, and the verb is only a verb
    (*came out of the blue* is *out of the blue*, *got out of hand* is *out of hand*)."""
    if verb.kind not in _VERB_KINDS or len(verb.words) < 3 or fixed.words[-1] <= verb.words[-1]:
        return False
    tail = verb.words[1:]
    return fixed.words[: len(tail)] == tail


def _verb_word_opens(a: PhraseMatch, b: PhraseMatch) -> bool:
    """Whether one match is a verb's expression whose last word (its particle or preposition) is
    the preposition the other, a fixed expression with more words, opens with; or whose first
    word (its verb) is the word such an idiom ends with (*hold sb to account for* is no *account
    for*)."""
    for verb, fixed in ((a, b), (b, a)):
        if verb.kind in _VERB_KINDS and len(fixed.words) > len(verb.words) and fixed.kind in _FROZEN_KINDS:
            if _opens_with_its_preposition(fixed, verb):
                return True
            if verb.words[0] == fixed.words[-1]:
                return True  # *hold sb to account for*: *account* is the idiom's, no verb
    return False


def _frozen(m: PhraseMatch) -> bool:
    """Whether the match is a fixed expression opening with a preposition (`_Pattern.frozen`)."""
    return m.kind in _FROZEN_KINDS and m.lemma.split()[0] in _PREPOSITIONS


def opens_with_preposition(key: str) -> bool:
    """Whether a listed expression of four words at most opens with a preposition (*in line
    with*, *at stake*, *in the wake of*): its noun has no sense of its own there (unlike in a
    longer one: *from a strategic and long-term perspective*)."""
    words = key.split()
    return len(words) <= 4 and words[0] in _FROZEN_OPENERS


def _opens_with_its_preposition(fixed: PhraseMatch, verb: PhraseMatch) -> bool:
    """Whether `fixed`, a fixed expression opening with a preposition, opens on the verb's last
    word (its particle or preposition)."""
    return _frozen(fixed) and verb.words[-1] == fixed.words[0]


@lru_cache(maxsize=131_072)
def _checked_lemma(text: str, pos: str, tag: str, spacy_lemma: str, next_tag: str) -> str:
    """The checked lemma of a content word (*wading* is *wade*, not spaCy's *wad*), else spaCy's.
    A participle tagged as an adjective is matched as its verb (*have been cutting back* is *cut
    back*); its own spelling still matches the expressions that hold it (*cutting edge*).
    `next_tag`: the next token's tag ("" at the end of a Doc)."""
    lower = text.lower()
    if pos in ("VERB", "NOUN", "ADJ", "ADV") and text.isalpha():
        if gerund_before_particle(pos, lower, next_tag) or (pos == "ADJ" and lower.endswith(("ing", "ed"))):
            verbs = dictionary_lemmas(lower).get("VERB")
            if verbs:
                return verbs[0]
        return choose_lemma(text, pos, spacy_lemma or text, tag, own_form=False).lemma
    return (spacy_lemma or text).lower()


def _passive_verb(t: _Tokens, i: int, verb: str) -> int | None:
    """The index of `verb` as a past participle after the object at i, with only auxiliaries,
    *not* and adverbs between (*a single ballot is cast*, *the challenges posed by*)."""
    for j in range(i + 1, min(t.n, i + 2 + _PASSIVE_GAP)):
        if t.sent_start[j] or t.punct[j]:
            return None
        if t.tag[j] == "VBN":
            return j if t.lemma[j] == verb else None
        if t.lower[j] not in _PASSIVE_AUX and t.pos[j] != "ADV":
            return None
    return None


def _verb_here(t: _Tokens, i: int, kind: str, head: str) -> bool:
    """Whether the token at i can head a verb's expression (phrasal, prepositional) whose first
    word is `head`: not a noun heading a noun phrase (*their push for*, *the long-term answer
    for*) where `head` can be a verb (a noun's own is found: *heavy reliance on*), nor, for a verb with
    a particle, an adverb (*push rates back down* is no *back down*; a prepositional one may be
    an adverb's, *close to*, *short of*). (A noun after a noun may be a verb the tagger misread
    after its subject: *the fans chip in*.)"""
    if kind in _PARTICLE_KINDS and t.pos[i] == "ADV":
        return False
    if t.tag[i] in _COMPARED or _compared_form(t.lower[i], head):
        return False  # *longer for* is no *long for* (the tagger may call *longer* RB)
    if t.tag[i] == "JJ" and i + 1 < t.n and t.tag[i + 1] in ("NN", "NNS"):
        return False  # an adjective before its noun: *clear evidence of* is no *clear sb of*
    if t.tag[i] in ("NN", "NNS") and i > 0 and t.tag[i - 1] == "CD":
        return False  # a noun counted: *two camps out of three* is no *camp out*
    if (
        t.tag[i] == "JJ"
        and i > 0
        and t.lower[i - 1] in _DEGREE_WORDS
        and not head.endswith(("ed", "ing"))
        and "VERB" in dictionary_lemmas(head)
    ):
        # an adjective after its degree word, where the head is a verb: *too warm to cool* is no
        # *warm to* (an adjective's own stays: *extremely vulnerable to*, *less equipped to*)
        return False
    return not (_nominal(t, i) and "VERB" in dictionary_lemmas(head))


def _compared_form(lower: str, head: str) -> bool:
    """Whether `lower` is the regular comparative or superlative of `head` (*longer*, *latest*)."""
    return lower != head and lower in (head + "er", head + "r", head + "est", head + "st")


def _joined_hyphen(t: _Tokens, j: int) -> bool:
    """Whether the token at j is a hyphen inside a word (*spot-kick*), not a spaced dash."""
    return 0 < j < t.n - 1 and t.lower[j] == "-" and not t.space[j - 1] and not t.space[j]


def _cut_from_its_word(t: _Tokens, words: list[int]) -> bool:
    """Whether a word of the match is part of a hyphenated word the expression does not hold:
    *kick in* is not in "spot-kick in", *on a high* not in "on high-end", *threaten sb with*
    not in "career-threatening ... with"."""
    held = set(words)
    return any(
        (_joined_hyphen(t, w - 1) and w - 1 not in held) or (_joined_hyphen(t, w + 1) and w + 1 not in held)
        for w in words
    )


def _open_phrase_after(t: _Tokens, pattern: _Pattern, words: list[int]) -> bool:
    """Whether what follows the match's last word shows it is no expression: a verb's
    preposition opening a time phrase (*has fallen for sixteen months* is no *fall for*); the
    noun of a fixed expression met after an object taking a relative clause of its own (*shave
    0.12 seconds off the mark she set* is a mark, not *off the mark*; at a clause's start the
    pronoun is the clause's subject: *in the end you go*, *at one point she had*)."""
    first, last = words[0], words[-1]
    nxt_pos = t.pos[last + 1] if last + 1 < t.n and not t.sent_start[last + 1] else None
    if (
        pattern.elements[-1] == "way"
        and nxt_pos is not None
        and (t.lower[last + 1] in ("too", "more", "less") or t.tag[last + 1] in _COMPARED)
    ):
        return True  # *way* as a degree word: *give way too much weight* is no *give way*
    if pattern.elements[-1] == "own" and nxt_pos in ("NOUN", "ADJ"):
        return True  # *own* is its noun's: *holding his own daughter* is no *hold one's own*
    if (
        len(pattern.elements) > 2
        and pattern.elements[-2] in (SLOT_SB, SLOT_STH)
        and t.tag[last] in ("JJ", "JJR", "JJS")
        and nxt_pos == "NOUN"
    ):
        # the adjective after the slot is its noun's: *making choices the whole time* is no
        # *make sb whole*, *get it the wrong way round* no *get sb wrong*
        return True
    if "of" in pattern.elements[1:-1] and last + 1 < t.n and t.tag[last + 1] == "POS":
        # the noun after *of* owns what follows: *the state of the nation's infrastructure* is
        # the nation's, no *state of the nation*
        return True
    if pattern.kind in _VERB_KINDS:
        if pattern.elements[-2:] == ("up", "to") and pattern.elements[0] not in _UP_TO_AMOUNTS:
            return _amount_after(t, last)  # *faces up to 20 years* is no *face up to*
        if (
            pattern.kind == "phrasal-prepositional"
            and pattern.elements[-1] == "to"
            and last + 1 < t.n
            and t.tag[last + 1] == "VB"
        ):
            # a three-part verb's *to* is a preposition: before a verb's base form it opens an
            # infinitive, and the verb is the two-part one (*see rates come down to ease the
            # burden* is no *come down to*, *woke up to find* no *wake up to*)
            return True
        if (
            pattern.elements[-1] == "up"
            and pattern.elements[0] not in _RISES
            and last + 1 < t.n
            and t.lower[last + 1] == "to"
            and _amount_after(t, last + 1)
        ):
            return True  # *eats up to a third of income* is no *eat up* (*crept up to 4.6%* is *creep up*)
        if (
            last + 1 < t.n
            and (t.lower[last], t.lower[last + 1]) in _ADVERBIAL_PAIRS
            and not (
                t.lower[last + 1] in _NOUN_OPENERS and last + 2 < t.n and t.pos[last + 2] in ("NOUN", "ADJ")
            )
        ):
            # *keep at least two* is no *keep at*, *buy in bulk* no *buy in*, *deliver on time*
            # no *deliver on*: the preposition is the adverbial's (but *vote for good
            # governance* is *vote for*, *focus on time management* *focus on*)
            return True
        if (
            t.lower[last] == "on"
            and last + 2 < t.n
            and t.tag[last + 1] == "PRP$"
            and t.lower[last + 2] == "own"
            and (last + 3 >= t.n or t.pos[last + 3] not in ("NOUN", "ADJ"))
        ):
            return True  # *thrive on its own* is no *thrive on* (but *rely on their own savings*)
        if (
            pattern.kind == "prepositional"
            and t.lower[last] in ("before", "since")
            and t.tag[last] == "RB"
            and (last + 1 >= t.n or t.punct[last + 1])
        ):
            # the adverb ending the clause: *had never appeared before* is no *appear before*
            # (an intransitive use's particle stays: *have lagged behind.*)
            return True
        # a particle takes a time after it (*kick in next week*), a preposition does not (*walked
        # out on the same day*)
        named = pattern.kind in ("prepositional", "phrasal-prepositional")
        if not named and _when_after(t, last):
            return True  # *held on Sunday* is no *hold on*, *held over the summer* no *hold over*
        if not named and t.lower[last] in ("in", "at") and _place_after(t, last):
            return True  # *shops closed in the UK* is no *close in*
        return pattern.elements[-1] in _PREPOSITIONS and _time_after(t, last, named)
    if pattern.kind in _FROZEN_KINDS and len(pattern.elements) > 1 and pattern.elements[-1] in _TIME_OPENERS:
        # *schools shut their doors on Wednesday* is no *shut the door on*; *for*, *over* and the
        # like open a time only with a date or a past year (*around the world over the past
        # decade* is no *the world over*): a length of time may be an idiom's object (*setting
        # the stage for days of horse-trading*)
        if _when_after(t, last):
            return True  # *twice over the summer* is no *twice over*
        if pattern.elements[-1] in _DURATION_PREPOSITIONS:
            if _dated_after(t, last):
                return True
        elif _time_after(t, last, True):
            return True
    after_object = first > 0 and t.pos[first - 1] in ("NOUN", "PROPN", "PRON", "NUM")
    if pattern.kind in _FROZEN_KINDS and after_object and t.pos[last] == "NOUN" and last + 2 < t.n:
        return (
            t.tag[last + 1] == "PRP"
            and t.lower[last + 1] not in _REFLEXIVES
            and t.pos[last + 2] in ("VERB", "AUX")
        )
    return False


_ARTICLE_OPENINGS = ("a ", "an ", "the ")
_COMPARED = frozenset({"JJR", "JJS", "RBR", "RBS"})  # comparatives and superlatives
# comparatives and superlatives of another stem than their word's that change an idiom's sense:
# its *much*, *many*, *little* or *far* is not met in them (*a bit more*, *go further*); *better*
# and *worse* keep a state's idiom (*in better shape*), as regular ones do (*a tougher line*)
_SUPPLETIVE = frozenset({"more", "most", "less", "least", "further", "furthest", "farther", "farthest"})
_FINITE = frozenset({"VBD", "VBN", "VBZ", "VBP"})  # a verb's tensed forms and its past participle

_RISES = frozenset(  # verbs whose *up* is a rise, to the amount after it (*edged up to 3.1%*)
    "creep edge tick inch climb jump shoot go move rise pick ramp step run push drive ratchet bump nudge"  # noqa: SIM905
    " head build".split()
)
_PARTICLE_WORDS = _PREPOSITIONS | frozenset({"down", "up", "back", "to", "away"})
# adverbs that make a phrasal verb of the verb before them: a prepositional verb's preposition
# does not come after one (*locked away in*, *looked out for*)
_GAP_PARTICLES = frozenset({"away", "out", "up", "down", "off", "aside", "over", "around", "about"})
_BEFORE_OF = frozenset({"kind", "sort", "regardless", "irrespective", "because", "instead", "ahead"})
_ASIDES = frozenset(
    {"to be sure", "to be fair", "to be honest", "then again", "far from it", "for the record", "that said"}
)  # sentence adverbials (*a bonus for the record* is a record's)
_CHANGES = frozenset(  # nouns of change, whose *in* names what changes (*a rise in demand*)
    "rise fall drop dip increase decrease boost surge slump decline jump gain loss growth change"  # noqa: SIM905
    " improvement slide plunge spike upturn downturn uptick cut".split()
)
_CLAUSE_BREAKS = frozenset({",", ":", "CC", "WDT", "WP", "WRB", "-LRB-", "HYPH", "NFP"})
_SUBORDINATORS = frozenset(
    "that because if when while although though as since after before until unless whether".split()  # noqa: SIM905
)
# everyday adverbials opening with a preposition, too easy for the phrase list: a verb's
# expression never ends in their preposition (*keep at least*, *come in fact*, *go by far*)
_ADVERBIAL_PAIRS = frozenset(
    tuple(pair.split())
    for pair in (
        "at least",
        "at most",
        "at all",
        "at first",
        "at last",
        "at once",
        "in fact",
        "of course",
        "by far",
        "for sure",
        "for example",
        "for instance",
        "in general",
        "in particular",
        "for good",
        "in bulk",
        "at home",
        "on time",
        "in time",
        "on schedule",
        "in advance",
        "on purpose",
        "in person",
        "on foot",
        "in public",
        "in private",
        "in full",
        "on holiday",
        "on vacation",
        "on leave",
    )
)
# an adverbial's second word that may open a noun phrase instead (*for good governance*, *on
# time management*, *in public health*, *in full view*)
_NOUN_OPENERS = frozenset(
    {
        "good",
        "time",
        "schedule",
        "advance",
        "person",
        "foot",
        "public",
        "private",
        "full",
        "holiday",
        "vacation",
    }
)
_DEGREE_WORDS = frozenset({"too", "so", "very", "as", "how", "quite", "rather", "extremely", "less"})
_UP_TO_AMOUNTS = frozenset({"add", "come", "amount"})
"""Verbs whose *up to* takes an amount as the expression does (*costs add up to $5 billion*)."""


_FRACTIONS = frozenset({"half", "third", "quarter", "fifth", "tenth", "dozen", "hundred", "thousand"})


def _amount_after(t: _Tokens, j: int) -> bool:
    """Whether an amount follows the word at j (*to 20 years*, *to $5 million*, *to a third*, *to a
    week*): after
    *up to*, the words are a limit (at most), not the end of an expression."""
    k = j + 1
    if k < t.n and t.tag[k] == "$":
        k += 1
    if k < t.n and t.lower[k] in ("a", "an") and k + 1 < t.n and t.lower[k + 1] in _FRACTIONS:
        return True
    if k < t.n and t.lower[k] in ("a", "an") and k + 1 < t.n and t.lemma[k + 1] in _TIME_UNITS:
        return True  # *to a week*, *to an hour*
    return k < t.n and (t.tag[k] == "CD" or t.lower[k] in _FRACTIONS)


def _loose_articles(t: _Tokens, pattern: _Pattern, words: list[int]) -> int:
    """How many of the pattern's articles the match has as another determiner or not at all (see
    `PhraseMatch.loose`): an article met between two of its words that is not the listed one;
    a listed article the text leaves out (*hottest on record* is *on record*, not *on the
    record*)."""
    listed = {e for e in pattern.elements if e in _ARTICLES}
    if not listed:
        return 0
    if "a" in listed:
        listed.add("an")
    between = [j for j in range(words[0] + 1, words[-1]) if j not in words and t.pos[j] == "DET"]
    other = sum(1 for j in between if t.lower[j] not in listed)
    inner = sum(1 for e in pattern.elements[1:] if e in _ARTICLES)
    return other + max(0, inner - len(between))


def _determiner(t: _Tokens, j: int) -> bool:
    """Whether the token at j is a determiner or a possessive (what stands for a listed article)."""
    return j >= 0 and (t.pos[j] == "DET" or t.tag[j] == "PRP$")


_SINGULAR_DETERMINERS = frozenset({"a", "an", "this", "that", "each", "every", "another"})


def _after_singular_determiner(t: _Tokens, j: int) -> bool:
    """Whether the singular nouns and names ending at j follow *a*, *this*, *each*..., adjectives
    allowed between (*a Freshway distribution centre*, *a new EU rule*)."""
    k = _back_over(t, j - 1, lambda k: t.tag[k] in ("NN", "NNP", "JJ"))
    return k >= 0 and t.lower[k] in _SINGULAR_DETERMINERS


def _after_the_singular(t: _Tokens, j: int) -> bool:
    """Whether the singular nouns ending at j follow *the* right after a verb, so that they are
    its object's, and the last is no noun a plural verb may follow (*knocked the share price in*,
    *push the water level up*; not *the staff chip in*, nor a subject's *the last weeks of the
    year account for*, *the music and the movement wash over*)."""
    k = _back_over(t, j - 1, lambda k: t.tag[k] == "NN")
    return (
        k >= 1
        and t.lower[k] == "the"
        and t.pos[k - 1] == "VERB"
        and not t.sent_start[k]
        and t.lower[j] not in _GROUP_NOUNS
    )


def _nominal(t: _Tokens, i: int) -> bool:
    """Whether the token at i is a noun heading a noun phrase (*the push for*, *the rules on*):
    a noun after a determiner or possessive, adjectives and hyphenated words allowed between
    (*the long-term answer for*); after an adjective of its own (*clearer rules on*, *wholesale
    prices in*); the object of a verb or a preposition just before it (*ban phones in*, *bore
    stamps on*, *a string of cuts across*, *before dawn on*, *hold sb to account for*). (After a
    noun it may be a verb the tagger misread after its subject: *the fans chip in*, *the market
    prices in*.)"""
    if t.pos[i] != "NOUN":
        return False
    j = i - 1
    modified = False
    while j >= 0 and not t.sent_start[j + 1]:
        if t.pos[j] == "ADJ":
            j -= 1
            modified = True
        elif j >= 2 and _joined_hyphen(t, j - 1):
            j -= 2  # the end of a hyphenated word: *long-term*, *high-end*
        else:
            break
    if j < 0 or t.sent_start[j + 1]:
        return modified  # adjectives open the sentence: *Several senior figures in her party*
    if modified or t.tag[j] in _NOUN_DETERMINERS:
        return True
    if j < i - 1:
        return False
    if (
        t.tag[i] == "NN"
        and t.tag[j] in ("NN", "NNP")
        and not t.lower[i].endswith("ing")
        and (_after_singular_determiner(t, j) or _after_the_singular(t, j))
    ):
        # a compound's head after a singular determiner: *a distribution centre on* (a verb after
        # a singular subject would end in -s; *the fish chip in* may be a plural's verb, *a firm
        # bidding for* a participle's); after *the*, where the noun before is no group's name
        # (*the share price in* is a price; *the staff chip in* may be their verb)
        return True
    # (a verb taking a clause is followed by the clause's verb: *researchers believe accounts for*)
    return t.tag[j] == "IN" or (t.pos[j] == "VERB" and t.lemma[j] not in _CLAUSE_VERBS)


def _time_after(t: _Tokens, j: int, named: bool = False) -> bool:
    """Whether a year, a month or *the past year* and the like follows the word at j (*ruled in
    2019*, *set on May 5*, *closed in the past year*), or,
    with `named`, a day (*dawn on Tuesday*) or *next*, *last*, *this* and a unit of time
    (*sliding into next year*), or, after *for* and the like, a length of time (*fallen for
    sixteen months*, *falling for more than a decade*): the word is a preposition opening a
    time phrase, not a particle or a verb's preposition."""
    if j + 1 >= t.n:
        return False
    if _dated_after(t, j):
        return True
    text = t.lower[j + 1]
    if named and text in _WEEKDAYS:
        return not (j + 2 < t.n and t.tag[j + 2] == "POS")  # not *dawned on Tuesday's voters*
    if named and text in ("a", "every", "each") and j + 2 < t.n and t.lower[j + 2] in _WEEKDAYS:
        return True  # *the city centre on a Friday night* is no *centre on*
    if named and text in ("the", "that") and _time_unit_after(t, j + 2):
        return True  # *walked out on the same day*, *on that morning*
    if named and text in _TIME_DEICTICS and j + 2 < t.n:
        # *sliding into next year*, *cuts into next year*; not *cut into next year's budget*
        unit = t.lower[j + 2]
        is_time = t.lemma[j + 2] in _TIME_UNITS or unit in _MONTHS or unit in _WEEKDAYS
        return is_time and not (j + 3 < t.n and t.tag[j + 3] == "POS")
    if t.lower[j] == "in":
        k = j + 1 + _approximation(t, j + 1)  # *in less than three weeks*, *in about a month*
        if (
            k + 1 < t.n
            and (t.lower[k] in ("a", "an") or t.tag[k] == "CD")
            and t.lemma[k + 1] in _TIME_UNITS
            and not (k + 2 < t.n and t.lower[k + 2] in ("ago", "earlier", "before", "later"))
        ):
            # a time from now: *the consultation closes in six weeks* is no *close in* (but *had
            # pencilled in three months ago* is *pencil in*)
            return True
    if t.lower[j] not in _DURATION_PREPOSITIONS:
        return False
    for k in range(j + 1, min(t.n, j + 2 + _DURATION_GAP)):
        if t.pos[k] == "NOUN" and t.lemma[k] in _TIME_UNITS:
            return True
        if t.punct[k] or t.sent_start[k] or (t.pos[k] not in _DURATION_POS and t.lower[k] != "than"):
            return False
    return False


# (not *over* or *under*: *phased in over two years* is *phase in*)
_APPROXIMATORS = frozenset({"about", "around", "roughly", "nearly", "almost", "just"})


def _approximation(t: _Tokens, k: int) -> int:
    """How many words from k say a number is approximate (*less than*, *more than*, *about*,
    *nearly*): 0 when none."""
    n = 0
    if k < t.n and t.lower[k] == "just":
        n = 1
    if k + n + 1 < t.n and t.lower[k + n] in ("less", "more", "fewer") and t.lower[k + n + 1] == "than":
        return n + 2
    if k + n < t.n and t.lower[k + n] in _APPROXIMATORS:
        return n + 1
    return n


def _dated_after(t: _Tokens, j: int) -> bool:
    """Whether a year, a month or *the past year* and the like follows the word at j (*ruled in
    2019*, *set on May 5*, *closed in the past year*, *over the past decade*, *close in the
    second half*)."""
    if j + 1 >= t.n:
        return False
    text = t.lower[j + 1]
    if (text.isdigit() and len(text) == 4 and text[0] in "12") or text in _MONTHS:
        return True
    if text == "the" and j + 2 < t.n and t.lower[j + 2] in _TIME_ORDER:
        # *closed in the past year*, *set in the coming weeks*, *in the next few months*
        for k in range(j + 3, min(t.n, j + 6)):
            if (t.lemma[k] in _TIME_UNITS or t.lemma[k] in _PARTS_OF_A_YEAR) and t.pos[k] == "NOUN":
                return not (k + 1 < t.n and t.tag[k + 1] == "POS")
            if t.pos[k] not in ("NUM", "ADJ"):
                break
    return False


# the parts of a day (and the week's end) that *the* or *that* names as a time (*that morning*)
_PARTS_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "weekend"})
# ... and of a year: what a particle's time phrase names after *the* (*held over the summer*)
_SEASONS_AND_PARTS = _PARTS_OF_DAY | {"summer", "winter", "spring", "autumn", "holidays"}


def _when_after(t: _Tokens, j: int) -> bool:
    """Whether the particle at j is the preposition of a time phrase that names when: *on* and
    a day (*held on Sunday*), *on*, *over*, *in*, *at* or *during* and *the* with a season or a
    part of a day that ends the phrase (*held over the summer*; not *took over the summer camp*).
    A particle keeps a time named by *next*, *last* or *this* (*will take over next week*)."""
    word = t.lower[j]
    if word not in ("on", "over", "in", "at", "during") or j + 1 >= t.n:
        return False
    nxt = t.lower[j + 1]
    if nxt in _WEEKDAYS and word == "on":
        return not (j + 2 < t.n and t.tag[j + 2] == "POS")
    if nxt != "the" or j + 2 >= t.n or t.lower[j + 2] not in _SEASONS_AND_PARTS:
        return False
    return not (j + 3 < t.n and (t.pos[j + 3] in ("NOUN", "PROPN") or t.tag[j + 3] == "POS"))


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _place_after(t: _Tokens, j: int) -> bool:
    """Whether the word at j opens a place's name (*in the UK*, *at Heathrow*): the place's
    preposition, no particle."""
    k = j + 1
    if k < t.n and t.lower[k] == "the":
        k += 1
    return k < t.n and t.ent_type[k] in _PLACE_LABELS


def _time_unit_after(t: _Tokens, k: int) -> bool:
    """Whether a day or a part of one comes at k, after *same*, *very*, *following* or *final*
    at most (*the same day*, *that morning*), and ends the phrase (not *the day's trading*)."""
    if k < t.n and t.lower[k] in ("same", "very", "following", "final", "next", "previous"):
        k += 1
    return (
        k < t.n
        and (t.lower[k] == "day" or t.lower[k] in _PARTS_OF_DAY)
        and not (k + 1 < t.n and t.tag[k + 1] == "POS")
    )


def _particle_here(t: _Tokens, j: int) -> bool:
    """Whether the word at j, met after an object, is a particle and not a preposition opening a
    phrase of its own."""
    if t.tag[j] == "RP":
        return True
    if t.pos[j] == "NOUN":
        return False  # the object's own noun: *got a thrilling final round* is no *get round*
    return j + 1 >= t.n or t.punct[j + 1] or t.pos[j + 1] not in _NOUN_PHRASE_START


def _word_matches(word: str, lemma: str, lower: str) -> bool:
    """By lemma or text; an expression's *is* or *are* before its end is any form of *be* (*the
    writing was on the wall*, *the gloves were off*, *the jury's still out*), its *has* or *had*
    any form of *have*, its *will* any modal (see `compile_pattern`)."""
    if word in (lemma, lower):
        return True
    if word in _LEMMA_OF:
        return lemma == _LEMMA_OF[word]
    return word == _ANY_MODAL and lower in _MODALS


def _match(t: _Tokens, pattern: _Pattern, start: int) -> list[int] | None:
    """The token indices of the expression's words when `pattern` matches from `start`."""
    n = t.n
    words = [start]
    pos = start + 1
    elements = pattern.elements
    frozen = pattern.frozen
    article_left_out = False
    quoted = False  # a quotation opened inside the match: it must close there or where it ends
    for k in range(1, len(elements)):
        element = elements[k]
        while pos < n and t.tag[pos] in _QUOTE_TAGS and not t.sent_start[pos]:
            quoted = t.tag[pos] == "``"  # opened, or closed again (*slapping "low water surcharges" on*)
            pos += 1
        if element in (SLOT_SB, SLOT_STH, SLOT_POSS, SLOT_SELF):
            nxt = elements[k + 1] if k + 1 < len(elements) else None
            if (
                k == 1
                and element in (SLOT_SB, SLOT_STH)
                and nxt
                and _passive_gap(t, pattern, start, pos, nxt)
            ):
                continue  # the object is the passive's subject: *was brought to a standstill*
            end = _slot(t, element, pos, nxt)
            if end is None:
                return None
            pos = end
            continue
        if frozen and element in _ARTICLES:
            # the listed article, or none (*on alert* is *on the alert*); never another
            # determiner (*in some places* is not *in place*), nor none before a plural (*margins
            # on books* is no *on the books*), nor none before a last word that is no noun there
            # (*and like all living things* is no *and the like*, *on cheap goods* no *on the
            # cheap*)
            if pos < n and t.pos[pos] == "DET":
                if not _word_here(element, t, pos, True, False):
                    return None
                pos += 1
            elif (
                pos < n and t.tag[pos] == "NNS" and k + 1 < len(elements) and elements[k + 1] == t.lower[pos]
            ) or (pos < n and k + 2 == len(elements) and not t.tag[pos].startswith("NN")):
                return None
            continue
        found = _next_word(t, pattern, k, start, pos)
        if found is not None and found >= 0 and element == "be" and t.lower[found] != "be":
            # *be* after an expression's first word is a base form (*so be it*, *to be fair*, *if
            # need be*): *so is it all doom and gloom?* is no *so be it*
            return None
        if found is None:
            if element in _ARTICLES:
                article_left_out = True
                continue  # the article is optional: "strike balance" is rare, "strike a balance"
            return None
        if found < 0:
            return None
        if article_left_out and k == len(elements) - 1 and not t.tag[found].startswith("NN"):
            # without its article the noun is a verb or a preposition: *it's given him* is no
            # *it's a given*, *and like all living things* no *and the like*
            return None
        article_left_out = False
        if element not in _ARTICLES:
            words.append(found)
        pos = found + 1
    if quoted and not (pos < n and t.tag[pos] == "''"):
        return None  # *no "end of the chapter"* is no *no end of*
    return words


def _next_word(t: _Tokens, pattern: _Pattern, k: int, start: int, pos: int) -> int | None:
    """Where the pattern's k-th element is found from `pos` on, what may come between allowed;
    None when it is not, -1 when the match fails there whatever the element."""
    elements = pattern.elements
    element = elements[k]
    separable = pattern.kind in _PARTICLE_KINDS
    prepositional = pattern.kind == "prepositional"
    frozen = pattern.frozen
    optional_article = element in _ARTICLES
    after_article = elements[k - 1] in _ARTICLES
    limit = _OBJECT if (separable and k == 1) else _GAP
    # a fixed expression's own article may take a noun phrase's words after it (*take a firm
    # stand*); elsewhere only what `_fixed_gap` allows
    # (but not after the article of one opening with its preposition: *in the mixed zone* is no
    # *in the zone*)
    fixed = pattern.fixed and not (after_article and _determiner(t, pos - 1) and not frozen)
    article_left_out = fixed and after_article
    # a listed *a* met as *a* takes no plural (*miles* is not the *mile* of *run a mile*); met as
    # another determiner, or left out in a collocation, the plural is the expression's (*casting
    # their ballots*, *not taking any chances*, *drew different conclusions*; but an idiom's
    # noun without its article is literal: *the children have balls* is no *have a ball*)
    single = elements[k - 1] in ("a", "an") and (
        (pos > 0 and t.lower[pos - 1] in ("a", "an"))
        or (
            pattern.kind != "collocation"
            and not (pos > 0 and (t.pos[pos - 1] == "DET" or t.tag[pos - 1] == "PRP$"))
        )
    )
    # an idiom's *the* and a noun listed singular: met as a plural it is literal (*poisoned
    # wells* is no *poison the well*, *making the calls* to families no *make the call*)
    singular = pattern.kind in _FROZEN_KINDS and elements[k - 1] == "the"
    modified = False  # whether an adjective came between: then its word must be a noun
    for j in range(pos, min(t.n, pos + limit + 1)):
        tag = t.tag[j]
        pos_j = t.pos[j]
        if j > start and t.sent_start[j]:
            return -1
        if optional_article and (pos_j == "DET" or tag == "PRP$"):
            return j  # any determiner or a possessive (*cleared their first hurdle*)
        if singular and tag in ("NNS", "NNPS") and t.lower[j] != element and t.lemma[j] == element:
            return -1
        if not optional_article and _word_here(element, t, j, frozen, after_article, single, pattern.fixed):
            if separable and k == 1 and j > pos and not _particle_here(t, j):
                return -1  # *get the community on board*: a preposition, not *get on*
            if separable and k == len(elements) - 1 and tag == "IN" and _time_after(t, j):
                return -1  # *ruled in 2019*: a time phrase, not *rule in*
            if modified and pos_j != "NOUN":
                return -1
            return j
        if (
            pattern.kind in _FROZEN_KINDS
            and t.lower[j] == ","
            and j == pos
            and element == elements[0]
            and j + 1 < t.n
        ):
            # the comma between an idiom's two halves, its first word again after it (*too
            # little, too late*, *day in, day out*)
            nxt = j + 1
            if not t.sent_start[nxt] and _word_here(
                element, t, nxt, frozen, after_article, single, pattern.fixed
            ):
                return nxt
        if separable and k == 1:
            if pos_j not in _OBJECT_POS and t.lower[j] not in _DEMONSTRATIVES:
                break  # *ruled that out*: "that" is an object here
        elif frozen:
            if pos_j not in _FROZEN_GAP_POS or (fixed and not _fixed_gap(t, j, article_left_out)):
                break
        elif prepositional and k == 1:
            if pos_j != "ADV":
                break  # *looked easier to score*: the preposition follows the verb
            if t.lower[j] in _GAP_PARTICLES and not (t.lower[j] == "away" and element == "at"):
                # the verb's particle: *locked away in a vault* is *lock away*, not *locked in*
                # (*back* says again, *away at* goes on: *seeped back into*, *nibbling away at*)
                break
        elif fixed:
            if not _fixed_gap(t, j, article_left_out):
                break
        elif pos_j not in _GAP_POS or (pos_j == "NUM" and pattern.kind == "idiom"):
            break  # *runs nearly 200 miles* is no *run a mile*
        elif pattern.kind == "compound" and pos_j == "DET":
            # an adjective may come inside a term (*a marathon overnight session*), an article
            # not: *loves the game* is no *love game*
            break
        if t.punct[j]:
            break
        modified = modified or (fixed and pos_j == "ADJ")
    return None


def _noun_after(t: _Tokens, j: int) -> bool:
    """Whether a noun or another adjective follows token j (the adjective qualifies it)."""
    return j + 1 < t.n and t.pos[j + 1] in ("NOUN", "PROPN", "ADJ")


def _fixed_gap(t: _Tokens, j: int, article_left_out: bool) -> bool:
    """Whether the token at j may come between two words of an idiom or fixed expression with no
    slot (outside a noun phrase after its own article): an adverb (*fell well short*); *no*,
    *some*, *any* or a plain adjective before its noun (*makes no sense*, *buys some time*,
    *takes great pride in*, *at serious risk*), but not where its listed article is left out
    (*on very thin margins* is no *on the margins*), and no comparative, quantity or ordinal
    (*held more water* is no *hold water*, *in second place* no *in place*), nor another
    determiner (*got this real energy* is no *get real*)."""
    if t.pos[j] == "ADV":
        return True
    if article_left_out:
        return False
    lower = t.lower[j]
    if lower in _FIXED_DETERMINERS:
        return True
    return t.tag[j] == "JJ" and lower not in _QUANTITIES and lower not in _ORDINALS


def _word_here(
    element: str,
    t: _Tokens,
    j: int,
    frozen: bool,
    after_article: bool,
    single: bool = False,
    fixed: bool = False,
) -> bool:
    """Whether the token at j is the expression's word `element`: by lemma or by its text; in a
    frozen expression a noun only as listed (*places* is not *place*); after *a*, never a
    plural; after an article, a noun's place, never an inflected verb or an adjective made of the
    word (*handed in* is not *have a hand in*, *in the mixed zone* not *in the mix*; a headline's
    *hits record high* keeps its *record*, *take a tougher line* is *take a tough line*); in a
    fixed expression (past its first word), no *-ing* form for a word listed without (*big
    sticking points* is no *big stick*)."""
    pos = t.pos[j]
    lower = t.lower[j]
    if fixed and lower.endswith("ing") and not element.endswith("ing") and lower != element:
        return False
    if (
        after_article
        and lower != element
        and (pos in ("VERB", "AUX") or (pos == "ADJ" and t.tag[j] not in _COMPARED))
    ):
        return False
    if single and t.tag[j] in ("NNS", "NNPS"):
        return False  # *a* before a plural: *miles* is not the *mile* of *run a mile*
    if element in _ARTICLES:
        return lower == element or (element == "a" and lower == "an")
    if frozen and pos in ("NOUN", "PROPN") and element not in _AUXILIARIES:
        return lower == element
    if element in _DEMONSTRATIVE_PAIRS:
        return lower in (element, _DEMONSTRATIVE_PAIRS[element])  # *to that end* is *to this end*
    if lower in _SUPPLETIVE and element != lower:
        return False  # *a bit more* is no *a bit much*, *go further* no *go far*
    return _word_matches(element, t.lemma[j], lower) or element == t.full[j]


def _passive_gap(t: _Tokens, pattern: _Pattern, verb: int, pos: int, nxt: str) -> bool:
    """Whether the verb at `verb` is a passive participle (a form of *be* or *get* before it, or
    its subject, adverbs between) and the element after its object slot comes right after it at `pos`:
    *traffic was brought to a standstill*, *they were taken to task* (*bring sth to a
    standstill*, *take sb to task*). Only where a word of its own follows the slot: a verb
    and its preposition alone is most often the verb's own passive (*figures held against a
    screen* is no *hold sth against*, *squeezed out of the market* no *squeeze sth out of*)."""
    if t.tag[verb] != "VBN" or pos >= t.n or t.sent_start[pos]:
        return False
    if all(e in _FUNCTION_WORDS or e in _PARTICLE_WORDS for e in pattern.elements[2:]):
        return False
    k = _back_over(t, verb - 1, lambda k: t.tag[k] in ("RB", "RBR", "RBS"))
    # a form of *be* or *get*, or the passive's subject itself (*they want someone held to
    # account*, *the men brought to justice*)
    if k < 0 or (t.lemma[k] not in ("be", "get") and t.pos[k] not in ("NOUN", "PRON", "PROPN")):
        return False
    return (nxt in _ARTICLES and t.pos[pos] == "DET") or _word_matches(nxt, t.lemma[pos], t.lower[pos])


def _slot(t: _Tokens, slot: str, pos: int, nxt: str | None) -> int | None:
    """The index after a slot filled from `pos`, or None when the slot cannot be filled."""
    n = t.n
    if pos >= n or t.sent_start[pos]:
        return None
    if slot == SLOT_POSS:
        if t.lower[pos] in _POSSESSIVES:
            return pos + 1
        if pos + 1 < n and t.tag[pos + 1] == "POS":
            return pos + 2
        return None
    if slot == SLOT_SELF:
        return pos + 1 if t.lower[pos] in _REFLEXIVES else None
    if t.lower[pos] in ("'s", "’s"):
        return None  # *let's go* is no *let sb go*: the *us* of *let's* is the speakers
    if nxt == "of" and t.lower[pos] in _PARTITIVES and pos + 1 < n and t.lower[pos + 1] == "of":
        return None  # a part of what follows: *relieve some of that pressure* is no *relieve sb of*
    longest = _SLOT_LEN[slot]
    nominal = False  # a slot holds a noun phrase: *stripped bare of* is no *strip sb of*
    for length in range(1, longest + 1):
        j = pos + length - 1
        if j >= n:
            return None
        # an amount's signs are part of it (*wiped $3.2 billion off*, *knocked 5% off*)
        sign = t.tag[j] == "$" or t.lower[j] == "%"
        if (t.punct[j] and not sign) or (j > pos and t.sent_start[j]):
            return None
        in_phrase = sign or t.pos[j] in _SLOT_POS
        # two nouns joined fill one slot (*hold coaches and managers to account*)
        joined = nominal and t.lower[j] in ("and", "or") and j + 1 < n and t.pos[j + 1] in _SLOT_POS
        if not in_phrase and not joined and not (slot == SLOT_STH and t.pos[j] == "ADP" and j > pos):
            return None
        nominal = (
            nominal
            or t.pos[j] in _SLOT_HEADS
            or t.lower[j] in _PRONOUN_LIKE
            # an adjective standing for its people after *the* (*hold the powerful to account*)
            or (t.pos[j] == "ADJ" and j > pos and t.lower[j - 1] == "the" and not _noun_after(t, j))
        )
        after = j + 1
        if nxt is None:
            return after if nominal else None
        at = after + 1 if after + 1 < n and t.tag[after] in _QUOTE_TAGS else after  # *them "down*
        if (
            nominal
            and at < n
            and ((nxt in _ARTICLES and t.pos[at] == "DET") or _word_matches(nxt, t.lemma[at], t.lower[at]))
        ):
            return after
    return None
