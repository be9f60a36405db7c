"""Analysis: spaCy + wordfreq + cefrpy turn an Episode's transcript into levelled vocabulary."""
