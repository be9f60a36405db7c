-- The first schema: episodes, cached analyses, the learner's word statuses and settings.
CREATE TABLE episodes (
    id           TEXT PRIMARY KEY,      -- content-derived (Episode.id)
    content_hash TEXT NOT NULL,
    title        TEXT NOT NULL,
    podcast      TEXT,
    published    TEXT,                  -- ISO date or NULL
    format       TEXT NOT NULL,
    source       TEXT,
    imported_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    data         TEXT NOT NULL          -- Episode.to_json()
);

CREATE TABLE analyses (
    content_hash TEXT NOT NULL,
    version      TEXT NOT NULL,         -- analysis version: code, model and phrase list
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    data         BLOB NOT NULL,         -- zlib-compressed Analysis JSON
    PRIMARY KEY (content_hash, version)
);

CREATE TABLE word_status (
    lemma      TEXT PRIMARY KEY,        -- lower-case lemma or phrase
    status     TEXT NOT NULL CHECK (status IN ('new', 'learning', 'known', 'ignored')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
