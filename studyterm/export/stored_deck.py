"""The words of a deck of library episodes, made from the list rows instead of every episode.

The decoding path (`pipeline.pick_words` and `anki.gather`) opens each episode in turn, chooses
its words and keeps, per word (lemma, POS), the first item met, the episode it comes from and
every episode that gives the word (a tag each). Over a whole archive that read every episode's
transcript and word rows and judged every item again, so `anki` of 1,500 episodes took twice
as long as of 189, and held every episode in memory. The list rows kept with each analysis
(`store.word_lists`, migration 0011) already merge the words of many episodes in SQL, in the
order the decoding path meets them (episode by episode, hardest first): `stored_deck` takes
from them what `gather` takes, and reads whole only each word's first item, whose occurrences
give the card its example sentence and the sense of its gloss, exactly as on the decoding path.

The episodes are stand-ins without their text: the card needs only their title, podcast, date
and id, and, for the episode a word's example comes from, the time of the example's segment
(`Store.episode_outline`). Tests build decks both ways and compare every note.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studyterm.export.anki import DeckWord
from studyterm.export.stored_list import library_choice
from studyterm.model import Episode, VocabItem

if TYPE_CHECKING:
    from studyterm.analysis.learner import Learner
    from studyterm.store import Store
    from studyterm.store.library import EpisodeRow

__all__ = ["StoredDeck", "stored_deck"]


@dataclass
class StoredDeck:
    """A deck's words made from the list rows (what `anki.gather` of `pick_words` gives), the
    episodes their examples come from by id (outlines: no text), and the ids and titles of the
    episodes named, in their order."""

    words: list[DeckWord]
    episodes: dict[str, Episode | None]
    ids: list[str]
    titles: list[str]


def _without_text(row: EpisodeRow) -> Episode:
    """An episode's title, podcast, date and id, without its segments (for its tags)."""
    published = row.published.isoformat() if row.published else None
    data: dict[str, Any] = {
        "title": row.title,
        "podcast": row.podcast,
        "published": published,
        "source": row.source,
        "format": row.format,
        "segments": [],
    }
    return Episode.from_dict(data, content_hash=row.content_hash)


def stored_deck(
    store: Store,
    refs: Sequence[str],
    learner: Learner,
    statuses: Collection[str] | None = None,
    model: str | None = None,
) -> StoredDeck | None:
    """The words a deck of the library episodes `refs` name takes (the learner's advanced
    words; with `statuses`, those whose status, unmarked meaning "new", is one of them), from
    the list rows. None when one of them is a file, is not found, is named twice, or has an
    analysis the list rows lack: the caller takes the decoding path, which says what is wrong."""
    choice = library_choice(store, refs, learner, model, statuses)
    if choice is None:
        return None
    rows, ids = choice.rows, choice.ids
    firsts = store.list_firsts(choice.version, choice.hashes, choice.lexemes, choice.chosen)
    if firsts is None:
        return None
    choice.merged()
    # each word's first item, read whole: an analysis at a time, the positions ascending
    wanted: dict[int, list[int]] = {}
    for first in firsts:
        wanted.setdefault(first.src, []).append(first.position)
    items: dict[tuple[int, int], VocabItem] = {}
    outlines: dict[str, Episode | None] = {}
    episodes: dict[int, Episode] = {}
    for src, positions in wanted.items():
        positions.sort()
        analysis = store.analysis(choice.hashes[src], choice.version, positions)
        if analysis is None or len(analysis.items) != len(positions):
            return None  # removed or re-analysed meanwhile: read as any other
        items.update(((src, p), item) for p, item in zip(positions, analysis.items, strict=True))
        episodes[src] = store.episode_outline(ids[src])
        outlines[ids[src]] = episodes[src]
    words = []
    for first in firsts:
        for src in first.sources:
            if src not in episodes:
                episodes[src] = _without_text(rows[ids[src]])
        words.append(
            DeckWord(
                items[(first.src, first.position)], episodes[first.src], [episodes[s] for s in first.sources]
            )
        )
    return StoredDeck(words, outlines, ids, [rows[i].title for i in ids])
