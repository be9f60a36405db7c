"""Lexicon: Chinese glosses, English definitions, pronunciations and tags for vocabulary items.

Providers are queried in order; the first that knows a word answers. Today: the built-in
glossary and the phrase list, both authored by us and shipped as package data.
"""

from studyterm.lexicon.lookup import Entry, Lexicon, enrich

__all__ = ["Entry", "Lexicon", "enrich"]
