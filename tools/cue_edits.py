"""Cue-word edits for the merge tools: `headword kind gloss add remove` rows (TAB-separated, no
header) that change the cue words of one sense of a glossary entry or a phrase-list expression.

The words of `add` are added, up to `MAX_CUES` per sense counted by stem (*price* and *prices*
take one place); function words (they count only right after the headword,
`studyterm.analysis.senses`), the headword itself and another form of a cue the sense already has
are not: the first two are no evidence, and the analysis meets every form of a cue by its stem,
so a second form adds no evidence of its own. The words of `remove` are deleted, but for forms of
the headword: the word as written is evidence (*stakes* for 利害关系).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from studyterm.analysis.senses import _NEIGHBOUR_ONLY, _stem

MAX_CUES = 20  # 14 until round 86: most reviewers' cues to busy senses were being refused


@dataclass(frozen=True)
class CueEdit:
    head: str
    kind: str  # part of speech for the glossary, kind for the phrase list
    gloss: str  # the sense, as its gloss
    add: tuple[str, ...]
    remove: frozenset[str]

    def apply(self, cues: str, word: str = r"[a-z][a-z'-]*") -> str:
        """`cues` edited; only added words that fully match `word` (a file's rule for cues)."""
        kept = [c for c in cues.split() if c not in self.remove or c.startswith(self.head.lower())]
        stems = {_stem(c) for c in kept}
        full: list[str] = []
        for added in self.add:
            own = added in self.head.lower().split() or added in _NEIGHBOUR_ONLY
            if re.fullmatch(word, added) and _stem(added) not in stems and not own:
                if len(stems) < MAX_CUES:
                    kept.append(added)
                    stems.add(_stem(added))
                else:
                    full.append(added)
        if full:  # said, so that the editor swaps a weaker cue out by hand
            said = f"{self.head} {self.gloss}: {MAX_CUES} cues already, not added: {' '.join(full)}"
            print(said, file=sys.stderr)
        return " ".join(kept)


def read_edits(paths: list[str]) -> Iterator[tuple[str, int, CueEdit]]:
    """(path, line number, edit) of each row of `paths`."""
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            fields = [f.strip() for f in line.split("\t")] + [""] * 5
            head, kind, gloss = fields[0], fields[1], fields[2]
            add = tuple(w for w in fields[3].lower().split() if re.fullmatch(r"[a-z][a-z'-]*", w))
            yield path, n, CueEdit(head, kind, gloss, add, frozenset(fields[4].lower().split()))


def no_sense(path: str, n: int, edit: CueEdit) -> None:
    print(f"{path}:{n}: no single sense {edit.head} {edit.kind} {edit.gloss}", file=sys.stderr)
