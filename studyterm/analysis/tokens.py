"""A Doc's token attributes as plain lists, read from spaCy once per Doc.

The analysis looks at every token several times (names, words, hyphen chains, the phrase
finder's patterns), and each look through spaCy's `Token` makes a new object and decodes its
string again: several times the cost of a list's item. `TokenTable` takes the attributes the
analysis reads in one `Doc.to_array` call, each string decoded once per process
(`_STRINGS`), and the sentences as spaCy cuts them (`Doc.sents`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["TokenTable"]

# the string of each hash met (word forms, lemmas, tags, entity labels): a few tens of thousands
# in a large library, as the spaCy vocabulary they come from
_STRINGS: dict[int, str] = {}
_POS_NAMES: dict[int, str] = {}
# what `TokenTable` reads, in its order: five strings, the part of speech, two numbers, flags
_COLUMNS = (
    "ORTH",
    "LOWER",
    "LEMMA",
    "TAG",
    "ENT_TYPE",
    "POS",
    "IDX",
    "SPACY",
    "SENT_START",
    "IS_ALPHA",
    "IS_LOWER",
    "IS_PUNCT",
    "IS_SPACE",
    "LIKE_NUM",
    "LIKE_URL",
    "LIKE_EMAIL",
)


class TokenTable:
    """Token i's attributes as `table.<attribute>[i]`, named as spaCy's `Token` names them
    (`text`, `lower` for `lower_`, `pos` for `pos_`, `is_alpha`, ...). `sent_start[i]` is whether
    token i starts a sentence (`Token.is_sent_start`, unknown read as no); `sentence[i]` the
    number of its sentence and `sentences[k]` the token range of sentence k (`Doc.sents`)."""

    __slots__ = (
        "ent_type",
        "idx",
        "is_alpha",
        "is_lower",
        "is_punct",
        "is_space",
        "lemma",
        "like_email",
        "like_num",
        "like_url",
        "lower",
        "n",
        "pos",
        "sent_start",
        "sentence",
        "sentences",
        "tag",
        "text",
        "whitespace",
    )

    def __init__(self, doc: Doc) -> None:
        from spacy import attrs

        array = doc.to_array([getattr(attrs, name) for name in _COLUMNS])  # a row a token
        strings = doc.vocab.strings
        text, lower, lemma, tag, ent_type = (_decoded(col, strings) for col in array[:, :5].T.tolist())
        self.text: list[str] = text
        self.lower: list[str] = lower
        self.lemma: list[str] = lemma  # spaCy's
        self.tag: list[str] = tag
        self.ent_type: list[str] = ent_type
        self.pos: list[str] = _pos_names(array[:, 5].tolist(), doc)
        self.idx: list[int] = array[:, 6].tolist()
        # the flags, and whether a token is followed by a space or starts a sentence, are 1 for
        # yes (a sentence start's "no" is -1, read unsigned)
        flags: list[list[bool]] = (array[:, 7:] == 1).T.tolist()
        self.whitespace, self.sent_start = flags[0], flags[1]
        self.is_alpha, self.is_lower, self.is_punct, self.is_space = flags[2:6]
        self.like_num, self.like_url, self.like_email = flags[6:9]
        self.n = len(text)
        self.sentences: list[range] = []
        self.sentence: list[int] = []
        start = 0
        for end in [*(i for i in range(1, self.n) if self.sent_start[i]), self.n]:
            if end > start:
                self.sentence += [len(self.sentences)] * (end - start)
                self.sentences.append(range(start, end))
            start = end

    def end_char(self, i: int) -> int:
        """Where token i ends in the Doc's text."""
        return self.idx[i] + len(self.text[i])


def _decoded(hashes: list[int], strings: object) -> list[str]:
    """The strings of `hashes`, each decoded by spaCy's StringStore the first time it is met."""
    known = _STRINGS
    try:
        return list(map(known.__getitem__, hashes))
    except KeyError:
        for h in set(hashes).difference(known):
            known[h] = strings[h]  # type: ignore[index]
        return list(map(known.__getitem__, hashes))


def _pos_names(ids: list[int], doc: Doc) -> list[str]:
    """The universal part-of-speech names of `ids` (`Token.pos_`), each asked of the first token
    that has it."""
    known = _POS_NAMES
    for i, p in enumerate(ids):
        if p not in known:
            known[p] = doc[i].pos_
    return [known[p] for p in ids]
