-- Two rows per item of an analysis, not four. Each item was written into three tables, two of
-- them with the same key columns (analysis, position, lexeme, count, whether inside an
-- expression): `analysis_items` (0010: its JSON, repeating its word's attributes, and its
-- packed occurrences), `analysis_words` (0008) and `analysis_list` (0011), each with an index,
-- and each of its forms into a fourth (`analysis_forms`).
-- `analysis_list` now serves every query of the word table, and the item's own fields (Zipf
-- frequency, where its level comes from, its occurrences) are in one narrow row of their own
-- beside it (kept apart so that the queries over the list rows read small rows): its word's
-- attributes are its lexeme's. Analyses stored this way have `parts` = 2 in `analyses`, and
-- their items are those of the word table's figures of the same transcript and version.
-- Analyses in parts stored before (`parts` = 1) are still read from `analysis_items`, and
-- rewritten when the library is next used (pipeline.fill_word_table), as those stored whole
-- (`parts` = 0) were.
-- `analysis_forms` kept a row for each form of each item to find the word a form a learner
-- marks belongs to: each distinct pair of form and word is now kept once, and the word's items
-- (whose forms are in `list_forms`) say where it is used.
CREATE TABLE analysis_occurrences (
    analysis    INTEGER NOT NULL REFERENCES analysis_figures (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,       -- as in analysis_list
    zipf        REAL NOT NULL,
    source      TEXT NOT NULL,          -- where its level comes from (cefr_source)
    occurrences BLOB NOT NULL,          -- packed as in analysis_items
    extra       TEXT,                   -- JSON of a gloss or senses, when it has any
    PRIMARY KEY (analysis, position)
) WITHOUT ROWID;
CREATE TABLE form_lexemes (
    form   TEXT NOT NULL,               -- lower case, single spaces
    lexeme INTEGER NOT NULL REFERENCES lexemes (id) ON DELETE CASCADE,
    PRIMARY KEY (form, lexeme)
) WITHOUT ROWID;
INSERT OR IGNORE INTO form_lexemes (form, lexeme)
    SELECT af.form, w.lexeme FROM analysis_forms af
    JOIN analysis_words w ON w.analysis = af.analysis AND w.position = af.position;
DROP TABLE analysis_forms;
DROP TABLE analysis_words
