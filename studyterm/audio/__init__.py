"""Audio beside the text: attaching files, forced alignment, players, sentence clips."""
