-- What studyterm last put in each Anki note, so a later export changes a note only when its
-- content changed. Anki updates a note on import only when the package's copy is newer than its
-- own: `modified` is when the note's content (fields and tags, hashed in `digest`) last changed,
-- so an unchanged note keeps its old time and Anki keeps the learner's edits, tags and flags.
-- `cards` are the card types ever enabled on the note (never switched off again unless asked);
-- `example` the example sentence first chosen (JSON: episode id, segment, spans, sentence);
-- `tags` the episode and podcast tags the note has carried (JSON list), so exporting one
-- episode at a time keeps the others' tags.
CREATE TABLE anki_notes (
    lemma    TEXT NOT NULL,
    pos      TEXT NOT NULL,
    digest   TEXT NOT NULL,
    modified INTEGER NOT NULL,              -- Unix seconds
    cards    TEXT NOT NULL DEFAULT '',      -- comma-separated card types
    example  TEXT,
    tags     TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (lemma, pos)
);
