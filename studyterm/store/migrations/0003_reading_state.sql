-- Where the learner stopped reading each episode, so reopening it restores the view.
-- Positions are (segment index, character offset) in the episode's text, not screen lines, so
-- they survive a different terminal width. Rows go with their episode.
CREATE TABLE reading_state (
    episode_id       TEXT PRIMARY KEY REFERENCES episodes(id) ON DELETE CASCADE,
    top_segment      INTEGER NOT NULL DEFAULT 0,   -- first segment visible at the top
    top_offset       INTEGER NOT NULL DEFAULT 0,   -- character offset in it
    selected_segment INTEGER,                      -- the selected word's occurrence, or NULL
    selected_start   INTEGER,
    selected_end     INTEGER,
    updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
