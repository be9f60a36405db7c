"""Review: FSRS scheduling of the learner's words, the review session and its log, daily limits,
the placement test and known words imported from elsewhere. Plain Python: no Textual here."""
