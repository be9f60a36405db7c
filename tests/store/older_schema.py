"""A library as a studyterm of an older schema left it, made from a current one."""

from __future__ import annotations

import sqlite3


def as_before_one_item_row(db: sqlite3.Connection) -> None:
    """Make the library of `db` (open, no transaction) one of the schema before migration 0012,
    as that schema filled it: each item's JSON and occurrences in `analysis_items` (the
    analyses' `parts` 1, no `analysis_occurrences`), the word table's item
    and form rows (`analysis_words`, `analysis_forms`); and the record of 0012 gone, so that
    opening the library applies it again."""
    db.executescript(
        """
        BEGIN;
        INSERT INTO analysis_items (analysis, position, item, occurrences)
            SELECT a.id, x.position, json_object(
                'lemma', l.lemma, 'pos', l.pos, 'forms', json(lf.forms), 'count', x.count,
                'rank', l.rank, 'zipf', o.zipf, 'band', l.band, 'cefr', l.cefr,
                'cefr_source', o.source, 'is_phrase', json(iif(l.is_phrase, 'true', 'false')),
                'gloss', NULL, 'definition', NULL, 'pronunciation', NULL, 'tags', json(l.tags),
                'difficulty', l.difficulty, 'suspect', json(iif(l.suspect, 'true', 'false')),
                'inside_phrase', json(iif(x.inside, 'true', 'false')), 'senses', json('[]')),
                o.occurrences
            FROM analysis_list x JOIN analysis_figures f ON f.id = x.analysis
            JOIN analysis_occurrences o ON o.analysis = x.analysis AND o.position = x.position
            JOIN analyses a ON a.content_hash = f.content_hash AND a.version = f.version
            JOIN lexemes l ON l.id = x.lexeme JOIN list_forms lf ON lf.id = x.forms;
        UPDATE analyses SET parts = 1 WHERE parts = 2;
        DROP TABLE analysis_occurrences;
        CREATE TABLE analysis_words (analysis INTEGER NOT NULL, position INTEGER NOT NULL,
            lexeme INTEGER NOT NULL, count INTEGER NOT NULL, inside_phrase INTEGER NOT NULL,
            PRIMARY KEY (analysis, position)) WITHOUT ROWID;
        INSERT INTO analysis_words SELECT analysis, position, lexeme, count, inside FROM analysis_list;
        CREATE TABLE analysis_forms (form TEXT NOT NULL, analysis INTEGER NOT NULL,
            position INTEGER NOT NULL, PRIMARY KEY (form, analysis, position)) WITHOUT ROWID;
        INSERT OR IGNORE INTO analysis_forms SELECT j.value, x.analysis, x.position
            FROM analysis_list x JOIN list_forms f ON f.id = x.forms, json_each(f.forms) j
            WHERE trim(j.value) != '';
        DROP TABLE form_lexemes;
        DELETE FROM schema_migrations WHERE version = 12;
        COMMIT;
        """
    )


def as_before_list_rows(db: sqlite3.Connection) -> None:
    """Make the library of `db` (open, no transaction) one of the schema before migration 0011:
    as before 0012 (`as_before_one_item_row`), its list rows gone too, and the record of 0011."""
    as_before_one_item_row(db)
    db.executescript(
        """
        BEGIN;
        DROP TABLE analysis_list;
        DROP TABLE analysis_senses;
        DROP TABLE list_forms;
        DELETE FROM schema_migrations WHERE version = 11;
        COMMIT;
        """
    )
