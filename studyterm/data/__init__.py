"""Runtime data shipped with studyterm: the glossary and the phrase list (authored by us)."""
