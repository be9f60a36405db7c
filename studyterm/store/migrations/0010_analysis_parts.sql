-- Analyses in parts, so that reading one never decodes the whole of it: a long transcript's
-- analysis was one compressed JSON value of hundreds of megabytes, every occurrence repeating
-- its sentence. Now each item is a row (its occurrences packed as integers), each sentence is
-- stored once (in chunks), and the `analyses` row keeps the figures of the whole.
-- Analyses stored before keep their one value (`parts` = 0): they are read as before, and
-- rewritten in parts when the library is next used (pipeline.fill_word_table).
CREATE TABLE analyses_parts (
    id           INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL,
    version      TEXT NOT NULL,         -- analysis version: code, model and phrase list
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    data         BLOB NOT NULL,         -- zlib JSON: the whole Analysis (parts = 0) or its head
    parts        INTEGER NOT NULL DEFAULT 0,  -- 1: items and sentences in the tables below
    UNIQUE (content_hash, version)
);
INSERT INTO analyses_parts (content_hash, version, created_at, data)
    SELECT content_hash, version, created_at, data FROM analyses;
DROP TABLE analyses;
ALTER TABLE analyses_parts RENAME TO analyses;

-- One row per vocabulary item, in the analysis's order.
CREATE TABLE analysis_items (
    analysis    INTEGER NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    item        TEXT NOT NULL,          -- JSON of the VocabItem without its occurrences
    occurrences BLOB NOT NULL,          -- little-endian int32, 7 an occurrence: segment, start,
                                        -- end, sentence number, start and end in the sentence,
                                        -- sense
    PRIMARY KEY (analysis, position)
) WITHOUT ROWID;

-- The sentences the occurrences are in, each once, numbered in order of first use.
CREATE TABLE analysis_sentences (
    analysis INTEGER NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
    chunk    INTEGER NOT NULL,          -- holds sentences chunk * 256 to chunk * 256 + 255
    data     BLOB NOT NULL,             -- zlib JSON list of the sentences
    PRIMARY KEY (analysis, chunk)
) WITHOUT ROWID;
