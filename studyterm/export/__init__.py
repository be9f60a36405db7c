"""Exporters: Anki decks, vocabulary lists, worksheets (plain Python, no UI)."""
