"""Anki decks (.apkg) with genanki, built so that re-exporting updates notes instead of adding copies.

Anki recognises a note it already has by the note's GUID and a note type by its id. Tools that make
those up at random on every run leave users with duplicated notes and note types; here both are
fixed: the note type has a constant id, a deck's id is derived from its name, and a note's GUID
from (lemma, part of speech) in a studyterm namespace. Importing a newer export therefore updates
the fields and tags of the notes the user already studies and adds only the new words (README:
"Anki decks" says what Anki does and does not change on re-import).

Each note carries its own modification time (`DeckWord.modified`: when its content last changed,
kept in the library by `anki_library`) and the note type the time of its design
(`anki_model.MODEL_MTIME`), so Anki's "update if newer" import skips what did not change and
keeps the learner's edits, tags and flags there.

Every field made from episode text is escaped (`anki_text.escape`): shown as written, never read
as HTML, sound, LaTeX or maths. genanki is imported inside the functions that use it, so
`studyterm --help` never pays for it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from studyterm.errors import ExportError, UsageError
from studyterm.export.anki_model import (
    CARD_TYPES,
    CONTENT_FIELDS,
    CSS,
    FIELDS,
    MODEL_ID,
    MODEL_NAME,
    SWITCH_FIELDS,
    TEMPLATES,
    model,
)
from studyterm.export.anki_text import (
    BLANK,
    EXAMPLE_WORDS,
    Forms,
    choose_example,
    clue_text,
    escape,
    find_forms,
    is_plain,
    mark_spans,
    none_but,
    pos_label,
    trim_sentence,
    word_forms,
)
from studyterm.export.files import check_target, open_output, scratch_folder
from studyterm.model import Episode, Occurrence, VocabItem, starts_sentence

if TYPE_CHECKING:
    import genanki

__all__ = [
    "BLANK",
    "CARD_TYPES",
    "CONTENT_FIELDS",
    "CSS",
    "DEFAULT_CARDS",
    "DEFAULT_DECK",
    "FIELDS",
    "MODEL_ID",
    "MODEL_NAME",
    "SUBDECKS",
    "SWITCH_FIELDS",
    "TEMPLATES",
    "DeckOptions",
    "DeckWord",
    "Exported",
    "build_package",
    "check_target",
    "count_cards",
    "deck_id",
    "deck_name",
    "describe",
    "export_deck",
    "gather",
    "model",
    "note_digest",
    "note_fields",
    "note_guid",
    "note_tags",
    "package_notes",
    "parse_cards",
    "podcast_tag",
    "shown_word",
    "source_line",
    "subdeck_name",
    "tag_part",
    "title_tag",
    "write_package",
]

GUID_NAMESPACE = "studyterm/word/v1"
DEFAULT_CARDS = ("recognition", "production")
SUBDECKS = ("none", "episode", "level")
DEFAULT_DECK = "studyterm"


# -- what goes into a note -----------------------------------------------------------------------


@dataclass(slots=True)
class DeckWord:
    """A word to card: the item, the episode its example sentence comes from, and every exported
    episode it occurs in (for the episode:: tags).

    The library's deck builder (`anki_library`) fills in the rest: the example first chosen for
    the note, the card types enabled on it, tags it carries from other episodes, and when its
    content last changed. Left empty, the example is chosen here, the cards are the deck's and
    the note is stamped with the export's time."""

    item: VocabItem
    episode: Episode
    episodes: list[Episode] = field(default_factory=list)
    example: Occurrence | None = None
    cards: tuple[str, ...] | None = None
    extra_tags: tuple[str, ...] = ()
    modified: int | None = None
    audio: str = ""  # the file name of the example sentence's clip (export.anki_audio), if any
    # the note's fields and tags, when the library's deck builder made them already (to tell
    # whether the note changed): the deck is built from them, not made twice
    content: tuple[list[str], list[str]] | None = None

    @property
    def occurrence(self) -> Occurrence | None:
        """The example sentence's occurrence."""
        if self.example is not None:
            return self.example
        occurrences = self.item.occurrences
        return occurrences[0] if len(occurrences) == 1 else choose_example(self.item)


@dataclass(frozen=True)
class DeckOptions:
    """What a deck is: its name, the card types (None: the library's saved choice, else
    recognition and production), subdecks; and for the library's deck builder: only words never
    exported (`new_only`), card types exactly as chosen even if that switches some off on notes
    (`reset_cards`), examples chosen afresh (`new_examples`)."""

    deck: str = DEFAULT_DECK
    cards: tuple[str, ...] | None = None
    subdecks: str = "none"
    new_only: bool = False
    reset_cards: bool = False
    new_examples: bool = False


@dataclass(frozen=True)
class Exported:
    """What an export wrote, and what it left out and why."""

    path: Path
    notes: int
    cards: int
    no_gloss: tuple[str, ...] = ()  # words left out: no Chinese gloss to ask or answer with
    not_new: int = 0  # words left out by `new_only`: already exported before


def parse_cards(value: str | Iterable[str]) -> tuple[str, ...]:
    """`recognition,cloze` → ("recognition", "cloze") in canonical order; UsageError otherwise."""
    names = value.split(",") if isinstance(value, str) else list(value)
    chosen = {n.strip().lower() for n in names if n.strip()}
    unknown = sorted(chosen - set(CARD_TYPES))
    if unknown or not chosen:
        raise UsageError(f"--cards {','.join(names)!r}: choose from {', '.join(CARD_TYPES)}")
    return tuple(c for c in CARD_TYPES if c in chosen)


def gather(sources: Iterable[tuple[Episode, Sequence[VocabItem]]]) -> list[DeckWord]:
    """One DeckWord per (lemma, POS) across episodes: the first episode gives the example, every
    episode gives a tag. Items keep their first-seen order."""
    words: dict[tuple[str, str], DeckWord] = {}
    # the episodes of each word met in several sources, as ids: a library-wide deck has words in
    # a thousand episodes, and looking through the list each time made gathering quadratic
    seen: dict[tuple[str, str], set[str]] = {}
    for episode, items in sources:
        # the episode's id (a hash of its whole text) only once a word is met again: a deck of
        # one episode never needs it
        episode_id = None
        for item in items:
            key = (item.lemma, item.pos)
            word = words.get(key)
            if word is None:
                words[key] = DeckWord(item, episode, [episode])
                continue
            if episode_id is None:
                episode_id = episode.id
            ids = seen.get(key)
            if ids is None:
                ids = seen[key] = {e.id for e in word.episodes}
            if episode_id not in ids:
                word.episodes.append(episode)
                ids.add(episode_id)
    return list(words.values())


@lru_cache(maxsize=256)
def _source_base(podcast: str | None, title: str, published: date | None) -> str:
    parts = (podcast, title, published.isoformat() if published else None)
    return " — ".join(" ".join(p.split()) for p in parts if p and p.strip())


@lru_cache(maxsize=256)
def _source_base_field(podcast: str | None, title: str, published: date | None) -> str:
    """The source line's episode part, escaped: once per episode, not once per note."""
    return escape(_source_base(podcast, title, published))


def source_line(word: DeckWord, occ: Occurrence | None = None) -> str:
    """podcast — title — date, and `@ m:ss` of the example (`occ`, default the word's) when the
    episode has times."""
    ep = word.episode
    return _source(word, _source_base(ep.podcast, ep.title, ep.published), occ)


def _source(word: DeckWord, base: str, occ: Occurrence | None) -> str:
    """`base` and the example's time: the time is digits, so the escaped base gives the field."""
    occ = occ or word.occurrence
    if occ is not None:
        segments = word.episode.segments
        segment = occ.segment
        start = segments[segment].start if 0 <= segment < len(segments) else None
        if start is not None:
            s = int(start)  # m:ss, or h:mm:ss from an hour on
            if s < 3600:
                return f"{base} @ {s // 60}:{s % 60:02d}"
            return f"{base} @ {s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
    return base


def shown_word(item: VocabItem, occ: Occurrence | None) -> str:
    """The headword; a phrase in the form the episode uses (*bilateral ties*, not *bilateral
    tie*), with its capitals (*Ponzi schemes*) but one that only starts the sentence."""
    if not item.is_phrase or occ is None:
        return item.lemma
    met = " ".join(occ.sentence[occ.sent_start : occ.sent_end].split())
    if not met or met.lower().split() == item.lemma.lower().split():
        return item.headword(occ)  # its own words, with the text's capitals (*Ponzi scheme*)
    if starts_sentence(occ) and met[1:] == met[1:].lower():
        return met[0].lower() + met[1:]
    return met


def _example(occurrences: Sequence[Occurrence], occ: Occurrence | None, forms: Forms) -> tuple[str, str]:
    """The example sentence (`occ`, one of the item's `occurrences`) with the word in bold, and
    with every form of it blanked."""
    if occ is None:
        return "", ""
    sentence = occ.sentence
    a, b = occ.sent_start, occ.sent_end
    # the usual case, told quickly: the word's only occurrence, in its sentence, which is not too
    # long and holds no form of the word but the one met
    if (
        len(occurrences) == 1
        and 0 <= a < b <= len(sentence)
        and sentence.count(" ") < EXAMPLE_WORDS[1]
        and none_but(sentence, forms, (a, b))
    ):
        return _bold_and_blank(sentence, a, b)
    spans = [(a, b)] if 0 <= a < b <= len(sentence) else []  # else: find the word by its forms
    # other occurrences in the same sentence, then any form of the word the analysis did not mark
    if len(occurrences) > 1:
        spans += [
            (o.sent_start, o.sent_end)
            for o in occurrences
            if o is not occ and o.sentence == sentence and o.segment == occ.segment
        ]
    if sentence.count(" ") >= EXAMPLE_WORDS[1]:  # perhaps too long: cut around the word
        sentence, spans = trim_sentence(sentence, spans)
    if len(spans) == 1 and none_but(sentence, forms, spans[0]):
        return _bold_and_blank(sentence, *spans[0])
    found = find_forms(sentence, forms)
    return mark_spans(sentence, spans, "<b>{}</b>"), mark_spans(sentence, spans + found, BLANK)


def _bold_and_blank(sentence: str, a: int, b: int) -> tuple[str, str]:
    """The sentence escaped with `sentence[a:b]` in bold, and with it blanked."""
    if is_plain(sentence):  # (most sentences: no piece needs escaping)
        before, target, after = sentence[:a], sentence[a:b], sentence[b:]
    else:
        before, target, after = escape(sentence[:a]), escape(sentence[a:b]), escape(sentence[b:])
    return f"{before}<b>{target}</b>{after}", f"{before}{BLANK}{after}"


def _frequency(item: VocabItem) -> tuple[str, str]:
    """The band and rank shown (`K7 · #6,512`) and the rank as a number for sorting. A phrase has
    neither: its place in the order comes from its level, not from a count of uses."""
    if item.is_phrase or item.pos == "PHRASE":
        return "", ""
    if item.rank is None:
        return item.band, ""
    return f"{item.band} · #{item.rank:,}", str(item.rank)


def note_fields(word: DeckWord, cards: Sequence[str] = DEFAULT_CARDS) -> list[str]:
    """The note's fields in FIELDS order, every piece of text escaped. `word.cards`, when set,
    are the card types switched on; else `cards`."""
    item = word.item
    ep = word.episode
    occurrences = item.occurrences
    occ = word.example
    if occ is None:  # as word.occurrence (this runs for every note of a deck)
        occ = occurrences[0] if len(occurrences) == 1 else choose_example(item)
    forms = word_forms(item)
    sentence, cloze = _example(occurrences, occ, forms)
    frequency, rank = _frequency(item)
    on = word.cards if word.cards is not None else cards
    lemma = escape(item.lemma)
    shown = shown_word(item, occ) if item.is_phrase else item.lemma
    definition = escape(item.definition)
    clue = clue_text(item.definition)
    hidden = find_forms(clue, forms) if clue else []
    return [
        lemma if shown == item.lemma else escape(shown),  # Word
        lemma,  # Lemma
        pos_label(item.pos),  # POS
        escape(item.pronunciation),  # Pronunciation
        escape(item.gloss),  # Gloss
        definition,  # Definition
        # Clue: the definition with the word blanked
        mark_spans(clue or "", hidden, BLANK)
        if hidden
        else (definition if clue is item.definition else escape(clue)),
        sentence,  # Sentence
        cloze,  # Cloze
        "",  # Translation: no sentence translations yet
        _source(word, _source_base_field(ep.podcast, ep.title, ep.published), occ),  # Source
        escape(item.cefr),  # Level
        frequency,  # Frequency: band and digits, made here
        rank,  # Rank
        escape(" ".join(item.tags)) if item.tags else "",  # Exam
        f"[sound:{word.audio}]" if word.audio else "",  # Audio: our own file name, nothing to escape
        *_switches(on if isinstance(on, tuple) else tuple(on)),
    ]


@lru_cache(maxsize=16)
def _switches(on: tuple[str, ...]) -> tuple[str, ...]:
    """The card-type switch fields: `y` for each type on (few distinct choices: cached)."""
    return tuple("y" if kind in on else "" for kind in SWITCH_FIELDS)


def note_digest(fields: Sequence[str], tags: Sequence[str]) -> str:
    """A hash of a note's content (fields and tags): what decides whether it changed."""
    # each part and a NUL after it, hashed at once: a note of a word in a thousand episodes
    # has a thousand tags (the same digest as hashing them one by one, which older libraries keep)
    text = "\x00".join((*fields, "\x01", *sorted(tags)))
    return hashlib.sha256(f"{text}\x00".encode()).hexdigest()[:32]


_TAG_BAD = re.compile(r"[^\w.+\-:']+")


@lru_cache(maxsize=4096)
def tag_part(text: str, limit: int = 60) -> str:
    """Text made fit for one level of an Anki tag: letters, digits and `_ - . + : '` only (Anki
    splits tags on any space, including the ideographic one; markup and quotes have no place in a
    tag), and no `::`, which is Anki's hierarchy."""
    part = _TAG_BAD.sub("_", text.strip())
    part = re.sub(r":{2,}", ":", part)
    part = re.sub(r"_{2,}", "_", part).strip("_:")
    return part[:limit].rstrip("_:")


def note_tags(word: DeckWord, known: dict[tuple[object, ...], list[str]] | None = None) -> list[str]:
    """studyterm, level::B2, band::K7, podcast::…, episode::… (one per episode using the word,
    with the tags the library remembers from earlier exports). `known` keeps the tags of each
    level, band and list of episodes while a deck is built (the episodes live as long as it):
    most words share them."""
    item = word.item
    if known is None:
        tags = _word_tags(item.cefr, item.band, word.episodes)
    else:
        key = (item.cefr, item.band, *map(id, word.episodes))
        shared = known.get(key)
        if shared is None:
            shared = known[key] = _word_tags(item.cefr, item.band, word.episodes)
        tags = shared.copy()
    if word.extra_tags:
        # an ordered set: a word of a whole archive has a tag for each of a thousand episodes
        tags = list(dict.fromkeys([*tags, *word.extra_tags]))
    return tags


def _word_tags(cefr: str, band: str, episodes: Sequence[Episode]) -> list[str]:
    return ["studyterm", f"level::{tag_part(cefr)}", f"band::{tag_part(band)}", *_episode_tags(episodes)]


def _episode_tags(episodes: Sequence[Episode]) -> list[str]:
    """podcast::… and episode::… of these episodes, each once (an ordered set: linear however
    many episodes use the word, and each podcast's and title's tag made once)."""
    podcasts = {ep.podcast: None for ep in episodes}
    tags = dict.fromkeys(podcast_tag(p) for p in podcasts if p)
    tags.pop("", None)
    titles = list(map(title_tag, [ep.title for ep in episodes]))
    if "" in titles:  # a title with nothing fit for a tag: the episode's id stands for it
        titles = [t or f"episode::{ep.id}" for t, ep in zip(titles, episodes, strict=True)]
    tags.update(dict.fromkeys(titles))
    return list(tags)


@lru_cache(maxsize=4096)
def podcast_tag(podcast: str) -> str:
    """`podcast::…` of a podcast's name; "" when nothing of it is fit for a tag."""
    part = tag_part(podcast)
    return f"podcast::{part}" if part else ""


@lru_cache(maxsize=4096)
def title_tag(title: str) -> str:
    """`episode::…` of an episode's title; "" when nothing of it is fit for a tag (the episode's
    id stands for it then)."""
    part = tag_part(title)
    return f"episode::{part}" if part else ""


def note_guid(lemma: str, pos: str) -> str:
    """The note's identity in Anki: the same word always gets the same GUID.

    It is genanki's `guid_for(GUID_NAMESPACE, lemma, pos)`, which gave the GUIDs of every deck
    exported so far, worked out two base-91 digits at a time: genanki's loop of one digit at a
    time costs more than hashing, on every note of a deck. A test checks that the two agree."""
    digest = hashlib.sha256(f"{GUID_NAMESPACE}__{lemma}__{pos}".encode()).digest()
    number = int.from_bytes(digest[:8], "big")  # below 91**10: ten digits, five pairs
    pairs = _base91_pairs()
    number, e = divmod(number, 8281)
    number, d = divmod(number, 8281)
    number, c = divmod(number, 8281)
    a, b = divmod(number, 8281)
    # without leading zeros ("a"), as genanki writes the number
    return (pairs[a] + pairs[b] + pairs[c] + pairs[d] + pairs[e]).lstrip("a")


@lru_cache(maxsize=1)
def _base91_pairs() -> tuple[str, ...]:
    """Every two-digit number in Anki's base 91 (the digits genanki's `guid_for` uses)."""
    digits = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
    return tuple(high + low for high in digits for low in digits)


def deck_id(name: str) -> int:
    """A deck's id from its name (same name, same id), in the range genanki recommends."""
    digest = hashlib.sha256(f"studyterm deck\x00{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _deck_part(text: str) -> str:
    """A deck name level: one line, no `::` (which would nest decks)."""
    return re.sub(r":{2,}", ":", " ".join(text.split())).strip(": ") or "untitled"


def deck_name(name: str) -> str:
    """The user's deck name, tidied: `News::English` nests as the user asked; empty levels and
    line breaks are dropped."""
    parts = [" ".join(part.split()) for part in name.split("::")]
    return "::".join(p for p in parts if p) or DEFAULT_DECK


def subdeck_name(word: DeckWord, options: DeckOptions) -> str:
    """The deck a word's cards go to: the main deck, or its subdeck for the episode or level."""
    if options.subdecks == "episode":
        ep = word.episode
        label = f"{ep.published.isoformat()} {ep.title}" if ep.published else ep.title
        return f"{options.deck}::{_deck_part(label)}"
    if options.subdecks == "level":
        return f"{options.deck}::{_deck_part(word.item.cefr)}"
    return options.deck


_RANK = attrgetter("item.rank")


def _frequency_order(words: Sequence[DeckWord]) -> list[DeckWord]:
    """The words by frequency rank, then those without one, in their order (sorting by the rank
    alone, read in C, is quicker than by a pair made for each word)."""
    ranked = sorted((w for w in words if w.item.rank is not None), key=_RANK)
    if len(ranked) == len(words):
        return ranked
    return ranked + [w for w in words if w.item.rank is None]


def build_package(
    words: Sequence[DeckWord], options: DeckOptions | None = None, timestamp: float | None = None
) -> genanki.Package:
    """The genanki package: one note per word, new cards in frequency order (most useful first).
    A note is stamped with `word.modified`, else `timestamp` (default: now)."""
    import genanki

    options = options or DeckOptions()
    if options.subdecks not in SUBDECKS:
        raise UsageError(f"--subdecks {options.subdecks!r}: choose from {', '.join(SUBDECKS)}")
    cards = parse_cards(options.cards or DEFAULT_CARDS)
    root = deck_name(options.deck)
    options = DeckOptions(deck=root, cards=cards, subdecks=options.subdecks)
    stamp = int(time.time() if timestamp is None else timestamp)
    note_type = model()
    note_class = genanki.Note
    word_tags: dict[tuple[object, ...], list[str]] = {}
    decks: dict[str, genanki.Deck] = {
        root: genanki.Deck(
            deck_id(root), root, description="Words from English news podcasts, made by studyterm."
        )
    }
    deck = decks[root]
    for due, word in enumerate(_frequency_order(words)):
        if options.subdecks != "none":
            name = subdeck_name(word, options)
            deck = decks.get(name)
            if deck is None:
                deck = decks[name] = genanki.Deck(deck_id(name), name)
        if word.content is None:
            fields, tags = note_fields(word, cards), note_tags(word, word_tags)
        else:
            fields, tags = word.content
        note = note_class(
            model=note_type,
            fields=fields,
            tags=tags,
            guid=note_guid(word.item.lemma, word.item.pos),
            due=due,
        )
        note.modified = word.modified if word.modified is not None else stamp
        deck.add_note(note)
    return genanki.Package(list(decks.values()))


def write_package(package: genanki.Package, path: str | Path, timestamp: float | None = None) -> Path:
    """Write the .apkg under a temporary name beside the target, then rename it over the target:
    the file is the old one or the complete new one, never partial.

    This is `Package.write_to_file` done with genanki's own `write_to_db`, except that the scratch
    database lives in a folder removed afterwards (genanki 0.13's `write_to_file` leaves its
    scratch database in the system temp folder). Notes keep the modification times
    `build_package` gave them; `timestamp` (default now) seeds the ids of new cards and notes.
    """
    target = check_target(path)
    stamp = time.time() if timestamp is None else timestamp
    with scratch_folder("anki") as scratch:
        db_path = scratch / "collection.anki2"
        conn = sqlite3.connect(db_path)
        try:
            # a scratch file, zipped and then removed: syncing it to disk after each of genanki's
            # statements would only wait for the disk (the .apkg itself is synced by open_output).
            # The file written is the same byte for byte.
            conn.execute("PRAGMA journal_mode=MEMORY")
            conn.execute("PRAGMA synchronous=OFF")
            cursor = conn.cursor()
            package.write_to_db(cursor, stamp, itertools.count(int(stamp * 1000)))
            _restamp(cursor, package, int(stamp))
            conn.commit()
        finally:
            conn.close()
        with open_output(target) as out, zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as z:
            z.write(db_path, "collection.anki2")
            # media (sentence clips): stored as "0", "1", … with a name map, as Anki reads it
            media = [Path(m) for m in package.media_files]
            for number, media_file in enumerate(media):
                z.write(media_file, str(number))
            z.writestr("media", json.dumps({str(n): m.name for n, m in enumerate(media)}))
    return target


_MODIFIED = attrgetter("modified")


def _restamp(cursor: sqlite3.Cursor, package: genanki.Package, stamp: int) -> None:
    """Give the notes whose `modified` time is not the package's (`build_package` sets it) that
    time, on them and their cards: genanki writes the package's time on every one."""
    notes = itertools.chain.from_iterable(deck.notes for deck in package.decks)
    try:  # the times, gathered in C: usually every note has the package's (new and changed ones)
        given = set(map(_MODIFIED, notes))
    except AttributeError:  # a note not made by build_package
        given = None
    if given is not None and given <= {stamp, 0, None}:
        return
    times = {
        note.guid: int(note.modified)
        for deck in package.decks
        for note in deck.notes
        if (getattr(note, "modified", 0) or stamp) != stamp
    }
    if not times:
        return
    rows = [
        (times[guid], note_id)
        for note_id, guid in cursor.execute("SELECT id, guid FROM notes")
        if guid in times
    ]
    cursor.executemany("UPDATE notes SET mod = ? WHERE id = ?", rows)
    cursor.executemany("UPDATE cards SET mod = ? WHERE nid = ?", rows)


def package_notes(path: str | Path) -> list[tuple[str, int, str, str]]:
    """(guid, modification time, fields, tags) of every note in a written package, sorted: what
    Anki will read from it (for checks and benchmarks)."""
    with tempfile.TemporaryDirectory(prefix="studyterm-apkg-") as tmp, zipfile.ZipFile(path) as z:
        z.extract("collection.anki2", tmp)
        conn = sqlite3.connect(Path(tmp) / "collection.anki2")
        try:
            return sorted(conn.execute("SELECT guid, mod, flds, tags FROM notes"))
        finally:
            conn.close()


def count_cards(package: genanki.Package) -> int:
    """How many cards Anki will get: genanki's own count of the cards each note makes."""
    return sum(len(note.cards) for deck in package.decks for note in deck.notes)


def export_deck(
    words: Sequence[DeckWord],
    path: str | Path,
    options: DeckOptions | None = None,
    timestamp: float | None = None,
) -> Exported:
    """Build and write a deck; ExportError (and no file) when there are no words."""
    if not words:
        raise ExportError("no words to put in the deck", path=path)
    package = build_package(words, options, timestamp)
    written = write_package(package, path, timestamp)
    return Exported(written, len(words), count_cards(package))


def describe(exported: Exported) -> str:
    """`wrote 42 notes (84 cards) to words.apkg` for the CLI and the TUI, and what was left out
    and why."""
    n, c = exported.notes, exported.cards
    text = f"wrote {n} note{'s' if n != 1 else ''} ({c} card{'s' if c != 1 else ''}) to {exported.path}"
    if exported.no_gloss:
        k = len(exported.no_gloss)
        shown = ", ".join(exported.no_gloss[:5]) + (", …" if k > 5 else "")
        text += (
            f"; left out {k} word{'s' if k != 1 else ''} without a Chinese gloss ({shown}):"
            " studyterm dict install ecdict adds glosses"
        )
    if exported.not_new:
        k = exported.not_new
        text += f"; left out {k} word{'s' if k != 1 else ''} exported before (--new-only)"
    return text
