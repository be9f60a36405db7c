"""The one deck builder of the library: what the `anki` command and the reader's `e` both call.

A learner studies a deck for weeks and exports again and again, one episode at a time or several
together. What keeps their Anki collection intact lives here, in the library's `anki_notes`
records (one per word ever exported):

- a note's modification time is when its content (fields and tags) last changed, so Anki's
  "update if newer" import skips unchanged notes and keeps the learner's edits, tags (their own,
  and Anki's `leech`/`marked`) and card changes there;
- the card types enabled on a note stay enabled: a later export with fewer types (the reader's
  default, say) would otherwise empty cards under review, which Anki's Empty Cards then deletes
  with their history (`reset_cards` switches them off when the learner asks);
- the example sentence first chosen stays (`new_examples` chooses again), and the note keeps the
  episode tags of every earlier export and of every library episode using the word, so
  exporting one episode at a time never takes another's away;
- words without a Chinese gloss are left out (their production card would have no question) and
  counted in `Exported.no_gloss`.

The card types chosen with `--cards` are the library's setting (`anki.cards`) for later exports.
Records are written after the package, in one transaction: a failed export changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from itertools import chain
from operator import methodcaller
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studyterm.errors import ExportError, StudytermError, UsageError
from studyterm.export.anki import (
    DEFAULT_CARDS,
    DeckOptions,
    DeckWord,
    Exported,
    build_package,
    count_cards,
    gather,
    note_digest,
    note_fields,
    note_tags,
    parse_cards,
    podcast_tag,
    shown_word,
    title_tag,
    write_package,
)
from studyterm.export.anki_audio import SentenceClips
from studyterm.export.anki_text import clean_gloss
from studyterm.lexicon.pronounce import clean_ipa, cmu_ipa
from studyterm.model import Episode, Occurrence, VocabItem
from studyterm.store import Store
from studyterm.store.anki_notes import AnkiNoteRecord

if TYPE_CHECKING:
    from studyterm.analysis.learner import Learner

__all__ = ["CARDS_SETTING", "export_deck_words", "export_episode_deck", "export_library_deck", "saved_cards"]

CARDS_SETTING = "anki.cards"
_EPISODE_TAGS = ("episode::", "podcast::")
_is_episode_tag = methodcaller("startswith", _EPISODE_TAGS)


def saved_cards(store: Store) -> tuple[str, ...]:
    """The card types the learner last chose with `--cards` (default: recognition, production)."""
    value = store.setting(CARDS_SETTING)
    try:
        return parse_cards(value) if value else DEFAULT_CARDS
    except UsageError:  # a setting written by hand that names no card type
        return DEFAULT_CARDS


def export_library_deck(
    store: Store,
    sources: Sequence[tuple[Episode, Sequence[VocabItem]]],
    path: str | Path,
    options: DeckOptions | None = None,
    model: str | None = None,
    now: float | None = None,
) -> Exported:
    """Gloss the words of `sources` (each episode and the words chosen from it) with the
    library's dictionaries (in its order), make them notes that keep what the library remembers
    of earlier exports, write the deck at `path` and remember it.

    `options.cards` None means the library's saved choice; given, it is saved. ExportError (and
    no file, nothing remembered) when no word is left to card.
    """
    episodes: dict[str, Episode | None] = {ep.id: ep for ep, _ in sources}
    return export_deck_words(store, gather(sources), episodes, path, options, model, now)


def export_deck_words(
    store: Store,
    words: list[DeckWord],
    episodes: dict[str, Episode | None],
    path: str | Path,
    options: DeckOptions | None = None,
    model: str | None = None,
    now: float | None = None,
) -> Exported:
    """`export_library_deck` of words gathered already (`anki.gather`, or `stored_deck` from
    the list rows); `episodes`: those read so far by id, which a note's first example may come
    from (with their segments' times: a card's source line shows the example's)."""
    from studyterm.pipeline import gloss

    options = options or DeckOptions()
    chosen = parse_cards(options.cards) if options.cards else saved_cards(store)
    stamp = int(time.time() if now is None else now)
    records = store.anki_notes((w.item.lemma, w.item.pos) for w in words)
    not_new = 0
    if options.new_only:
        before = len(words)
        words = [w for w in words if (w.item.lemma, w.item.pos) not in records]
        not_new = before - len(words)
    items = [_copy(w.item) for w in words]
    for word, item in zip(words, items, strict=True):
        word.item = item
    gloss(store, items)  # the library's dictionaries, in its order
    uses = _library_uses(store, {(i.lemma, i.pos) for i in items}, model)
    clips = SentenceClips(store)  # each card's sentence, where its episode has audio
    kept: list[DeckWord] = []
    no_gloss: list[str] = []
    fresh: list[AnkiNoteRecord] = []
    for word in words:
        item = word.item
        item.gloss = clean_gloss(item.gloss)
        if not item.gloss:
            no_gloss.append(item.lemma)
            continue
        record = records.get((item.lemma, item.pos))
        if record is not None and not options.new_examples:
            _recall(store, word, record, episodes)
        item.pronunciation = clean_ipa(item.pronunciation) or cmu_ipa(shown_word(item, word.occurrence))
        cards = (
            chosen
            if options.reset_cards or record is None
            else tuple(c for c in ("recognition", "production", "cloze") if c in chosen or c in record.cards)
        )
        word.cards = cards
        word.extra_tags = tuple(
            dict.fromkeys((*(record.tags if record else ()), *uses.get((item.lemma, item.pos), ())))
        )
        word.audio = clips.name_for(word)
        fields = note_fields(word, cards)
        tags = note_tags(word)
        word.content = (fields, tags)
        digest = note_digest(fields, tags)
        word.modified = record.modified if record and record.digest == digest else stamp
        fresh.append(
            AnkiNoteRecord(
                item.lemma,
                item.pos,
                digest,
                word.modified,
                cards,
                _example_json(word),
                tuple(filter(_is_episode_tag, tags)),
            )
        )
        kept.append(word)
    if not kept:
        why = (
            f"{len(no_gloss)} word{'s' if len(no_gloss) != 1 else ''} without a Chinese gloss "
            "(studyterm dict install ecdict adds glosses)"
            if no_gloss
            else "every word was exported before (--new-only)"
            if not_new
            else "no words"
        )
        raise ExportError(f"no words to put in the deck: {why}", path=path)
    package = build_package(kept, replace(options, cards=chosen), stamp)
    package.media_files = clips.files()
    written = write_package(package, path, stamp)
    clips.close()
    store.put_anki_notes(fresh, cards=",".join(chosen) if options.cards else None)
    return Exported(written, len(kept), count_cards(package), tuple(no_gloss), not_new)


def export_episode_deck(
    store: Store,
    episode_id: str,
    learner: Learner,
    path: str | Path,
    options: DeckOptions | None = None,
    model: str | None = None,
    now: float | None = None,
) -> Exported:
    """The reader's `e`: the episode's advanced words — or only those marked learning, when any
    are — through the same deck builder as the `anki` command (the library's dictionaries, card
    choices and records). ExportError when there are none."""
    from studyterm.pipeline import Reference, pick_words

    picked = next(
        pick_words(store, [Reference(episode_id=episode_id)], learner, learning_first=True, model=model)
    )
    if not picked.items:
        raise ExportError(
            f"no advanced words in {picked.episode.title!r} at level {learner.level}: no deck written"
        )
    return export_library_deck(store, [(picked.episode, picked.items)], path, options, model, now)


def _copy(item: VocabItem) -> VocabItem:
    """A copy the export may gloss and tidy without touching the caller's analysis."""
    return replace(
        item,
        forms=list(item.forms),
        occurrences=list(item.occurrences),
        tags=list(item.tags),
        senses=list(item.senses),
    )


def _recall(
    store: Store, word: DeckWord, record: AnkiNoteRecord, episodes: dict[str, Episode | None]
) -> None:
    """Use the example sentence the note was first given, when its episode is still in the
    library (`episodes`: those read so far, None for those gone)."""
    ex = record.example
    if ex is None:
        return
    try:
        key = str(ex["episode"])
        occ = Occurrence(
            int(ex["segment"]),
            int(ex["start"]),
            int(ex["end"]),
            str(ex["sentence"]),
            int(ex["sent_start"]),
            int(ex["sent_end"]),
        )
    except (KeyError, TypeError, ValueError):  # a record written by hand: choose again
        return
    if key not in episodes:
        try:  # (its text aside: the card needs its title and the example's time)
            episodes[key] = store.episode_outline(key)
        except StudytermError:  # the episode was removed from the library: choose again
            episodes[key] = None
    episode = episodes[key]
    if episode is not None:
        word.episode = episode
        word.example = occ


def _example_json(word: DeckWord) -> dict[str, Any] | None:
    occ = word.occurrence
    if occ is None:
        return None
    return {
        "episode": word.episode.id,
        "segment": occ.segment,
        "start": occ.start,
        "end": occ.end,
        "sentence": occ.sentence,
        "sent_start": occ.sent_start,
        "sent_end": occ.sent_end,
    }


def _library_uses(
    store: Store, keys: set[tuple[str, str]], model: str | None
) -> dict[tuple[str, str], list[str]]:
    """(lemma, POS) → the podcast and episode tags of every library episode (with a cached
    analysis) that uses the word (from the library's word table)."""
    from studyterm.pipeline import library_word_uses

    tags = _EpisodeTags()
    return {
        key: list(dict.fromkeys(chain.from_iterable(map(tags.__getitem__, episodes))))  # an ordered set
        for key, episodes in library_word_uses(store, keys, model).items()
    }


class _EpisodeTags(dict[tuple[str, str, str | None], tuple[str, ...]]):
    """(id, title, podcast) of an episode → its podcast and episode tags, made when first asked
    for: a word of a whole archive is used by a thousand episodes, each word by the same ones."""

    def __missing__(self, episode: tuple[str, str, str | None]) -> tuple[str, ...]:
        episode_id, title, podcast = episode
        podcast_part = podcast_tag(podcast) if podcast else ""
        tags = (podcast_part, title_tag(title) or f"episode::{episode_id}")
        self[episode] = found = tags if podcast_part else tags[1:]
        return found
