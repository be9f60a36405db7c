"""Review: scheduling of words for study (a later issue)."""
