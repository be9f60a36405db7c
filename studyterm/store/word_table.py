"""The library's word table: per-analysis figures and one compact row per vocabulary item.

Written with each analysis in the same transaction (`put_words`), so that what the library-wide
views need — running words, which words each episode uses and how often, their forms — is a
query, not a decoding of every stored analysis (a large archive holds hundreds of megabytes of
them). Whether a word is advanced depends on the learner, which the store knows nothing of: the
caller decides that once per distinct word (`lexemes`) and `episode_figures` adds it up in SQL.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from studyterm.model import Analysis, VocabItem
from studyterm.store.analyses import Heads, light_items
from studyterm.store.connection import LibraryConnection
from studyterm.store.json_text import to_json

__all__ = [
    "Choice",
    "Chosen",
    "ChosenRow",
    "EpisodeFigures",
    "Judgement",
    "Lexeme",
    "WordRows",
    "WordTableStore",
    "Written",
    "figures_tokens",
    "put_words",
    "word_rows",
]


@dataclass(frozen=True)
class Lexeme:
    """A distinct word or phrase of the library with the attributes its level is judged on."""

    id: int
    lemma: str
    pos: str
    is_phrase: bool
    band: str
    rank: int | None
    difficulty: int | None
    cefr: str
    suspect: bool
    tags: tuple[str, ...]

    def as_item(self) -> VocabItem:
        """A VocabItem with these attributes and no occurrences, for judging its level."""
        return VocabItem(
            lemma=self.lemma,
            pos=self.pos,
            forms=[],
            count=0,
            rank=self.rank,
            zipf=0.0,
            band=self.band,
            cefr=self.cefr,
            cefr_source="",
            occurrences=[],
            is_phrase=self.is_phrase,
            tags=list(self.tags),
            difficulty=self.difficulty,
            suspect=self.suspect,
        )


@dataclass(frozen=True)
class Judgement:
    """How a learner sees one lexeme: advanced where it stands alone, advanced inside a listed
    expression, marked learning, and left out of the progress counts (ignored, or suspect with
    no status)."""

    alone: bool
    inside: bool
    learning: bool = False
    skipped: bool = False


@dataclass(frozen=True)
class Choice:
    """How a learner's word lists see one lexeme: advanced where it stands alone, advanced
    inside a listed expression, left out as unknown to every dictionary (`learner.left_out`)."""

    alone: bool
    inside: bool
    left_out: bool


@dataclass(frozen=True)
class Chosen:
    """What the word table says of one analysis for a learner (`WordTableStore.word_choice`):
    the items the learner may be given (advanced), as `rows` in the analysis's order; the
    (lemma, POS) of its items kept off as left out; and `light`, which makes the items of some
    of the rows without decoding them (`light_items`)."""

    rows: list[ChosenRow]
    left_out: set[tuple[str, str]]
    light: Callable[[Sequence[ChosenRow]], list[VocabItem]]


ChosenRow = tuple[int, Lexeme, int, bool]
"""An item chosen in the word table: its position in the analysis, its lexeme, its count and
whether it is inside a listed expression."""


@dataclass(frozen=True)
class EpisodeFigures:
    """An episode's running words, advanced items and the running words of advanced words, and
    the progress counts (`review.progress`): items, those marked learning, those left out."""

    episode_id: str
    tokens: int
    advanced: int
    unknown_tokens: int
    items: int = 0
    learning: int = 0
    skipped: int = 0

    @property
    def new(self) -> int:
        """Advanced items not marked learning."""
        return self.advanced - self.learning

    @property
    def known(self) -> int:
        """Items neither advanced nor left out."""
        return self.items - self.skipped - self.advanced

    @property
    def coverage(self) -> float:
        """Share of running words the learner knows (1.0 for an empty text, as the profile)."""
        return (self.tokens - self.unknown_tokens) / self.tokens if self.tokens else 1.0


# word rows count only while their analysis is cached (an analysis may be dropped on its own)
_CACHED = " JOIN analyses a ON a.content_hash = f.content_hash AND a.version = f.version"


def figures_tokens(analysis: Analysis) -> int:
    """Running words as the profile counts them: every band's words and the items' counts."""
    return sum(analysis.other_bands.values()) + sum(i.count for i in analysis.items if not i.is_phrase)


def _sig(item: VocabItem) -> str:
    return _sig_of(
        item.lemma,
        item.pos,
        item.is_phrase,
        item.band,
        item.rank,
        item.difficulty,
        item.cefr,
        item.suspect,
        tuple(item.tags),
    )


@lru_cache(maxsize=65536)
def _sig_of(*attributes: Any) -> str:  # a word's signature recurs in episode after episode
    *rest, tags = attributes
    return to_json([*rest, list(tags)])


def _norm(form: str) -> str:
    return " ".join(form.lower().split())


@dataclass(frozen=True)
class WordRows:
    """An analysis's word-table rows as `put_words` writes them, made ahead of the write (by the
    process that analysed it, see `store.encoded`): its running words, each distinct lexeme's
    row (its signature first) in the order its items first use it, and for each item the index
    of its lexeme there, its count and whether it is inside a listed expression; and each
    distinct pair of a form (normalised) and the index of a lexeme with that form."""

    content_hash: str
    version: str
    tokens: int
    lexemes: list[tuple[Any, ...]]
    words: list[tuple[int, int, int]]
    forms: list[tuple[str, int]]


@dataclass
class Written:
    """The rows several analyses share that one transaction has written or read so far, which
    it then neither inserts nor looks up again: the lexemes (signature → id), the pairs of a
    form and a lexeme id (`form_lexemes`) and the lists of forms (JSON → id, `list_forms`).
    Rows are never removed while it lives, but a rolled-back transaction's are gone: it must
    not outlive its transaction."""

    lexemes: dict[str, int] = field(default_factory=dict)
    pairs: set[tuple[str, int]] = field(default_factory=set)
    forms: dict[str, int] = field(default_factory=dict)


def word_rows(analysis: Analysis) -> WordRows:
    """The rows `put_words` writes for `analysis`."""
    index: dict[str, int] = {}  # signature -> its lexeme's index: each item's once, thousands of JSON texts
    lexemes: list[tuple[Any, ...]] = []
    words = []
    forms: dict[tuple[str, int], None] = {}
    for i in analysis.items:
        sig = _sig(i)
        n = index.get(sig)
        if n is None:
            n = index[sig] = len(lexemes)
            lexemes.append(
                (
                    sig,
                    i.lemma,
                    i.lemma.lower(),
                    i.pos,
                    int(i.is_phrase),
                    i.band,
                    i.rank,
                    i.difficulty,
                    i.cefr,
                    int(i.suspect),
                    to_json(i.tags) if i.tags else "[]",
                )
            )
        words.append((n, i.count, int(i.inside_phrase)))
        for f in i.forms:
            if f.strip():
                forms[(_norm(f), n)] = None
    return WordRows(
        analysis.content_hash, analysis.version, figures_tokens(analysis), lexemes, words, list(forms)
    )


def put_words(
    db: sqlite3.Connection, rows: WordRows, written: Written | None = None
) -> tuple[int, list[int]]:
    """Replace the word rows of the analysis's transcript (any version) by `rows`
    (`word_rows`), in the caller's transaction; the id of its figures and each item's lexeme
    id. The item rows themselves are the list rows (`word_lists.put_list`), written next.
    `written`: what this transaction has written so far (several analyses stored in one
    transaction share most of their words)."""
    db.execute("DELETE FROM analysis_figures WHERE content_hash = ?", (rows.content_hash,))
    cur = db.execute(
        "INSERT INTO analysis_figures (content_hash, version, tokens, items) VALUES (?, ?, ?, ?)",
        (rows.content_hash, rows.version, rows.tokens, len(rows.words)),
    )
    aid = int(cur.lastrowid or 0)
    done = Written() if written is None else written
    ids = done.lexemes
    new = [row for row in rows.lexemes if row[0] not in ids]
    db.executemany(
        "INSERT OR IGNORE INTO lexemes (sig, lemma, key, pos, is_phrase, band, rank, difficulty,"
        " cefr, suspect, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        new,
    )
    for n in range(0, len(new), 500):  # SQLite's limit on bound parameters
        chunk = [row[0] for row in new[n : n + 500]]
        ids.update(
            db.execute(
                f"SELECT sig, id FROM lexemes WHERE sig IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall()
        )
    lexeme_ids = [ids[row[0]] for row in rows.lexemes]
    pairs = [(form, lexeme_ids[n]) for form, n in rows.forms]
    fresh = [pair for pair in pairs if pair not in done.pairs]
    db.executemany("INSERT OR IGNORE INTO form_lexemes (form, lexeme) VALUES (?, ?)", fresh)
    done.pairs.update(fresh)
    return aid, [lexeme_ids[n] for n, _, _ in rows.words]


class WordTableStore:
    """Queries over the word table (mixed into `Store`)."""

    _db: LibraryConnection

    def missing_words(self, version: str) -> list[str]:
        """Content hashes of library episodes with an analysis at `version` but no word rows
        (stored by an older studyterm): the caller enters them with `put_words`."""
        rows = self._db.execute(
            "SELECT a.content_hash FROM analyses a JOIN episodes e ON e.content_hash ="
            " a.content_hash LEFT JOIN analysis_figures f ON f.content_hash = a.content_hash AND"
            " f.version = a.version WHERE a.version = ? AND f.id IS NULL",
            (version,),
        ).fetchall()
        return [str(r[0]) for r in rows]

    def lexemes(self, content_hashes: Sequence[str] | None = None) -> list[Lexeme]:
        """Every distinct word of the library's word table (a few of them may belong to no
        analysis any more: judging them costs little, and they count nowhere); or only those of
        the analyses of `content_hashes` (any version)."""
        columns = "l.id, l.lemma, l.pos, l.is_phrase, l.band, l.rank, l.difficulty, l.cefr, l.suspect, l.tags"
        if content_hashes is None:
            rows = self._db.execute(f"SELECT {columns} FROM lexemes l").fetchall()
        else:
            found: dict[int, Any] = {}
            for n in range(0, len(content_hashes), 500):  # SQLite's limit on bound parameters
                chunk = content_hashes[n : n + 500]
                found.update(
                    (r[0], r)
                    for r in self._db.execute(
                        f"SELECT DISTINCT {columns} FROM analysis_figures f"
                        " JOIN analysis_list w ON w.analysis = f.id JOIN lexemes l ON l.id = w.lexeme"
                        f" WHERE f.content_hash IN ({','.join('?' * len(chunk))})",
                        chunk,
                    ).fetchall()
                )
            rows = list(found.values())
        return [
            Lexeme(
                int(r[0]), r[1], r[2], bool(r[3]), r[4], r[5], r[6], r[7], bool(r[8]), tuple(json.loads(r[9]))
            )
            for r in rows
        ]

    def episode_figures(self, version: str, judged: Mapping[int, Judgement]) -> dict[str, EpisodeFigures]:
        """Episode id → its figures for a learner, who judged each lexeme (`judged`; lexemes left
        out are known wherever they stand). Episodes without word rows at `version` are left out."""
        db = self._db
        episodes = db.execute(
            "SELECT e.id, f.id, f.tokens, f.items FROM episodes e JOIN analysis_figures f"
            " ON f.content_hash = e.content_hash AND f.version = ?" + _CACHED,
            (version,),
        ).fetchall()
        db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS learner_judged (lexeme INTEGER PRIMARY KEY,"
            " alone INTEGER NOT NULL, inside INTEGER NOT NULL, learning INTEGER NOT NULL,"
            " skipped INTEGER NOT NULL)"
        )
        try:
            db.executemany(
                "INSERT INTO temp.learner_judged VALUES (?, ?, ?, ?, ?)",
                [
                    (k, int(j.alone), int(j.inside), int(j.learning), int(j.skipped))
                    for k, j in judged.items()
                    if j.alone or j.inside or j.learning or j.skipped
                ],
            )
            # only the rows of words not simply known are read, found by their lexeme (CROSS JOIN
            # keeps that order: SQLite otherwise walked every list row in the order of the
            # grouping, five times as long for 1,500 episodes)
            sums = {
                int(r[0]): tuple(int(v) for v in r[1:])
                for r in db.execute(
                    "SELECT w.analysis,"
                    " SUM(CASE WHEN w.inside THEN t.inside ELSE t.alone END),"
                    " SUM(CASE WHEN l.is_phrase THEN 0 WHEN w.inside THEN"
                    "   t.inside * w.count ELSE t.alone * w.count END),"
                    " SUM(t.learning), SUM(t.skipped)"
                    " FROM temp.learner_judged t CROSS JOIN analysis_list w ON w.lexeme = t.lexeme"
                    " JOIN lexemes l ON l.id = t.lexeme GROUP BY w.analysis"
                ).fetchall()
            }
        finally:
            db.execute("DELETE FROM temp.learner_judged")
        out = {}
        for episode_id, analysis, tokens, items in episodes:
            advanced, unknown, learning, skipped = sums.get(int(analysis), (0, 0, 0, 0))
            out[str(episode_id)] = EpisodeFigures(
                str(episode_id), int(tokens), advanced, unknown, int(items), learning, skipped
            )
        return out

    @contextmanager
    def word_choice(
        self, lexemes: Iterable[Lexeme], judged: Mapping[int, Choice]
    ) -> Iterator[Callable[[str, str], Chosen | None]]:
        """A function giving, for an analysis (content hash, version), the items a learner who
        judged each of the library's `lexemes` (`judged`; lexemes left out are neither) may be
        given, found in the word table and made by `light_items`: None when the analysis is
        not stored in parts with its word rows (the caller reads it whole)."""
        db = self._db
        by_id = {lexeme.id: lexeme for lexeme in lexemes}
        heads: Heads = {}
        made: dict[int, VocabItem] = {}
        db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS learner_choice (lexeme INTEGER PRIMARY KEY,"
            " alone INTEGER NOT NULL, inside INTEGER NOT NULL, left_out INTEGER NOT NULL)"
        )
        db.execute("DELETE FROM temp.learner_choice")

        def chosen(content_hash: str, version: str) -> Chosen | None:
            found = db.execute(
                "SELECT f.id, a.id FROM analysis_figures f JOIN analyses a ON a.content_hash ="
                " f.content_hash AND a.version = f.version AND a.parts = 2"
                " WHERE f.content_hash = ? AND f.version = ?",
                (content_hash, version),
            ).fetchone()
            if found is None:
                return None
            rows = db.execute(
                "SELECT w.position, CASE WHEN w.inside THEN t.inside ELSE t.alone END,"
                " t.left_out, w.lexeme, w.count, w.inside FROM analysis_list w"
                " JOIN temp.learner_choice t ON t.lexeme = w.lexeme"
                " WHERE w.analysis = ? ORDER BY w.position",
                (found[0],),
            ).fetchall()
            analysis = int(found[1])
            return Chosen(
                [(int(r[0]), by_id[r[3]], int(r[4]), bool(r[5])) for r in rows if r[1]],
                {(by_id[r[3]].lemma, by_id[r[3]].pos) for r in rows if r[2]},
                lambda some: light_items(db, analysis, some, heads, made),
            )

        try:
            db.executemany(
                "INSERT INTO temp.learner_choice VALUES (?, ?, ?, ?)",
                [
                    (k, int(c.alone), int(c.inside), int(c.left_out))
                    for k, c in judged.items()
                    if c.alone or c.inside or c.left_out
                ],
            )
            yield chosen
        finally:
            db.execute("DELETE FROM temp.learner_choice")

    def form_lemmas(self, version: str, forms: Iterable[str]) -> dict[str, str]:
        """Form (lower case) → the lemma of the first library item (in library order) that
        uses it, for the forms given that any analysis at `version` has."""
        out: dict[str, str] = {}
        for form in {_norm(f) for f in forms}:
            # the items of the words with this form, in library order: the first that has it
            rows = self._db.execute(
                "SELECT l.lemma, lf.forms FROM form_lexemes fl JOIN lexemes l ON l.id = fl.lexeme"
                " JOIN analysis_list w ON w.lexeme = fl.lexeme"
                " JOIN list_forms lf ON lf.id = w.forms"
                " JOIN analysis_figures f ON f.id = w.analysis AND f.version = ?"
                + _CACHED
                + " JOIN episodes e ON e.content_hash = f.content_hash"
                " WHERE fl.form = ? ORDER BY e.imported_at, e.title, w.position",
                (version, form),
            )
            for lemma, item_forms in rows:
                if any(_norm(f) == form for f in json.loads(item_forms)):
                    out[form] = str(lemma)
                    break
        return out

    def known_lemmas(self, version: str, lemmas: Iterable[str]) -> set[str]:
        """Those of `lemmas` that are the lemma of an item of an analysis at `version`."""
        found = set()
        for lemma in set(lemmas):
            row = self._db.execute(
                "SELECT 1 FROM lexemes l JOIN analysis_list w ON w.lexeme = l.id"
                " JOIN analysis_figures f ON f.id = w.analysis AND f.version = ?"
                + _CACHED
                + " WHERE l.key = ? AND l.lemma = ? LIMIT 1",
                (version, lemma.lower(), lemma),
            ).fetchone()
            if row is not None:
                found.add(lemma)
        return found

    def other_episode_titles(self, version: str, episode_id: str) -> dict[str, list[str]]:
        """Lower-case lemma → titles of the other library episodes that use it (in library
        order), for the lemmas of episode `episode_id`'s analysis at `version`."""
        rows = self._db.execute(
            "SELECT DISTINCT ml.key, e.title, e.imported_at, e.id FROM episodes me"
            " JOIN analysis_figures mf ON mf.content_hash = me.content_hash AND mf.version = ?"
            " JOIN analysis_list mw ON mw.analysis = mf.id"
            " JOIN lexemes ml ON ml.id = mw.lexeme"
            " JOIN lexemes l ON l.key = ml.key"
            " JOIN analysis_list w ON w.lexeme = l.id"
            " JOIN analysis_figures f ON f.id = w.analysis AND f.version = mf.version"
            + _CACHED
            + " JOIN episodes e ON e.content_hash = f.content_hash AND e.id != me.id"
            " WHERE me.id = ? ORDER BY e.imported_at, e.title, e.id",
            (version, episode_id),
        ).fetchall()
        out: dict[str, list[str]] = {}
        for key, title, _at, _id in rows:
            out.setdefault(str(key), []).append(str(title))
        return out

    def word_episodes(
        self, version: str, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], list[tuple[str, str, str | None]]]:
        """(lemma, POS) → (id, title, podcast) of every library episode, in library order,
        whose analysis at `version` uses the word (the same tuple for an episode each time)."""
        # the episodes once, in library order, each analysis numbered by its episode's place
        # there; then each word's analyses through the lexeme index as one text: a word of a
        # whole archive is in a thousand episodes, and a row each (or joining the episodes
        # again for every word) made a deck of 1,500 episodes spend much of its time here
        found = sorted(
            (str(imported_at), str(title), str(episode_id), podcast, int(fid))
            for fid, episode_id, title, podcast, imported_at in self._db.execute(
                "SELECT f.id, e.id, e.title, e.podcast, e.imported_at FROM analysis_figures f"
                + _CACHED
                + " JOIN episodes e ON e.content_hash = f.content_hash WHERE f.version = ?",
                (version,),
            )
        )
        episodes = [(episode_id, title, podcast) for _, title, episode_id, podcast, _ in found]
        place = {r[4]: n for n, r in enumerate(found)}
        out: dict[tuple[str, str], list[tuple[str, str, str | None]]] = {}
        for lemma, pos in set(keys):
            (analyses,) = self._db.execute(
                "SELECT group_concat(w.analysis) FROM lexemes l JOIN analysis_list w ON w.lexeme = l.id"
                " WHERE l.key = ? AND l.lemma = ? AND l.pos = ?",
                (lemma.lower(), lemma, pos),
            ).fetchone()
            if analyses is None:
                continue
            places = {place.get(int(a), -1) for a in analyses.split(",")}
            places.discard(-1)  # (an analysis of no library episode, or not cached)
            if places:
                out[(lemma, pos)] = [episodes[n] for n in sorted(places)]
        return out
