"""Every item of each text (all items, not only advanced) with the sense shown first at each
occurrence, one line each: file, lemma, POS, level, sense shown, sentence with the item marked.

    PYTHONPATH=CHECKOUT python tools/review/sense_dump.py OUT.tsv TEXT ...

Run it on the old checkout and the new one and compare the two files line by line."""

from __future__ import annotations

import sys

from studyterm.analysis.nlp import load_nlp
from studyterm.analysis.vocab import Analyzer
from studyterm.ingest import load_episode
from studyterm.lexicon.lookup import Lexicon, enrich

an = Analyzer(load_nlp())
lex = Lexicon()
lines = []
for path in sys.argv[2:]:
    analysis = an.analyse(load_episode(path))
    items = list(analysis.items)
    enrich(items, lex)
    for item in items:
        senses = getattr(item, "senses", None) or []
        for occ in item.occurrences:
            shown = item.sense_order(occ)[0].gloss if senses else item.gloss
            s, a, b = occ.sentence, occ.sent_start, occ.sent_end
            marked = f"{s[:a]}<<{s[a:b]}>>{s[b:]}"
            lines.append(f"{path}\t{item.lemma}\t{item.pos}\t{item.cefr}\t{shown}\t{marked}\n")
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.writelines(lines)
