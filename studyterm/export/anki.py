"""Anki decks (.apkg) with genanki, built so that re-exporting updates notes instead of adding copies.

Anki recognises a note it already has by the note's GUID and a note type by its id. Tools that make
those up at random on every run leave users with duplicated notes and note types; here both are
fixed: the note type has a constant id, a deck's id is derived from its name, and a note's GUID
from (lemma, part of speech) in a studyterm namespace. Importing a newer export therefore updates
the fields and tags of the notes the user already studies and adds only the new words (README:
"Anki decks" says what Anki does and does not change on re-import).

Every field made from episode text is HTML-escaped (and `[` is written as `&#91;`, so a transcript's
`[sound:…]` or `[latex]` is shown, not played or typeset). genanki is imported inside the functions
that use it, so `studyterm --help` never pays for it.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import sqlite3
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from studyterm.errors import ExportError, UsageError
from studyterm.export.files import check_target, open_output, scratch_folder
from studyterm.model import Episode, VocabItem

if TYPE_CHECKING:
    import genanki

    from studyterm.analysis.learner import Learner
    from studyterm.store import Store

__all__ = [
    "CARD_TYPES",
    "DEFAULT_CARDS",
    "DEFAULT_DECK",
    "FIELDS",
    "MODEL_ID",
    "MODEL_NAME",
    "SUBDECKS",
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
    "export_episode_deck",
    "gather",
    "note_fields",
    "note_guid",
    "note_tags",
    "parse_cards",
    "source_line",
    "subdeck_name",
    "tag_part",
    "write_package",
]

# The note type's identity. Never change these: Anki matches note types by id, and a changed field
# list under the same id makes Anki import into a copy ("studyterm vocabulary+") instead. A future
# incompatible note type gets a new id and name.
MODEL_ID = 1_607_392_741
MODEL_NAME = "studyterm vocabulary"
GUID_NAMESPACE = "studyterm/word/v1"

CARD_TYPES = ("recognition", "production", "cloze")
DEFAULT_CARDS = ("recognition", "production")
SUBDECKS = ("none", "episode", "level")
DEFAULT_DECK = "studyterm"

# The fields the issue asks for, then one switch per card type (Anki's own idiom, as in its
# "Basic (optional reversed card)": a card type's front renders, and so the card exists, only when
# its switch is non-empty). The switches let --cards choose card types per note without a second
# note type, and keep Anki from adding unwanted cards when the user later edits a note.
CONTENT_FIELDS = ("Word", "Lemma", "POS", "Pronunciation", "Gloss", "Definition", "Sentence",
                  "Cloze", "Translation", "Source", "Level", "Frequency", "Tags", "Audio")
SWITCH_FIELDS = {"recognition": "Add Recognition", "production": "Add Production",
                 "cloze": "Add Cloze"}
FIELDS = CONTENT_FIELDS + tuple(SWITCH_FIELDS.values())

BLANK = '<span class="blank">[…]</span>'


# -- templates and style -------------------------------------------------------------------------

_INFO = """<div class="info">{{Level}}{{#Frequency}} · {{Frequency}}{{/Frequency}}\
{{#Tags}} · {{Tags}}{{/Tags}}</div>
{{#Source}}<div class="source">{{Source}}</div>{{/Source}}"""

_RECOGNITION_FRONT = """{{#Add Recognition}}
<div class="st recognition">
<div class="word">{{Word}}</div>
<div class="meta"><span class="pos">{{POS}}</span>{{#Pronunciation}} \
<span class="pron">{{Pronunciation}}</span>{{/Pronunciation}}</div>
{{#Sentence}}<div class="sentence">{{Sentence}}</div>{{/Sentence}}
</div>
{{/Add Recognition}}"""

_RECOGNITION_BACK = """{{FrontSide}}
<hr id="answer">
<div class="st">
{{#Gloss}}<div class="gloss">{{Gloss}}</div>{{/Gloss}}
{{#Definition}}<div class="definition">{{Definition}}</div>{{/Definition}}
{{#Translation}}<div class="translation">{{Translation}}</div>{{/Translation}}
{{Audio}}
""" + _INFO + "\n</div>"

_PRODUCTION_FRONT = """{{#Add Production}}
<div class="st production">
<div class="prompt">{{#Gloss}}<span class="gloss">{{Gloss}}</span>{{/Gloss}}\
{{^Gloss}}<span class="definition">{{Definition}}</span>{{/Gloss}}</div>
<div class="meta"><span class="pos">{{POS}}</span></div>
{{#Cloze}}<div class="sentence">{{Cloze}}</div>{{/Cloze}}
</div>
{{/Add Production}}"""

_WORD_ANSWER = """{{FrontSide}}
<hr id="answer">
<div class="st">
<div class="word">{{Word}}</div>
{{#Pronunciation}}<div class="meta"><span class="pron">{{Pronunciation}}</span></div>{{/Pronunciation}}
{{#Sentence}}<div class="sentence">{{Sentence}}</div>{{/Sentence}}
{{#Translation}}<div class="translation">{{Translation}}</div>{{/Translation}}
"""

_PRODUCTION_BACK = _WORD_ANSWER + """\
{{#Definition}}<div class="definition">{{Definition}}</div>{{/Definition}}
{{Audio}}
""" + _INFO + "\n</div>"

_CLOZE_FRONT = """{{#Add Cloze}}
<div class="st cloze">
<div class="sentence">{{Cloze}}</div>
<div class="meta"><span class="pos">{{POS}}</span>{{#Definition}} · \
<span class="definition">{{Definition}}</span>{{/Definition}}</div>
</div>
{{/Add Cloze}}"""

_CLOZE_BACK = _WORD_ANSWER + """\
{{#Gloss}}<div class="gloss">{{Gloss}}</div>{{/Gloss}}
{{Audio}}
""" + _INFO + "\n</div>"

TEMPLATES = (
    ("Recognition", _RECOGNITION_FRONT, _RECOGNITION_BACK),
    ("Production", _PRODUCTION_FRONT, _PRODUCTION_BACK),
    ("Cloze", _CLOZE_FRONT, _CLOZE_BACK),
)

# Light by default; Anki puts .nightMode (and the older .night_mode) on the body in night mode.
# Sizes in em so phones (narrow screens, larger default text) read as well as desktops.
CSS = """\
.card {
  font-family: -apple-system, "Segoe UI", "Helvetica Neue", Arial, "PingFang SC",
    "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  font-size: 20px;
  line-height: 1.5;
  color: #1f2328;
  background-color: #fcfcfa;
  text-align: center;
  padding: 0.6em;
}
.st { max-width: 34em; margin: 0 auto; }
.word { font-size: 1.9em; font-weight: 600; line-height: 1.2; margin: 0.2em 0; }
.meta { color: #656d76; font-size: 0.8em; }
.pos { font-variant: small-caps; letter-spacing: 0.04em; }
.pron { font-family: "Charis SIL", "Doulos SIL", "Lucida Sans Unicode", "Segoe UI", serif; }
.sentence { text-align: left; margin: 0.9em 0; font-size: 0.95em; }
.sentence b { color: #b42318; font-weight: 600; }
.blank { color: #0b63c5; font-weight: 600; white-space: nowrap; }
.prompt { font-size: 1.2em; margin: 0.4em 0; }
.gloss { font-size: 1.25em; }
.definition { color: #424a53; font-style: italic; }
.translation { color: #424a53; text-align: left; font-size: 0.9em; }
.info { color: #656d76; font-size: 0.75em; margin-top: 1em; }
.source { color: #8c959f; font-size: 0.7em; margin-top: 0.3em; }
hr#answer { border: 0; border-top: 1px solid #d0d7de; margin: 0.9em 0; }
.nightMode.card, .night_mode .card, .nightMode .card { color: #e6edf3; background-color: #1c1f24; }
.nightMode .meta, .nightMode .info, .night_mode .meta, .night_mode .info { color: #9198a1; }
.nightMode .definition, .nightMode .translation,
.night_mode .definition, .night_mode .translation { color: #c9d1d9; }
.nightMode .sentence b, .night_mode .sentence b { color: #ff8e7a; }
.nightMode .blank, .night_mode .blank { color: #79b8ff; }
.nightMode .source, .night_mode .source { color: #7d8590; }
.nightMode hr#answer, .night_mode hr#answer { border-top-color: #3d444d; }
@media (max-width: 480px) {
  .card { font-size: 18px; padding: 0.3em; }
  .word { font-size: 1.7em; }
}
"""


# -- what goes into a note -----------------------------------------------------------------------

@dataclass
class DeckWord:
    """A word to card: the item, the episode its example sentence comes from, and every exported
    episode it occurs in (for the episode:: tags)."""

    item: VocabItem
    episode: Episode
    episodes: list[Episode] = field(default_factory=list)


@dataclass(frozen=True)
class DeckOptions:
    deck: str = DEFAULT_DECK
    cards: tuple[str, ...] = DEFAULT_CARDS
    subdecks: str = "none"


@dataclass(frozen=True)
class Exported:
    path: Path
    notes: int
    cards: int


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
    for episode, items in sources:
        for item in items:
            key = (item.lemma, item.pos)
            word = words.get(key)
            if word is None:
                words[key] = DeckWord(item, episode, [episode])
            elif all(e.id != episode.id for e in word.episodes):
                word.episodes.append(episode)
    return list(words.values())


def _plain(value: str) -> bool:
    """True when `value` holds nothing that card HTML would read as markup."""
    return not ("&" in value or "<" in value or ">" in value or "[" in value)


def _text(value: str | None) -> str:
    """Episode or dictionary text as card HTML: shown literally, never obeyed: html.escape without
    quotes, plus `[`. (Hand-rolled because it runs for every field of every note, and most text
    needs nothing: the membership tests are cheaper than the replaces.)"""
    if not value:
        return ""
    if _plain(value):
        return value
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("[", "&#91;"))


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:d}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:d}:{s % 60:02d}"


@lru_cache(maxsize=256)
def _source_base(podcast: str | None, title: str, published: date | None) -> str:
    parts = (podcast, title, published.isoformat() if published else None)
    return " — ".join(" ".join(p.split()) for p in parts if p and p.strip())


def source_line(word: DeckWord) -> str:
    """podcast — title — date, and `@ m:ss` of the example when the episode has times."""
    ep = word.episode
    line = _source_base(ep.podcast, ep.title, ep.published)
    if word.item.occurrences:
        segment = word.item.occurrences[0].segment
        start = ep.segments[segment].start if 0 <= segment < len(ep.segments) else None
        if start is not None:
            line += f" @ {_clock(start)}"
    return line


def note_fields(word: DeckWord, cards: Sequence[str] = DEFAULT_CARDS) -> list[str]:
    """The note's fields in FIELDS order, every piece of text escaped."""
    item = word.item
    sentence = cloze = ""
    if item.occurrences:
        occ = item.occurrences[0]
        s, a, b = occ.sentence, occ.sent_start, occ.sent_end
        if not 0 <= a < b <= len(s):  # a span outside its sentence: show the sentence plainly
            a = b = len(s)
        if _plain(s):
            before, target, after = s[:a], s[a:b], s[b:]
        else:
            before, target, after = _text(s[:a]), _text(s[a:b]), _text(s[b:])
        sentence = f"{before}<b>{target}</b>{after}" if target else before
        cloze = f"{before}{BLANK}{after}" if target else before
    frequency = item.band if item.rank is None else f"{item.band} · #{item.rank:,}"
    lemma = _text(item.lemma)
    return [
        lemma,                           # Word
        lemma,                           # Lemma
        _text(item.pos),                 # POS
        _text(item.pronunciation),       # Pronunciation
        _text(item.gloss),               # Gloss
        _text(item.definition),          # Definition
        sentence,                        # Sentence
        cloze,                           # Cloze
        "",                              # Translation: no sentence translations yet
        _text(source_line(word)),        # Source
        _text(item.cefr),                # Level
        _text(frequency),                # Frequency
        _text(" ".join(item.tags)) if item.tags else "",  # Tags
        "",                              # Audio: empty until studyterm has audio
        *("y" if kind in cards else "" for kind in SWITCH_FIELDS),
    ]


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


def note_tags(word: DeckWord) -> list[str]:
    """studyterm, level::B2, band::K7, podcast::…, episode::… (one per exported episode)."""
    tags = ["studyterm", f"level::{tag_part(word.item.cefr)}", f"band::{tag_part(word.item.band)}"]
    for ep in word.episodes:
        if ep.podcast and (podcast := tag_part(ep.podcast)):
            tag = f"podcast::{podcast}"
            if tag not in tags:
                tags.append(tag)
    for ep in word.episodes:
        tag = f"episode::{tag_part(ep.title) or ep.id}"
        if tag not in tags:
            tags.append(tag)
    return tags


def note_guid(lemma: str, pos: str) -> str:
    """The note's identity in Anki: the same word always gets the same GUID."""
    import genanki

    return str(genanki.guid_for(GUID_NAMESPACE, lemma, pos))


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


@lru_cache(maxsize=1)
def _model() -> genanki.Model:
    import genanki

    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": n, "qfmt": q, "afmt": a} for n, q, a in TEMPLATES],
        css=CSS,
        sort_field_index=0,
    )


def _frequency_order(word: DeckWord) -> tuple[int, int]:
    rank = word.item.rank
    return (0, rank) if rank is not None else (1, 0)


def build_package(words: Sequence[DeckWord], options: DeckOptions | None = None) -> genanki.Package:
    """The genanki package: one note per word, new cards in frequency order (most useful first)."""
    import genanki

    options = options or DeckOptions()
    if options.subdecks not in SUBDECKS:
        raise UsageError(f"--subdecks {options.subdecks!r}: choose from {', '.join(SUBDECKS)}")
    cards = parse_cards(options.cards)
    root = deck_name(options.deck)
    options = DeckOptions(deck=root, cards=cards, subdecks=options.subdecks)
    model = _model()
    guid_for = genanki.guid_for
    decks: dict[str, genanki.Deck] = {
        root: genanki.Deck(deck_id(root), root, description="Words from English news podcasts, "
                           "made by studyterm.")
    }
    for due, word in enumerate(sorted(words, key=_frequency_order)):
        name = subdeck_name(word, options)
        deck = decks.get(name)
        if deck is None:
            deck = decks[name] = genanki.Deck(deck_id(name), name)
        deck.add_note(genanki.Note(
            model=model,
            fields=note_fields(word, cards),
            tags=note_tags(word),
            guid=guid_for(GUID_NAMESPACE, word.item.lemma, word.item.pos),  # as note_guid
            due=due,
        ))
    return genanki.Package(list(decks.values()))


def write_package(package: genanki.Package, path: str | Path, timestamp: float | None = None) -> Path:
    """Write the .apkg under a temporary name beside the target, then rename it over the target:
    the file is the old one or the complete new one, never partial.

    This is `Package.write_to_file` done with genanki's own `write_to_db`, except that the scratch
    database lives in a folder removed afterwards (genanki 0.13's `write_to_file` leaves its
    scratch database in the system temp folder). `timestamp` becomes the notes' modification time:
    Anki updates an existing note only from a newer one, so it defaults to now.
    """
    target = check_target(path)
    stamp = time.time() if timestamp is None else timestamp
    with scratch_folder("anki") as scratch:
        db_path = scratch / "collection.anki2"
        conn = sqlite3.connect(db_path)
        try:
            package.write_to_db(conn.cursor(), stamp, itertools.count(int(stamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        with open_output(target) as out, zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as z:
            z.write(db_path, "collection.anki2")
            z.writestr("media", "{}")
    return target


def count_cards(package: genanki.Package) -> int:
    """How many cards Anki will get: genanki's own count of the cards each note makes."""
    return sum(len(note.cards) for deck in package.decks for note in deck.notes)


def export_deck(words: Sequence[DeckWord], path: str | Path, options: DeckOptions | None = None,
                timestamp: float | None = None) -> Exported:
    """Build and write a deck; ExportError (and no file) when there are no words."""
    if not words:
        raise ExportError("no words to put in the deck", path=path)
    package = build_package(words, options)
    written = write_package(package, path, timestamp)
    return Exported(written, len(words), count_cards(package))


def export_episode_deck(store: Store, episode_id: str, learner: Learner, path: str | Path,
                        options: DeckOptions | None = None, model: str | None = None) -> int:
    """The reader's `e`: the episode's advanced words — or only those marked learning, when any
    are — as a deck at `path`. Returns the number of notes; ExportError when there are none."""
    from studyterm.analysis.learner import advanced_items
    from studyterm.lexicon import enrich
    from studyterm.pipeline import analyse

    episode = store.episode(episode_id)
    items = advanced_items(analyse(store, episode, model), learner)
    learning = [i for i in items if learner.status_of(i) == "learning"]
    chosen = learning or items
    if not chosen:
        raise ExportError(f"no advanced words in {episode.title!r} at level {learner.level}: "
                          "no deck written")
    enrich(chosen)
    return export_deck(gather([(episode, chosen)]), path, options).notes


def describe(exported: Exported) -> str:
    """`wrote 42 notes (84 cards) to words.apkg` for the CLI and the TUI."""
    n, c = exported.notes, exported.cards
    return (f"wrote {n} note{'s' if n != 1 else ''} ({c} card{'s' if c != 1 else ''}) "
            f"to {exported.path}")
