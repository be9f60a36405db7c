-- How far the learner has read each episode: the furthest position ever at the bottom of the
-- view (so the library can show "% read"), and when the episode was last opened.
ALTER TABLE reading_state ADD COLUMN read_segment INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reading_state ADD COLUMN read_offset INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reading_state ADD COLUMN opened_at TEXT;
