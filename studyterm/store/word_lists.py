"""What a word list needs of each item, kept with the word table (migration 0011).

A list of many episodes merges each word's items across the episodes: its total count and
forms, where it is first met, its best example sentence, and the sense most of its occurrences
have. Decoding every item's occurrences for that made `vocab` of a whole archive grow with the
number of (episode, item) pairs. So when an analysis is stored, each item's first position, its
best example (`example_quality`) and, for a word whose dictionary entry has several senses, how
many occurrences each sense fits (`SenseTally`, given by the caller: the store knows no
dictionary) are written beside its word row, in the same transaction; and `list_words` merges
the items of the episodes in SQL, giving one row per word of the list.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from studyterm.model import VocabItem
from studyterm.store.analyses import WORD_COLUMNS, Heads, ItemRow, decode_forms, item_fields, light_items
from studyterm.store.connection import LibraryConnection
from studyterm.store.word_table import Lexeme, Written

__all__ = [
    "FirstItem",
    "ListPart",
    "ListRows",
    "ListStore",
    "ListWord",
    "SenseTally",
    "StoredWords",
    "example_quality",
    "list_rows",
    "put_list",
]

SenseTally = Callable[[VocabItem], tuple[str, Sequence[int]] | None]
"""For an item: the digest of the cue words of its dictionary entry's senses and how many of its
occurrences each sense fits, in the entry's order; None when the entry has one sense (or none)."""

_to_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(…, ensure_ascii=False), made once


def example_quality(sentence: str) -> tuple[int, int]:
    """Lower is better: a complete sentence of 8–25 words reads best in a list or an exercise."""
    words = len(sentence.split())
    misfit = 8 - words if words < 8 else max(0, words - 25)
    text = sentence.strip()
    complete = bool(text) and (text[0].isupper() or text[0] in "\"“'") and text[-1] in ".!?\"”'"
    return (misfit + (0 if complete else 6), words)


def _best_example(
    sentences: Sequence[str], known: dict[str, tuple[int, int]]
) -> tuple[int, tuple[int, int]] | None:
    """The occurrence whose sentence is the item's best example (the first of the best, as a
    list's `ListEntry.example` chooses) and that sentence's quality; None without occurrences.
    `known`: the qualities of sentences met before (an analysis's items share their sentences)."""
    seen: set[str] = set()
    best: tuple[tuple[int, int], int] | None = None
    for n, sentence in enumerate(sentences):
        if sentence in seen:
            continue
        seen.add(sentence)
        quality = known.get(sentence)
        if quality is None:
            quality = known[sentence] = example_quality(sentence)
        if best is None or quality < best[0]:
            best = (quality, n)
    return None if best is None else (best[1], best[0])


@lru_cache(maxsize=65536)
def _forms_json(forms: tuple[str, ...]) -> str:  # a word's forms recur in episode after episode
    return _to_json(list(forms))


@dataclass(frozen=True)
class ListRows:
    """An analysis's list rows as `put_list` writes them, made ahead of the write (by the
    process that analysed it, see `store.encoded`): each distinct list of forms (JSON) and, for
    each item, the index of its forms there and where it is first met, its best example and
    that sentence's quality (None without occurrences); and the items' sense counts, as
    (position, cues, sense, occurrences)."""

    forms: list[str]
    items: list[tuple[int, tuple[int, int, int, int] | None]]
    senses: list[tuple[int, str, int, int]]


def list_rows(items: Sequence[VocabItem], senses: SenseTally | None = None) -> ListRows:
    """The rows `put_list` writes for the items of an analysis; with `senses`, the sense counts
    of the items it gives them for."""
    index: dict[str, int] = {}
    rows: list[tuple[int, tuple[int, int, int, int] | None]] = []
    counted: list[tuple[int, str, int, int]] = []
    known: dict[str, tuple[int, int]] = {}
    for position, item in enumerate(items):
        forms = index.setdefault(_forms_json(tuple(item.forms)), len(index))
        best = _best_example(item.sentences(), known)
        if best is None:
            rows.append((forms, None))
            continue
        segment, start = item.first_position
        n, (misfit, length) = best
        rows.append((forms, (segment, start, n, (misfit << 32) + length)))
        tally = senses(item) if senses is not None else None
        if tally is not None:
            cues, counts = tally
            counted.extend((position, cues, k, c) for k, c in enumerate(counts) if c)
    return ListRows(list(index), rows, counted)


def put_list(
    db: sqlite3.Connection,
    aid: int,
    words: Sequence[tuple[int, int, int]],
    rows: ListRows,
    own: Sequence[ItemRow],
    written: Written | None = None,
) -> None:
    """Write the list rows (`list_rows`) of an analysis whose word rows (`put_words`) were just
    written, in the caller's transaction: `aid`, the id of its figures; `words`, each item's
    lexeme id, count and whether it is inside a listed expression; `own`, each item's own fields
    (`analyses.analysis_rows`, kept beside its list row); `written`, what this
    transaction has written so far (a word's forms recur in episode after episode)."""
    forms_id = (Written() if written is None else written).forms
    new = [f for f in rows.forms if f not in forms_id]
    db.executemany("INSERT OR IGNORE INTO list_forms (forms) VALUES (?)", ((f,) for f in new))
    for n in range(0, len(new), 500):  # SQLite's limit on bound parameters
        chunk = new[n : n + 500]
        forms_id.update(
            db.execute(
                f"SELECT forms, id FROM list_forms WHERE forms IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall()  # at once: row by row, through the connection's error translation, took longer
        )
    ids = [forms_id[f] for f in rows.forms]
    db.executemany(
        "INSERT INTO analysis_list (lexeme, count, inside, analysis, position, segment, start, example,"
        " quality, forms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (*word, aid, position, *(first or (None, None, None, None)), ids[forms])
            for position, (word, (forms, first)) in enumerate(zip(words, rows.items, strict=True))
        ],
    )
    db.executemany(
        "INSERT INTO analysis_occurrences (analysis, position, zipf, source, occurrences, extra)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(aid, position, *item) for position, item in enumerate(own)],
    )
    db.executemany(
        "INSERT INTO analysis_senses (analysis, position, cues, sense, n) VALUES (?, ?, ?, ?, ?)",
        [(aid, *counted) for counted in rows.senses],
    )


@dataclass(frozen=True)
class ListPart:
    """An episode's item of a list word: the episode's index in the list (`src`), the stored
    analysis (`analyses` row) and the item's position in it, its lexeme, count and whether it is
    inside a listed expression (what `light_items` makes an item of)."""

    src: int
    analysis: int
    position: int
    lexeme: int
    count: int
    inside: bool


@dataclass
class ListWord:
    """A word (lemma, POS) of a list of library episodes, merged from the list rows: the fields
    of its first item, read whole (its occurrences aside), with the total count and forms of
    every item; how many of the list's episodes use it (`list_counts`: its count in each);
    where its best example is (a part and an occurrence of it); and where it is first met
    (src, segment, start)."""

    lemma: str
    pos: str
    fields: dict[str, Any]
    episodes: int
    example: tuple[ListPart, int]
    first: tuple[int, int, int]


@dataclass(slots=True)
class FirstItem:
    """A word (lemma, POS) of a deck of library episodes (`ListStore.list_firsts`): where its
    first item is (the episode's index in the list and the item's position in its analysis),
    and the episodes that give it (their indexes in the list, ascending)."""

    lemma: str
    pos: str
    src: int
    position: int
    sources: list[int]


@dataclass
class StoredWords:
    """A list's words (`ListStore.list_words`) and the (lemma, POS) of the items kept off it as
    unknown to every dictionary."""

    words: list[ListWord]
    left_out: set[tuple[str, str]]
    generation: int


_Order = tuple[int, int, int, int, int]
"""Where a part is in a list's order: its episode's index in the list (`src`), its lexeme's place
in `learner.hardness`'s order, then its first occurrence's segment and start, and its position
in the analysis (a total order: the list's)."""


@dataclass(slots=True)
class _Merging:
    """A word of a list while its parts are merged (`ListStore._merge`): its first part (in the
    list's order) and where it is (analysis, position), its total count, how many episodes use
    it, its best example's part (the first with the best quality) and where it is, and its
    distinct lists of forms (ids), each with where it is first met."""

    first: _Order
    first_at: tuple[int, int]
    total: int
    episodes: int
    best: tuple[int, _Order]  # (quality, order)
    best_at: tuple[int, int]
    forms: dict[int, _Order]


_PACKED_BITS = 62  # a quality and an episode's index packed in one SQLite integer stay below 2**62
_ADVANCED = "CASE WHEN x.inside THEN t.inside ELSE t.alone END"  # a part the learner finds advanced
_ORDER = "s.src, t.hard, x.segment, x.start, x.position"  # the list's order of the parts: a total one


def _joined(most: bool, cues: bool = False) -> str:
    """Every part of every word of a list (`x`: its list row, `t` its word's choice, `s` its
    episode): found through the words when the list is of most of the library, else through
    the episodes. With `cues`, of the words in `temp.list_cues` (`c`) only."""
    limit = " CROSS JOIN temp.list_cues c ON c.word = t.word" if cues else ""
    if most:
        return (
            f"temp.list_choice t{limit} CROSS JOIN analysis_list x ON x.lexeme = t.lexeme"
            " CROSS JOIN temp.list_sources s ON s.analysis = x.analysis"
        )
    return (
        "temp.list_sources s CROSS JOIN analysis_list x ON x.analysis = s.analysis"
        f" CROSS JOIN temp.list_choice t ON t.lexeme = x.lexeme{limit}"
    )


def _hardness(lexeme: Lexeme) -> tuple[bool, float]:
    """The part of `learner.hardness` a lexeme decides (where it first occurs decides the rest)."""
    rank = lexeme.difficulty if lexeme.difficulty is not None else lexeme.rank
    return (rank is None or lexeme.suspect, -(rank or 0))


class ListStore:
    """Queries over the list rows (mixed into `Store`)."""

    _db: LibraryConnection
    _list_generation: int = 0
    _list_words: dict[int, tuple[str, str]]
    _list_fill: str
    _list_most: bool
    _list_filled: frozenset[int] | None

    def missing_lists(self, version: str) -> list[str]:
        """Content hashes of library episodes with word rows at `version` but no list rows
        (stored by a studyterm before migration 0011): the caller stores them again."""
        rows = self._db.execute(
            "SELECT f.content_hash FROM analysis_figures f JOIN episodes e ON e.content_hash ="
            " f.content_hash WHERE f.version = ? AND f.items > 0 AND NOT EXISTS"
            " (SELECT 1 FROM analysis_list x WHERE x.analysis = f.id)",
            (version,),
        ).fetchall()
        return list(dict.fromkeys(str(r[0]) for r in rows))

    def _list_query(
        self,
        version: str,
        content_hashes: Sequence[str],
        lexemes: Sequence[Lexeme],
        chosen: Mapping[int, tuple[bool, bool, bool]],
    ) -> tuple[str, str, str] | None:
        """The temporary tables of a list (`list_words`, `list_firsts`) and the join, condition
        and order of its parts; None when an analysis lacks its parts, word or list rows, or is
        listed twice."""
        db = self._db
        if len(set(content_hashes)) != len(content_hashes):
            return None
        self._list_generation += 1
        for sql in (
            "DROP TABLE IF EXISTS temp.list_hashes",
            "DROP TABLE IF EXISTS temp.list_sources",
            "DROP TABLE IF EXISTS temp.list_choice",
            "DROP TABLE IF EXISTS temp.list_rows",
            "CREATE TEMP TABLE list_hashes (src INTEGER PRIMARY KEY, content_hash TEXT NOT NULL)",
            "CREATE TEMP TABLE list_sources (analysis INTEGER PRIMARY KEY, src INTEGER NOT NULL,"
            " parts INTEGER NOT NULL)",
            "CREATE TEMP TABLE list_choice (lexeme INTEGER PRIMARY KEY, word INTEGER NOT NULL,"
            " hard INTEGER NOT NULL, alone INTEGER NOT NULL, inside INTEGER NOT NULL,"
            " left_out INTEGER NOT NULL)",
            # `ord`: the list's order of the parts (rows are inserted in it)
            "CREATE TEMP TABLE list_rows (ord INTEGER PRIMARY KEY, word INTEGER, src INTEGER,"
            " analysis INTEGER, position INTEGER, lexeme INTEGER, count INTEGER, inside INTEGER,"
            " quality INTEGER, forms INTEGER)",
        ):
            db.execute(sql)
        db.executemany("INSERT INTO temp.list_hashes VALUES (?, ?)", enumerate(content_hashes))
        db.execute(
            "INSERT INTO temp.list_sources SELECT f.id, h.src, a.id FROM temp.list_hashes h"
            " JOIN analysis_figures f ON f.content_hash = h.content_hash AND f.version = ?"
            " JOIN analyses a ON a.content_hash = f.content_hash AND a.version = f.version AND a.parts = 2"
            " WHERE f.items = 0 OR EXISTS (SELECT 1 FROM analysis_list x WHERE x.analysis = f.id)",
            (version,),
        )
        if db.execute("SELECT COUNT(*) FROM temp.list_sources").fetchone()[0] != len(content_hashes):
            return None
        # each word (lemma, POS) a number, each lexeme its place in `learner.hardness`'s order
        keys: dict[tuple[str, str], int] = {}
        hard = {key: n for n, key in enumerate(sorted({_hardness(lexeme) for lexeme in lexemes}))}
        db.executemany(
            "INSERT INTO temp.list_choice VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    lexeme.id,
                    keys.setdefault((lexeme.lemma, lexeme.pos), len(keys)),
                    hard[_hardness(lexeme)],
                    *(int(c) for c in chosen[lexeme.id]),
                )
                for lexeme in lexemes
                if any(chosen.get(lexeme.id, ()))
            ],
        )
        by_word = {n: key for key, n in keys.items()}
        self._list_words = by_word
        # every advanced item of every episode, in the list's order: episode by episode, each
        # episode's hardest first (`learner.hardness`), then in the analysis's order; found
        # through the words when the list is of most of the library, else through the episodes
        most = 2 * len(content_hashes) >= db.execute("SELECT COUNT(*) FROM analysis_figures").fetchone()[0]
        self._list_most = most
        joined, where, order = _joined(most), _ADVANCED, _ORDER
        self._list_fill = (
            "INSERT INTO temp.list_rows (word, src, analysis, position, lexeme, count, inside, quality,"
            " forms) SELECT t.word, s.src, s.analysis, x.position, x.lexeme, x.count, x.inside,"
            f" x.quality, x.forms FROM {joined} WHERE {where}{{words}} ORDER BY {order}"
        )
        self._list_filled = frozenset()  # the words whose parts are in list_rows (None: all)
        return joined, where, order

    def list_words(
        self,
        version: str,
        content_hashes: Sequence[str],
        lexemes: Sequence[Lexeme],
        chosen: Mapping[int, tuple[bool, bool, bool]],
    ) -> StoredWords | None:
        """The words a list of the analyses of `content_hashes` (at `version`, in the list's
        order) gives a learner who chose each of the `lexemes` (`chosen`: advanced alone,
        advanced inside a listed expression, left out), merged as `export.lists.aggregate`
        merges them: in the order each word is first met (episode by episode, hardest first),
        the first item of a word giving its attributes. None when an analysis lacks its parts,
        word or list rows, or is listed twice: the caller reads the analyses whole.

        The parts stay in a temporary table until the next list (`list_parts`, `list_senses`)."""
        query = self._list_query(version, content_hashes, lexemes, chosen)
        if query is None:
            return None
        joined, where, _ = query
        db = self._db
        by_word = self._list_words
        left_out = {
            by_word[int(r[0])]
            for r in db.execute(
                "SELECT DISTINCT t.word FROM temp.list_choice t CROSS JOIN analysis_list x"
                " ON x.lexeme = t.lexeme CROSS JOIN temp.list_sources s ON s.analysis = x.analysis"
                " WHERE t.left_out"
            )
        }
        merged = self._merge(joined, where)
        if merged is None:
            return None  # an item without occurrences: read whole, as the others
        wanted = {at for m in merged.values() for at in (m.first_at, m.best_at)}
        db.execute("DROP TABLE IF EXISTS temp.list_wanted")
        db.execute("CREATE TEMP TABLE list_wanted (analysis INTEGER, position INTEGER)")
        db.executemany("INSERT INTO temp.list_wanted VALUES (?, ?)", wanted)
        parts = {
            (int(r[0]), int(r[1])): r
            for r in db.execute(
                "SELECT w.analysis, w.position, s.src, s.parts, x.lexeme, x.count, x.inside, x.example,"
                f" x.segment, x.start, o.zipf, o.source, o.extra, {WORD_COLUMNS} FROM temp.list_wanted w"
                " JOIN temp.list_sources s ON s.analysis = w.analysis"
                " JOIN analysis_list x ON x.analysis = w.analysis AND x.position = w.position"
                " JOIN analysis_occurrences o ON o.analysis = w.analysis AND o.position = w.position"
                " JOIN lexemes l ON l.id = x.lexeme"
            ).fetchall()
        }
        texts: Heads = {}
        decode_forms(db, (f for m in merged.values() for f in m.forms), texts)
        words = []
        for word, m in sorted(merged.items(), key=lambda wm: wm[1].first):
            first, best = parts[m.first_at], parts[m.best_at]
            every: list[str] = []
            for f in sorted(m.forms, key=m.forms.__getitem__):  # in the order first met
                every.extend(x for x in texts[f] if x not in every)
            word_fields = (*first[13:21], json.loads(first[21]))
            data = item_fields(
                word_fields, m.total, first[6], every, float(first[10]), str(first[11]), first[12]
            )
            lemma, pos = by_word[word]
            example = ListPart(
                int(best[2]), int(best[3]), int(best[1]), int(best[4]), int(best[5]), bool(best[6])
            )
            words.append(
                ListWord(
                    lemma,
                    pos,
                    data,
                    m.episodes,
                    (example, int(best[7])),
                    (int(first[2]), int(first[8]), int(first[9])),
                )
            )
        return StoredWords(words, left_out, self._list_generation)

    def list_firsts(
        self,
        version: str,
        content_hashes: Sequence[str],
        lexemes: Sequence[Lexeme],
        chosen: Mapping[int, tuple[bool, bool, bool]],
    ) -> list[FirstItem] | None:
        """What a deck takes of the words a list (as `list_words`) gives: each word's first item
        and the episodes that give it (a tag each), in the order the words are first met. A deck
        reads each word's first item whole and nothing else of the others, so the parts are not
        read a row each: the episodes of each word come as one text, and the first items are
        found among the parts in the first episode of each. None as for `list_words`."""
        query = self._list_query(version, content_hashes, lexemes, chosen)
        if query is None:
            return None
        joined, where, order = query
        db = self._db
        sources = {
            int(word): sorted(set(map(int, srcs.split(","))))
            for word, srcs in db.execute(
                f"SELECT t.word, group_concat(s.src) FROM {joined} WHERE {where} GROUP BY t.word"
            ).fetchall()
        }
        db.execute("DROP TABLE IF EXISTS temp.list_first")
        db.execute(
            "CREATE TEMP TABLE list_first (src INTEGER NOT NULL, word INTEGER NOT NULL,"
            " PRIMARY KEY (src, word)) WITHOUT ROWID"
        )
        db.executemany("INSERT INTO temp.list_first VALUES (?, ?)", [(s[0], w) for w, s in sources.items()])
        db.execute("CREATE INDEX temp.list_sources_src ON list_sources (src)")
        db.execute("CREATE INDEX temp.list_choice_word ON list_choice (word)")
        firsts: dict[int, FirstItem] = {}  # in the order first met
        # (each word's parts in its first episode, looked up: its lexemes' rows of that analysis)
        for word, src, position in db.execute(
            "SELECT t.word, s.src, x.position FROM temp.list_first f"
            " CROSS JOIN temp.list_sources s ON s.src = f.src"
            " CROSS JOIN temp.list_choice t ON t.word = f.word"
            " CROSS JOIN analysis_list x ON x.lexeme = t.lexeme AND x.analysis = s.analysis"
            f" WHERE {where} ORDER BY {order}"
        ).fetchall():
            if word not in firsts:
                firsts[word] = FirstItem(*self._list_words[word], src, position, sources[word])
        return list(firsts.values())

    def _merge(self, joined: str, where: str) -> dict[int, _Merging] | None:
        """Per word (its number in `list_choice`), its parts merged (see `_Merging`); None when
        an item has no occurrences. The list's order is a sort of every part of every episode:
        SQL adds up each lexeme's parts instead (in the order the word rows are read, with
        `joined` of most of the library), and only the parts where a lexeme is first met, has
        its best example or meets a list of forms first are read and put in order, so a list of
        a whole archive reads a few rows per word, not one per item of every episode."""
        db = self._db
        analysis_of = {
            int(src): int(a) for src, a in db.execute("SELECT src, analysis FROM temp.list_sources")
        }
        # the best example's quality and episode in one number (quality, then src), while it fits
        bits = max(1, (len(analysis_of) - 1).bit_length())
        lexes = db.execute(
            "SELECT t.lexeme, t.word, SUM(x.count), COUNT(DISTINCT s.src), MIN(s.src),"
            f" MIN((x.quality << {bits}) + s.src), MAX(x.quality), MAX(x.quality IS NULL OR x.count < 1),"
            f" MIN(x.forms) < MAX(x.forms) FROM {joined} WHERE {where} GROUP BY t.lexeme"
        ).fetchall()
        if any(r[7] for r in lexes):
            return None
        fits = all(r[6] < 1 << (_PACKED_BITS - bits) for r in lexes)
        if fits:
            quality = {r[0]: r[5] >> bits for r in lexes}
        else:  # a sentence of half a million words: each lexeme's best quality on its own
            quality = dict(
                db.execute(f"SELECT t.lexeme, MIN(x.quality) FROM {joined} WHERE {where} GROUP BY t.lexeme")
            )
        for sql in (
            "DROP TABLE IF EXISTS temp.list_lexemes",
            "DROP TABLE IF EXISTS temp.list_at",
            "CREATE TEMP TABLE list_lexemes (lexeme INTEGER PRIMARY KEY, quality INTEGER NOT NULL,"
            " several INTEGER NOT NULL)",
            "CREATE TEMP TABLE list_at (lexeme INTEGER, analysis INTEGER, PRIMARY KEY (lexeme, analysis))"
            " WITHOUT ROWID",
        ):
            db.execute(sql)
        db.executemany(
            "INSERT INTO temp.list_lexemes VALUES (?, ?, ?)", [(r[0], quality[r[0]], r[8]) for r in lexes]
        )
        lexemes = (
            "temp.list_lexemes q CROSS JOIN temp.list_choice t ON t.lexeme = q.lexeme"
            " CROSS JOIN analysis_list x ON x.lexeme = q.lexeme{}"
            " CROSS JOIN temp.list_sources s ON s.analysis = x.analysis"
        )
        # the first episode with each lexeme's best example
        if fits:
            best = {r[0]: r[5] & ((1 << bits) - 1) for r in lexes}
        else:
            best = dict(
                db.execute(
                    f"SELECT q.lexeme, MIN(s.src) FROM {lexemes.format(' AND x.quality = q.quality')}"
                    f" WHERE {where} GROUP BY q.lexeme"
                )
            )
        # the first episode with each of a lexeme's lists of forms (for a lexeme with several)
        forms_met = db.execute(
            f"SELECT q.lexeme, x.forms, MIN(s.src) FROM {lexemes.format('')} WHERE q.several AND {where}"
            " GROUP BY q.lexeme, x.forms"
        ).fetchall()
        # the parts of those episodes (a few per word), each with its place in the list's order
        at = {(r[0], r[4]) for r in lexes} | set(best.items()) | {(r[0], r[2]) for r in forms_met}
        db.executemany(
            "INSERT OR IGNORE INTO temp.list_at VALUES (?, ?)", [(x, analysis_of[s]) for x, s in at]
        )
        parts: dict[tuple[int, int], list[tuple[_Order, int, int]]] = {}
        for lexeme, src, hard, segment, start, position, q, forms in db.execute(
            "SELECT a.lexeme, s.src, t.hard, x.segment, x.start, x.position, x.quality, x.forms"
            " FROM temp.list_at a CROSS JOIN temp.list_choice t ON t.lexeme = a.lexeme"
            " CROSS JOIN analysis_list x ON x.lexeme = a.lexeme AND x.analysis = a.analysis"
            f" CROSS JOIN temp.list_sources s ON s.analysis = a.analysis WHERE {where}"
        ).fetchall():
            parts.setdefault((lexeme, src), []).append(((src, hard, segment, start, position), q, forms))
        several_forms: dict[int, list[tuple[int, int]]] = {}
        for lexeme, forms, src in forms_met:
            several_forms.setdefault(lexeme, []).append((forms, src))
        merged: dict[int, _Merging] = {}
        shared: set[int] = set()  # words of several lexemes
        for lexeme, word, total, episodes, src, _, _, _, several in lexes:
            first = min(parts[(lexeme, src)])
            good = min((q, order) for order, q, _ in parts[(lexeme, best[lexeme])] if q == quality[lexeme])
            if several:
                forms = {
                    f: min(order for order, _, fs in parts[(lexeme, s)] if fs == f)
                    for f, s in several_forms[lexeme]
                }
            else:
                forms = {first[2]: first[0]}
            m = merged.get(word)
            if m is None:
                where_first, where_best = first[0], good[1]
                merged[word] = _Merging(
                    where_first,
                    (analysis_of[where_first[0]], where_first[4]),
                    total,
                    episodes,
                    good,
                    (analysis_of[where_best[0]], where_best[4]),
                    forms,
                )
                continue
            shared.add(word)
            m.total += total
            if first[0] < m.first:
                m.first, m.first_at = first[0], (analysis_of[first[0][0]], first[0][4])
            if good < m.best:
                m.best, m.best_at = good, (analysis_of[good[1][0]], good[1][4])
            for f, order in forms.items():
                if f not in m.forms or order < m.forms[f]:
                    m.forms[f] = order
        if shared:  # the episodes of a word of several lexemes, counted once each
            db.execute("DROP TABLE IF EXISTS temp.list_shared")
            db.execute("CREATE TEMP TABLE list_shared (word INTEGER PRIMARY KEY)")
            db.executemany("INSERT INTO temp.list_shared VALUES (?)", [(w,) for w in shared])
            for word, episodes in db.execute(
                f"SELECT t.word, COUNT(DISTINCT s.src) FROM {joined} WHERE {where}"
                " AND t.word IN (SELECT word FROM temp.list_shared) GROUP BY t.word"
            ).fetchall():
                merged[word].episodes = episodes
        return merged

    def _check(self, generation: int, words: Collection[int] | None = None) -> None:
        """That the parts in the temporary table are the last list's, and those of `words`
        (None: every word) are in it: rows are written only when a format asks for them."""
        if generation != self._list_generation:
            raise RuntimeError("the list's parts were replaced by another list's")
        filled = self._list_filled
        if filled is None or (words is not None and filled.issuperset(words)):
            return
        db = self._db
        db.execute("DELETE FROM temp.list_rows")
        if words is None:
            db.execute(self._list_fill.format(words=""))
            self._list_filled = None
            return
        wanted = filled.union(words)
        db.execute("DROP TABLE IF EXISTS temp.list_fill")
        db.execute("CREATE TEMP TABLE list_fill (word INTEGER PRIMARY KEY)")
        db.executemany("INSERT INTO temp.list_fill VALUES (?)", [(w,) for w in wanted])
        db.execute(self._list_fill.format(words=" AND t.word IN (SELECT word FROM temp.list_fill)"))
        self._list_filled = frozenset(wanted)

    def list_parts(self, generation: int) -> dict[tuple[str, str], list[ListPart]]:
        """(lemma, POS) → the parts of every word of the last `list_words`, in the list's order."""
        self._check(generation)
        out: dict[tuple[str, str], list[ListPart]] = {}
        for r in self._db.execute(
            "SELECT r.word, r.src, s.parts, r.position, r.lexeme, r.count, r.inside FROM temp.list_rows r"
            " JOIN temp.list_sources s ON s.analysis = r.analysis ORDER BY r.ord"
        ).fetchall():
            out.setdefault(self._list_words[r[0]], []).append(
                ListPart(int(r[1]), int(r[2]), int(r[3]), int(r[4]), int(r[5]), bool(r[6]))
            )
        return out

    def list_counts(self, generation: int, sources: int) -> dict[tuple[str, str], list[int]]:
        """(lemma, POS) → the count in each episode (by its index in the list, `sources` of them)
        of every word of the last `list_words`."""
        self._check(generation)
        out: dict[tuple[str, str], list[int]] = {}
        for word, src, count in self._db.execute(
            "SELECT word, src, SUM(count) FROM temp.list_rows GROUP BY word, src"
        ).fetchall():
            key = self._list_words[word]
            counts = out.get(key)
            if counts is None:
                counts = out[key] = [0] * sources
            counts[src] = count
        return out

    def list_senses(
        self, generation: int, cues: Mapping[tuple[str, str], str]
    ) -> dict[tuple[str, str], tuple[dict[int, int], list[ListPart]]]:
        """For words of the last `list_words`, each with the cue digest of its entry's senses
        (`cues`): how many of its occurrences each sense fits, added up over the parts counted
        when stored, and the parts not counted under those cues (the caller counts them)."""
        if generation != self._list_generation:
            raise RuntimeError("the list's parts were replaced by another list's")
        number = {key: n for n, key in self._list_words.items()}
        db = self._db
        db.execute("DROP TABLE IF EXISTS temp.list_cues")
        db.execute("CREATE TEMP TABLE list_cues (word INTEGER PRIMARY KEY, cues TEXT NOT NULL)")
        db.executemany("INSERT INTO temp.list_cues VALUES (?, ?)", [(number[k], c) for k, c in cues.items()])
        out: dict[tuple[str, str], tuple[dict[int, int], list[ListPart]]] = {k: ({}, []) for k in cues}
        parts = _joined(self._list_most, cues=True)
        counted = "y.analysis = x.analysis AND y.position = x.position AND y.cues = c.cues"
        # the counts added up in SQL, and the parts not counted under the cues, in the list's order
        for word, sense, n in db.execute(
            f"SELECT c.word, y.sense, SUM(y.n) FROM {parts} CROSS JOIN analysis_senses y ON {counted}"
            f" WHERE {_ADVANCED} GROUP BY c.word, y.sense"
        ).fetchall():
            out[self._list_words[word]][0][int(sense)] = int(n)
        for r in db.execute(
            f"SELECT c.word, s.src, s.parts, x.position, x.lexeme, x.count, x.inside FROM {parts}"
            f" WHERE {_ADVANCED} AND NOT EXISTS (SELECT 1 FROM analysis_senses y WHERE {counted})"
            f" ORDER BY {_ORDER}"
        ).fetchall():
            out[self._list_words[r[0]]][1].append(
                ListPart(int(r[1]), int(r[2]), int(r[3]), int(r[4]), int(r[5]), bool(r[6]))
            )
        return out

    def list_items(
        self,
        parts: Sequence[ListPart],
        lexemes: Mapping[int, Lexeme],
        heads: Heads | None = None,
        made: dict[int, VocabItem] | None = None,
    ) -> list[VocabItem]:
        """The items of `parts`, in their order, made by `light_items` (each analysis read once;
        `heads` and `made` as there)."""
        by_analysis: dict[int, list[int]] = {}
        for n, part in enumerate(parts):
            by_analysis.setdefault(part.analysis, []).append(n)
        out: list[VocabItem | None] = [None] * len(parts)
        heads = {} if heads is None else heads
        made = {} if made is None else made
        for analysis, ns in by_analysis.items():
            rows = [
                (parts[n].position, lexemes[parts[n].lexeme], parts[n].count, parts[n].inside) for n in ns
            ]
            for n, item in zip(ns, light_items(self._db, analysis, rows, heads, made), strict=True):
                out[n] = item
        return [item for item in out if item is not None]
