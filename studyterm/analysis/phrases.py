"""Multi-word items: fixed expressions from our phrase list, and phrasal verbs from the tagger.

The phrase list (`studyterm/data/phrases.tsv`, authored by us) is in lemma form and matched on
the lemmas spaCy gives each token (see `PhraseFinder`), so "core interests", "laid the
foundation" and "think tanks" all match. Phrasal verbs not on the list are found as VERB +
particle (RP).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Phrase", "PhraseFinder", "PhraseMatch", "phrase_list"]

_PHRASE_FILE = "phrases.tsv"


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


@lru_cache(maxsize=1)
def phrase_list() -> dict[str, Phrase]:
    """The shipped phrase list keyed by phrase (lemma form, lower case)."""
    text = resources.files("studyterm.data").joinpath(_PHRASE_FILE).read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    out: dict[str, Phrase] = {}
    for row in rows:
        key = row["phrase"].strip().lower()
        level = (row.get("level") or "").strip().upper() or None
        out[key] = Phrase(key, row["kind"].strip(), row["gloss"].strip(),
                          row["definition"].strip(), level)
    return out


class PhraseFinder:
    """Finds listed phrases and phrasal verbs in processed Docs. Build once per pipeline.

    Listed phrases go through two `PhraseMatcher`s (a trie walk, cheap however long the list):
    one on lemmas — each token's NORM is set to its lower-case lemma before matching, so *core
    interests*, *laid the foundation* and *think tanks* match their lemma-form entries — and one
    on the lower-case text, for the odd word the lemmatizer gets wrong. A token-pattern `Matcher`
    with a set of inflections per word was 2x slower than the whole spaCy pipeline on 700 phrases.
    """

    def __init__(self, nlp: Language) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self._by_lemma = PhraseMatcher(nlp.vocab, attr="NORM")
        self._by_text = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._kinds: dict[str, str] = {}
        for key, phrase in phrase_list().items():
            pattern = nlp.make_doc(key)
            if not len(pattern):
                continue
            for tok in pattern:
                tok.norm_ = tok.lower_
            self._by_lemma.add(key, [pattern])
            self._by_text.add(key, [pattern])
            self._kinds[key] = phrase.kind
        self._phrasal = Matcher(nlp.vocab)
        self._phrasal.add("__phrasal__", [[{"POS": "VERB"}, {"TAG": "RP"}]])

    def find(self, doc: Doc) -> list[PhraseMatch]:
        """Matches in the Doc; where phrases overlap, the longest wins (*strategic mutual trust*
        over *mutual trust*), and listed phrases win over tagger-found phrasal verbs."""
        vocab = doc.vocab
        found: list[PhraseMatch] = []
        for tok in doc:  # match on lemmas: the Doc has been analysed, NORM is free to reuse
            tok.norm_ = (tok.lemma_ or tok.text).lower()
        listed = set(self._by_lemma(doc)) | set(self._by_text(doc))
        matches = sorted([*listed, *self._phrasal(doc)], key=lambda m: (
            vocab.strings[m[0]] == "__phrasal__", -(m[2] - m[1]), m[1]))
        taken: set[int] = set()
        for match_id, start, end in matches:
            if taken.intersection(range(start, end)):
                continue
            taken.update(range(start, end))
            key = vocab.strings[match_id]
            if key == "__phrasal__":
                verb, particle = doc[start], doc[start + 1]
                lemma = f"{verb.lemma_.lower()} {particle.lower_}"
                if lemma in self._kinds:
                    continue  # the listed pattern matches it too
                found.append(PhraseMatch(lemma, "phrasal", start, end, listed=False))
            else:
                found.append(PhraseMatch(key, self._kinds[key], start, end, listed=True))
        found.sort(key=lambda m: m.start)
        return found
