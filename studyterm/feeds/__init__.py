"""Podcast feeds: subscribe, update, and import the episodes' transcripts (RSS 2.0 and Atom).

`parse` reads a feed (refusing entity bombs), `notes` turns show notes into text, `transcripts`
reads Podcasting 2.0 transcript links, and `subscribe` tells what of a feed the library has not
handled; downloads go through `studyterm.downloads`, within limits. The import itself (analysis,
storing, the loop over feeds) is the orchestrator's: `studyterm.pipeline_feeds`.
"""
