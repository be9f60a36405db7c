"""A library as a studyterm of an older schema left it, made from a current one."""

from __future__ import annotations

import sqlite3


def as_before_one_item_row(db: sqlite3.Connection) -> None:
    """Make the library of `db` (open, no transaction) one of the schema before migration 0012:
    the word table's item and form rows (`analysis_words`, `analysis_forms`, which 0012 folds
    away) back as that schema filled them, and the record of 0012 gone, so that opening the
    library applies it again."""
    db.executescript(
        """
        BEGIN;
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
