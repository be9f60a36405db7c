-- Spaced review: one FSRS card per item under review, and the log of every rating.
-- `card` is the scheduler's own state (the fsrs package's Card as JSON), kept whole so the
-- library never re-derives it. `due` and `stability` are copied out of it for queries.
CREATE TABLE review_cards (
    lemma      TEXT PRIMARY KEY,               -- lower-case lemma or phrase (as word_status)
    card       TEXT NOT NULL,                  -- fsrs Card.to_dict() as JSON
    due        TEXT NOT NULL,                  -- ISO UTC datetime
    stability  REAL,                           -- days, NULL before the first rating
    reps       INTEGER NOT NULL DEFAULT 0,     -- ratings given
    lapses     INTEGER NOT NULL DEFAULT 0,     -- Again on an item past its learning steps
    shown      INTEGER NOT NULL DEFAULT 0,     -- cards shown: rotates sentences and direction
    graduated  INTEGER NOT NULL DEFAULT 0,     -- 1 while review (not the learner) made it known
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE INDEX review_cards_due ON review_cards (due);

CREATE TABLE review_log (
    id            INTEGER PRIMARY KEY,
    lemma         TEXT NOT NULL,
    rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),   -- Again, Hard, Good, Easy
    reviewed_at   TEXT NOT NULL,                -- ISO UTC datetime
    duration_ms   INTEGER,
    direction     TEXT NOT NULL CHECK (direction IN ('recognition', 'production')),
    first         INTEGER NOT NULL,             -- 1 when the item was new (first rating)
    due           TEXT NOT NULL,                -- the next due date this rating gave
    stability     REAL,
    state         INTEGER NOT NULL,             -- fsrs State after: 1 learning, 2 review, 3 relearning
    card_before   TEXT,                         -- the review_cards row before, as JSON (undo)
    status_before TEXT                          -- the word's status before (undo)
);

CREATE INDEX review_log_time ON review_log (reviewed_at);

-- Learning has stages 1 to 4 (as in Lute and LingQ): set by the learner or moved by the review
-- as the word's FSRS stability grows. NULL for a word not being learnt (and read as 1 when it is).
ALTER TABLE word_status ADD COLUMN stage INTEGER CHECK (stage BETWEEN 1 AND 4);

ALTER TABLE review_log ADD COLUMN stage_before INTEGER
