"""Podcast feeds: subscribe, update, and import the episodes' transcripts (RSS 2.0 and Atom).

`parse` reads a feed (refusing entity bombs), `notes` turns show notes into text, `transcripts`
reads Podcasting 2.0 transcript links, and `subscribe` ties them to the library; downloads go
through `studyterm.downloads`, within limits.
"""
