"""What studyterm lists for a text, for a reviewer: every advanced item (as `studyterm vocab`
lists it for a CET-6 learner at 5000 word families), its level, its senses, and for each
occurrence the sentence and the sense shown FIRST there (what a learner sees).

    python tools/review/show.py TEXT.txt > OURS.txt
"""

from __future__ import annotations

import sys

from studyterm.analysis.learner import Learner, parse_level
from studyterm.analysis.nlp import load_nlp
from studyterm.analysis.vocab import Analyzer
from studyterm.ingest import load_episode
from studyterm.lexicon.lookup import Lexicon, enrich

path = sys.argv[1]
episode = load_episode(path)
analysis = Analyzer(load_nlp()).analyse(episode)
learner = Learner(level=parse_level("5000"))
items = [i for i in analysis.items if learner.is_advanced(i)]
enrich(items, Lexicon())
print(f"# {len(items)} items listed for {path}")
for n, item in enumerate(items, 1):
    kind = "PHRASE" if item.is_phrase else item.pos
    senses = getattr(item, "senses", None) or []
    forms = ", ".join(sorted(item.forms)) if getattr(item, "forms", None) else ""
    print(f"\n[{n}] {item.lemma}  {kind}  level {item.cefr}  forms: {forms}")
    print(
        "    senses: "
        + (" | ".join(f"{k + 1}. {s.gloss}" for k, s in enumerate(senses)) if senses else repr(item.gloss))
    )
    for occ in item.occurrences[:4]:
        shown = item.sense_order(occ)[0].gloss if senses else item.gloss
        s = occ.sentence
        marked = s[: occ.sent_start] + "<<" + s[occ.sent_start : occ.sent_end] + ">>" + s[occ.sent_end :]
        print(f"    - shown {shown}: {marked}")
