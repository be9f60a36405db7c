-- Imported dictionaries (ECDICT, StarDict, a teacher's TSV list) and their entries. They are
-- looked up after the built-in glossary, in the order of `position`. The primary keys are the
-- look-up indexes: (dict_id, headword, pos) for entries, (dict_id, form) for inflections.
CREATE TABLE dictionaries (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,          -- what `studyterm dict` commands call it
    kind        TEXT NOT NULL,                 -- ecdict, stardict or tsv
    source      TEXT,                          -- the file or URL it was imported from
    entries     INTEGER NOT NULL DEFAULT 0,
    position    INTEGER NOT NULL,              -- look-up order among imported ones, 1 first
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE dict_entries (
    dict_id     INTEGER NOT NULL REFERENCES dictionaries (id) ON DELETE CASCADE,
    headword    TEXT NOT NULL,                 -- lower case, single spaces: the look-up key
    pos         TEXT NOT NULL DEFAULT '',      -- coarse POS (NOUN, VERB ...) or '' for any POS
    word        TEXT NOT NULL,                 -- as the dictionary spells it
    phonetic    TEXT,
    definition  TEXT,                          -- English, one sense a line
    translation TEXT,                          -- Chinese gloss, one sense a line
    tags        TEXT NOT NULL DEFAULT '',      -- space-separated, e.g. CET-6 考研 Collins-3
    exchange    TEXT,                          -- ECDICT inflections, e.g. p:took/d:taken/3:takes
    PRIMARY KEY (dict_id, headword, pos)
) WITHOUT ROWID;

-- word form -> lemma, from ECDICT's exchange field (and StarDict .syn files)
CREATE TABLE dict_inflections (
    dict_id INTEGER NOT NULL REFERENCES dictionaries (id) ON DELETE CASCADE,
    form    TEXT NOT NULL,                     -- lower case
    lemma   TEXT NOT NULL,                     -- a headword of the same dictionary
    PRIMARY KEY (dict_id, form, lemma)
) WITHOUT ROWID;
