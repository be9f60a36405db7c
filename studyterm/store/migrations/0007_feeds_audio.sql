-- Podcast feeds the learner follows, the items seen in them, and audio attached to episodes.
CREATE TABLE feeds (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,           -- what `studyterm feed` commands call it
    source     TEXT NOT NULL UNIQUE,           -- the feed's URL or file
    title      TEXT NOT NULL,
    added_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT
);

-- One row per feed item handled: imported (with its episode) or listed without a transcript.
-- Items whose transcript could not be fetched get no row, so the next update tries them again.
CREATE TABLE feed_items (
    feed_id        INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    guid           TEXT NOT NULL,
    title          TEXT NOT NULL,
    published      TEXT,
    state          TEXT NOT NULL CHECK (state IN ('imported', 'no transcript')),
    episode_id     TEXT,                       -- the episode imported from it (no FK: an
                                               -- episode deleted later leaves the item seen)
    transcript_url TEXT,
    audio_url      TEXT,
    audio_type     TEXT,
    audio_length   INTEGER,
    seen_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (feed_id, guid)
);

-- An episode's audio file (in the library folder) and where it came from.
CREATE TABLE episode_audio (
    episode_id TEXT PRIMARY KEY REFERENCES episodes (id) ON DELETE CASCADE,
    path       TEXT NOT NULL,                  -- relative to the library folder
    source     TEXT NOT NULL,                  -- the file or URL it was attached from
    added_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The time of each sentence of an episode in its audio: from the transcript's own times, from
-- forced alignment, or (marked `estimated`) spread in proportion to length as a last resort.
-- Sentences are character spans of the episode's segments.
CREATE TABLE sentence_times (
    episode_id TEXT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    segment    INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end   INTEGER NOT NULL,
    start_s    REAL NOT NULL,                  -- seconds
    end_s      REAL NOT NULL,
    method     TEXT NOT NULL CHECK (method IN ('transcript', 'aligned', 'estimated')),
    PRIMARY KEY (episode_id, idx)
) WITHOUT ROWID
