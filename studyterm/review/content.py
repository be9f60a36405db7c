"""What a review card shows: an item's real sentences from the learner's episodes, its senses
(the one that fits each sentence), level and frequency.

Read from the library's cached analyses only (never spaCy: an episode not analysed yet simply
lends no sentences), glossed by the library's lexicon. An item with no sentence anywhere — a word
marked with `studyterm mark` or imported from Anki — is still reviewable: its card shows the word
alone, with what the dictionaries and the frequency list know of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from studyterm.lexicon import Lexicon, enrich
from studyterm.model import Occurrence, Sense, VocabItem, written_phrase
from studyterm.store import Store

__all__ = ["CardSentence", "ItemContent", "bare_item", "load_content"]

_BARE_POS = ("NOUN", "VERB", "ADJ", "ADV")


@dataclass(frozen=True)
class CardSentence:
    """One sentence using the item: where it is (to open the episode there) and its sense."""

    episode_id: str
    title: str
    segment: int
    start: int  # the item's span in the segment
    end: int
    text: str  # the sentence
    sent_start: int  # the item's span in the sentence
    sent_end: int
    sense: int  # index into ItemContent.senses

    @property
    def sentence_offset(self) -> int:
        """Where the sentence begins in its segment."""
        return max(0, self.start - self.sent_start)


@dataclass
class ItemContent:
    """Everything a card of one item may show, sentences best first."""

    lemma: str
    pos: str = ""
    senses: list[Sense] = field(default_factory=list)
    cefr: str | None = None
    band: str | None = None
    rank: int | None = None
    pronunciation: str | None = None
    forms: list[str] = field(default_factory=list)
    sentences: list[CardSentence] = field(default_factory=list)
    is_phrase: bool = False

    def senses_for(self, sentence: CardSentence | None) -> list[Sense]:
        """The senses with the one that fits `sentence` first (the item's first otherwise)."""
        if sentence is None or not 0 < sentence.sense < len(self.senses):
            return list(self.senses)
        first = self.senses[sentence.sense]
        return [first, *(s for s in self.senses if s is not first)]

    def headword(self, sentence: CardSentence | None) -> str:
        """The card's word: an expression as `sentence` writes it (*Ponzi scheme*: see
        `model.written_phrase`), a word by its lemma."""
        if not self.is_phrase or sentence is None:
            return self.lemma
        s = sentence
        met = Occurrence(s.segment, s.start, s.end, s.text, s.sent_start, s.sent_end)
        return written_phrase(self.lemma, met)

    @property
    def gloss(self) -> str | None:
        return next((s.gloss for s in self.senses if s.gloss), None)


def load_content(
    store: Store, lemmas: Iterable[str], version: str, lexicon: Lexicon | None = None
) -> dict[str, ItemContent]:
    """The card content of each lemma (lower case), from every episode analysed with `version`
    (`pipeline.analysis_version`), in the library's order."""
    wanted = {lemma.lower() for lemma in lemmas}
    # (lemma, pos) → the item merged over episodes, with (episode, title) per occurrence
    merged: dict[tuple[str, str], VocabItem] = {}
    where: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for row in store.episodes():
        analysis = store.analysis(row.content_hash, version)
        if analysis is None:
            continue
        for item in analysis.items:
            lemma = item.lemma.lower()
            if lemma not in wanted or not item.occurrences:
                continue
            key = (lemma, item.pos)
            if key not in merged:
                merged[key] = replace(item, occurrences=[], forms=[], count=0)
                where[key] = []
            into = merged[key]
            into.occurrences.extend(item.occurrences)
            into.forms.extend(f for f in item.forms if f not in into.forms)
            into.count += item.count
            where[key].extend((row.id, row.title) for _ in item.occurrences)
    if lexicon is None:
        from studyterm.pipeline import library_lexicon  # the dictionaries every view glosses from

        lexicon = library_lexicon(store)
    enrich(list(merged.values()), lexicon)
    out: dict[str, ItemContent] = {}
    # the part of speech the episodes use most gives the card's senses and level
    for key in sorted(merged, key=lambda k: -merged[k].count):
        item = merged[key]
        content = out.get(key[0])
        if content is None:
            content = out[key[0]] = _content(item)
        shift = len(content.senses) if content.pos != item.pos else 0
        if shift:
            content.senses.extend(item.senses)
        content.sentences.extend(_sentences(item.occurrences, where[key], shift))
    for lemma, content in out.items():
        content.sentences = _best_first(content.sentences)
        out[lemma] = content
    for lemma in sorted(wanted - out.keys()):
        out[lemma] = bare_item(lemma, lexicon)
    return out


def bare_item(lemma: str, lexicon: Lexicon) -> ItemContent:
    """An item no episode uses: its dictionary senses and frequency level, no sentence."""
    from studyterm.analysis.levels import level_of

    is_phrase = " " in lemma
    for pos in ("PHRASE",) if is_phrase else _BARE_POS:
        entry = lexicon.lookup(lemma, pos)
        if entry is not None:
            senses = [Sense(s.gloss, s.definition) for s in entry.senses] or [
                Sense(entry.gloss, entry.definition)
            ]
            break
    else:
        pos, senses = ("PHRASE" if is_phrase else "NOUN"), []
    level = None if is_phrase else level_of(lemma, pos)
    return ItemContent(
        lemma=lemma,
        pos=pos,
        senses=senses,
        is_phrase=is_phrase,
        cefr=level.cefr if level else None,
        band=level.band if level else None,
        rank=level.rank if level else None,
        pronunciation=entry.pronunciation if entry is not None else None,
        forms=[lemma],
    )


def _content(item: VocabItem) -> ItemContent:
    senses = list(item.senses) or (
        [Sense(item.gloss, item.definition)] if item.gloss or item.definition else []
    )
    return ItemContent(
        lemma=item.lemma.lower(),
        pos=item.pos,
        senses=senses,
        cefr=item.cefr,
        band=item.band,
        rank=item.rank,
        pronunciation=item.pronunciation,
        forms=list(item.forms),
        is_phrase=item.is_phrase,
    )


def _sentences(occurrences: list[Occurrence], where: list[tuple[str, str]], shift: int) -> list[CardSentence]:
    return [
        CardSentence(
            episode_id=ep,
            title=title,
            segment=o.segment,
            start=o.start,
            end=o.end,
            text=o.sentence,
            sent_start=o.sent_start,
            sent_end=o.sent_end,
            sense=o.sense + shift,
        )
        for o, (ep, title) in zip(occurrences, where, strict=True)
    ]


def _best_first(sentences: list[CardSentence]) -> list[CardSentence]:
    """One card per distinct sentence; those that read well alone first: whole sentences (capital
    to full stop) of 8 to 25 words, then the rest; the library's order otherwise (stable sort)."""
    seen: set[str] = set()
    unique = []
    for s in sentences:
        text = " ".join(s.text.split())
        if text and text not in seen:
            seen.add(text)
            unique.append(s)

    def reads_alone(s: CardSentence) -> int:
        words = s.text.split()
        stripped = s.text.strip()
        whole = stripped[:1].isupper() and stripped.endswith((".", "?", "!", '"', "”"))
        return (0 if 8 <= len(words) <= 25 else 1) + (0 if whole else 2)

    return sorted(unique, key=reads_alone)
