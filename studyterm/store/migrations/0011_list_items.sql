-- What a word list needs of each item of an analysis, kept with the word table (0008) in the
-- same transaction, so that a list of many episodes is a query: where the item is first met,
-- the best example sentence among its occurrences, and how many of its occurrences each sense
-- of a dictionary entry fits. Analyses stored before these tables are entered on first use
-- (pipeline.fill_word_table), as for the word table.

-- Each distinct list of forms once (JSON, as in an item): a list merges them by number.
CREATE TABLE list_forms (
    id    INTEGER PRIMARY KEY,
    forms TEXT NOT NULL UNIQUE
);

-- One row per item, next to the other items of its word (lexeme): a list of most of the
-- library reads its words' rows in runs, not scattered over the analyses.
CREATE TABLE analysis_list (
    lexeme   INTEGER NOT NULL REFERENCES lexemes (id),
    analysis INTEGER NOT NULL REFERENCES analysis_figures (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,      -- index of the item in the analysis (as analysis_words)
    count    INTEGER NOT NULL,      -- as analysis_words
    inside   INTEGER NOT NULL,      -- inside_phrase, as analysis_words
    segment  INTEGER,               -- where its first occurrence is: segment and start
    start    INTEGER,               -- (NULL, here and below: an item without occurrences)
    example  INTEGER,               -- the occurrence whose sentence is its best example
    quality  INTEGER,               -- that sentence's (lower is better): misfit * 2^32 + words
    forms    INTEGER NOT NULL REFERENCES list_forms (id),  -- its forms, as in its item
    PRIMARY KEY (lexeme, analysis, position)
) WITHOUT ROWID;
CREATE INDEX analysis_list_analysis ON analysis_list (analysis, position);

-- How many of an item's occurrences each sense of an entry fits, for an entry with several
-- senses (the built-in glossary's), under the entry's cue words (`cues`: a digest of them), so
-- that a dictionary answering with other senses finds no count and counts them afresh.
CREATE TABLE analysis_senses (
    analysis INTEGER NOT NULL REFERENCES analysis_figures (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    cues     TEXT NOT NULL,
    sense    INTEGER NOT NULL,      -- index into the entry's senses, in the entry's order
    n        INTEGER NOT NULL,      -- occurrences that sense fits (rows of 0 are left out)
    PRIMARY KEY (analysis, position, cues, sense)
) WITHOUT ROWID;
