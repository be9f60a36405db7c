-- Per-episode figures and a compact word table, written with each analysis in the same
-- transaction, so that library-wide views (list, mark, the library screen, the reader's other
-- episodes, the Anki export's episode tags) are queries instead of decoding every stored
-- analysis. Analyses stored before this table are entered on first use (pipeline).
CREATE TABLE analysis_figures (
    id           INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL,
    version      TEXT NOT NULL,          -- as in `analyses`
    tokens       INTEGER NOT NULL,       -- running words as the profile counts them
    items        INTEGER NOT NULL,       -- vocabulary items (words and phrases)
    UNIQUE (content_hash, version)
);

-- What the learner's level is judged on, once per distinct word: every attribute that decides
-- whether a word is advanced is part of `sig`, so two analyses sharing a row agree on all of it.
CREATE TABLE lexemes (
    id         INTEGER PRIMARY KEY,
    sig        TEXT NOT NULL UNIQUE,     -- JSON of the attributes below
    lemma      TEXT NOT NULL,
    key        TEXT NOT NULL,            -- lower-case lemma: statuses and look-ups use it
    pos        TEXT NOT NULL,
    is_phrase  INTEGER NOT NULL,
    band       TEXT NOT NULL,            -- K1 … K10, off-list
    rank       INTEGER,                  -- word-family rank, NULL when unknown
    difficulty INTEGER,                  -- the difficulty model's vocabulary size
    cefr       TEXT NOT NULL,            -- level
    suspect    INTEGER NOT NULL,
    tags       TEXT NOT NULL             -- JSON list
);
CREATE INDEX lexemes_key ON lexemes (key);

-- One row per vocabulary item of an analysis, in the analysis's order.
CREATE TABLE analysis_words (
    analysis      INTEGER NOT NULL REFERENCES analysis_figures (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,      -- index of the item in the analysis
    lexeme        INTEGER NOT NULL REFERENCES lexemes (id),
    count         INTEGER NOT NULL,
    inside_phrase INTEGER NOT NULL,
    PRIMARY KEY (analysis, position)
) WITHOUT ROWID;
CREATE INDEX analysis_words_lexeme ON analysis_words (lexeme);

-- The surface forms of each item (lower case, single spaces), for marking a word as read.
CREATE TABLE analysis_forms (
    form     TEXT NOT NULL,
    analysis INTEGER NOT NULL REFERENCES analysis_figures (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (form, analysis, position)
) WITHOUT ROWID;
CREATE INDEX analysis_forms_analysis ON analysis_forms (analysis);

-- the word table meets the episodes by content hash
CREATE INDEX episodes_content_hash ON episodes (content_hash);
