-- Each item of an analysis was written into two tables with the same key columns (analysis,
-- position, lexeme, count, whether inside an expression): `analysis_words` (0008) and
-- `analysis_list` (0011), each with an index: `analysis_list` now serves every query of both.
-- `analysis_forms` kept a row for each form of each item (about one an item) to find the word a
-- form a learner marks belongs to: each distinct pair of form and word is now kept once, and
-- the word's items (`analysis_list`, whose forms are in `list_forms`) say where it is used.
-- An import writes half the rows it wrote before.
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
