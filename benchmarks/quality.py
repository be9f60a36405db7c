"""Score the word lists against the gold set in benchmarks/gold/ (see its README).

    python benchmarks/quality.py [--level 5000] [--tuning] [--misses] [--annotators]

For each text the analysis runs as `studyterm vocab` does (real spaCy, the built-in glossary and
phrase list, a learner at --level with no statuses), and its list of advanced items is compared
with the teacher's list (`NN-*.gold.tsv`, or the first annotation `NN-*.A.tsv` while no
adjudicated file exists). It prints, for the tuning texts and the held-aside texts side by side:

* precision — listed items that are on the gold list (items the annotators marked optional are
  left out of the count);
* recall — gold items that are listed, words and expressions separately (a listed participle
  adjective counts for its verb: *renovated* for *renovate*; an expression matches when the words
  of one, slots such as sb/sth set aside, are a subsequence of the other's);
* gloss coverage — listed items that have a Chinese gloss;
* wrong sense first — for listed gold items, the sense shown first for the occurrence the gold
  row quotes does not fit the teacher's Chinese sense. Fit is judged by shared Chinese
  characters (function characters such as 的 地 性 ignored; a rendering made of such characters
  only, 不大的, fits a gloss that has all of them): lenient, so it undercounts errors
  where two glosses share a character, and overcounts where a teacher chose an unrelated synonym;
  `--misses` lists the cases of the tuning texts for a person to check.

`--annotators` also scores each annotator's own list (`NN-*.A.tsv`, `NN-*.B.tsv`) against the
adjudicated list the same way: what one teacher's judgement reaches. It flatters them (the
adjudicated list was made from their two lists), so it is a reference, not a ceiling.

`--misses` never prints anything of the held-aside texts: nobody tuning reads them.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# --code DIR scores another checkout's analysis (e.g. the last release) on the same gold set
_CODE = Path(sys.argv[sys.argv.index("--code") + 1]) if "--code" in sys.argv else ROOT
sys.path.insert(0, str(_CODE))

from studyterm.analysis.inflect import bases_of  # noqa: E402
from studyterm.analysis.learner import Learner, parse_level  # noqa: E402
from studyterm.model import VocabItem  # noqa: E402

GOLD = ROOT / "benchmarks" / "gold"
HELD_ASIDE = {3, 6, 9, 12, 15, 18, 21, 24, 27, 30}  # decided before any text was written
_SLOTS = {"a", "an", "the", "sb", "sth", "one's", "someone", "something", "oneself", "somebody", "sb's"}
_STOP_CHARS = set(
    "的地得了着之性化者人使被进行有一不是在和与对等做为出上下大小中所可于以而其及或也很到把让给"
    "从向将自这那个些会能要去来过起开成某…（）()；;，,、/ "
)
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class GoldRow:
    item: str
    pos: str
    sense_zh: str
    evidence: str
    optional: bool


@dataclass
class Tally:
    listed: int = 0
    listed_gold: int = 0
    listed_optional: int = 0
    gold_words: int = 0
    found_words: int = 0
    gold_exprs: int = 0
    found_exprs: int = 0
    glossed: int = 0
    senses_checked: int = 0
    senses_wrong: int = 0
    texts: int = 0
    false_pos: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in (
            "listed",
            "listed_gold",
            "listed_optional",
            "gold_words",
            "found_words",
            "gold_exprs",
            "found_exprs",
            "glossed",
            "senses_checked",
            "senses_wrong",
            "texts",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.false_pos += other.false_pos
        self.missed += other.missed
        self.wrong += other.wrong


def _phrase_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in text.lower().replace("-", " ").split() if w not in _SLOTS)


@cache
def _word_forms(word: str) -> frozenset[str]:
    """A word and its dictionary lemmas: gold may cite an expression inflected (*be taken
    aback*) where the list has its citation form (*take aback*)."""
    from lemminflect import getAllLemmas

    return frozenset({word, *(lemma for lemmas in getAllLemmas(word).values() for lemma in lemmas)})


def _expr_match(gold: str, ours: str) -> bool:
    g, o = _phrase_words(gold), _phrase_words(ours)
    if g == o:
        return True
    short, long_ = (g, o) if len(g) <= len(o) else (o, g)
    if len(short) < 2:
        return False
    it = iter([_word_forms(w) for w in long_])
    # the shorter is a subsequence of the longer, word forms aside
    return all(any(_word_forms(w) & forms for forms in it) for w in short)


def read_gold(path: Path) -> list[GoldRow]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not (row.get("item") or "").strip():
                continue
            rows.append(
                GoldRow(
                    row["item"].strip().lower(),
                    (row.get("pos") or "").strip().upper(),
                    (row.get("sense_zh") or "").strip(),
                    (row.get("evidence") or "").strip(),
                    (row.get("optional") or "").strip().lower() in ("y", "yes", "1"),
                )
            )
    return rows


def gold_file(text: Path) -> Path | None:
    for suffix in (".gold.tsv", ".A.tsv"):
        cand = text.with_name(text.stem + suffix)
        if cand.exists():
            return cand
    return None


def _fits(shown: str | None, gold: str) -> bool:
    if not shown:
        return False
    shown_all = {c for c in shown if _HAN.match(c)}
    shown_chars = shown_all - _STOP_CHARS
    for rendering in re.split(r"[；;/]", gold):
        rendering_all = {c for c in rendering if _HAN.match(c)}
        chars = rendering_all - _STOP_CHARS
        if chars & shown_chars:
            return True
        # a rendering made only of common characters (不大的) fits when the gloss has them all
        if not chars and rendering_all and rendering_all <= shown_all:
            return True
    return False


def _occurrence_for(item: VocabItem, evidence: str):  # type: ignore[no-untyped-def]
    ev = " ".join(evidence.split()).lower()
    for occ in item.occurrences:
        if ev and ev in " ".join(occ.sentence.split()).lower():
            return occ
    return item.occurrences[0]


def _matches(row: GoldRow, item: VocabItem) -> bool:
    if row.pos == "EXPR" or " " in row.item:
        return item.is_phrase and _expr_match(row.item, item.lemma)
    if item.is_phrase:
        return False
    if row.item == item.lemma or row.item in item.forms:
        return True
    # a participle adjective and its verb are one word to teach (*renovated* ~ *renovate*)
    return item.pos == "ADJ" and item.lemma.endswith(("ed", "ing")) and row.item in bases_of(item.lemma)


def score_text(text: Path, gold_path: Path, learner: Learner, analyser, lexicon) -> Tally:  # type: ignore[no-untyped-def]
    from studyterm.ingest import load_episode
    from studyterm.lexicon.lookup import enrich

    episode = load_episode(text)
    analysis = analyser.analyse(episode)
    items = [i for i in analysis.items if learner.is_advanced(i)]
    enrich(items, lexicon)
    gold = read_gold(gold_path)
    t = Tally(texts=1)
    name = text.stem
    for item in items:
        rows = [r for r in gold if _matches(r, item)]
        t.listed += 1
        t.glossed += bool(item.gloss)
        if rows and all(r.optional for r in rows):
            t.listed_optional += 1
        elif rows:
            t.listed_gold += 1
            for r in rows:
                occ = _occurrence_for(item, r.evidence)
                senses = getattr(item, "senses", None)
                shown = item.sense_order(occ)[0].gloss if senses else item.gloss
                t.senses_checked += 1
                if not _fits(shown, r.sense_zh):
                    t.senses_wrong += 1
                    t.wrong.append(f"{name}: {item.lemma} shows {shown!r}, gold {r.sense_zh!r}")
        else:
            t.false_pos.append(
                f"{name}: {item.lemma} {item.pos} {item.cefr}/{item.cefr_source}"
                f" d={getattr(item, 'difficulty', None)} gloss={item.gloss!r}"
            )
    _count_recall(t, gold, lambda r: any(_matches(r, i) for i in items), name)
    return t


def _count_recall(t: Tally, gold: list[GoldRow], found_by: Callable[[GoldRow], bool], name: str) -> None:
    """Gold items (optional ones aside) found or missed, words and expressions apart."""
    seen: set[tuple[str, str]] = set()
    for r in gold:
        if r.optional or (r.item, r.pos) in seen:
            continue
        seen.add((r.item, r.pos))
        found = found_by(r)
        if r.pos == "EXPR" or " " in r.item:
            t.gold_exprs += 1
            t.found_exprs += found
        else:
            t.gold_words += 1
            t.found_words += found
        if not found:
            t.missed.append(f"{name}: {r.item} {r.pos}")


def score_annotator(gold_path: Path, annotation: Path) -> Tally:
    """One annotator's own list scored against the adjudicated one, as the analysis is: how far
    a single teacher's judgement gets (the adjudicated list took items from both annotators)."""
    gold = read_gold(gold_path)
    own = read_gold(annotation)
    t = Tally(texts=1)

    def same(g: GoldRow, o: GoldRow) -> bool:
        if (g.pos == "EXPR" or " " in g.item) != (o.pos == "EXPR" or " " in o.item):
            return False
        if g.pos == "EXPR" or " " in g.item:
            return _expr_match(g.item, o.item)
        return g.item == o.item or g.item in _word_forms(o.item)

    listed: set[tuple[str, str]] = set()
    for o in own:
        if (o.item, o.pos) in listed:
            continue
        listed.add((o.item, o.pos))
        t.listed += 1
        rows = [g for g in gold if same(g, o)]
        if rows and all(g.optional for g in rows):
            t.listed_optional += 1
        elif rows:
            t.listed_gold += 1
    _count_recall(t, gold, lambda g: any(same(g, o) for o in own), annotation.stem)
    return t


def print_annotators(tuning_only: bool) -> None:
    """Precision and recall of each annotator's own list against the adjudicated list."""
    print("\n## one annotator's list against the adjudicated list (the same scoring)")
    print(f"{'':22}{'tuning':>28}{'held aside':>28}")
    for who in ("A", "B"):
        parts = {"tuning": Tally(), "held aside": Tally()}
        for text in sorted(GOLD.glob("[0-9][0-9]-*.txt")):
            gold, own = text.with_name(text.stem + ".gold.tsv"), text.with_name(f"{text.stem}.{who}.tsv")
            if not (gold.exists() and own.exists()):
                continue
            part = "held aside" if int(text.name[:2]) in HELD_ASIDE else "tuning"
            if tuning_only and part != "tuning":
                continue
            parts[part].add(score_annotator(gold, own))
        for label, fn in (
            ("precision", lambda t: _ratio(t.listed_gold, t.listed - t.listed_optional)),
            ("recall, words", lambda t: _ratio(t.found_words, t.gold_words)),
            ("recall, expressions", lambda t: _ratio(t.found_exprs, t.gold_exprs)),
        ):
            cells = [fn(parts[p]) if parts[p].texts else "-" for p in parts]
            print(f"{who + ': ' + label:22}{cells[0]:>28}{cells[1]:>28}")


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--level", default="5000")
    parser.add_argument("--code", help="the studyterm checkout to score (default: this one)")
    parser.add_argument(
        "--misses",
        action="store_true",
        help="list false positives, misses and wrong senses of the tuning texts",
    )
    parser.add_argument(
        "--tuning", action="store_true", help="score the tuning texts only (what to run while tuning)"
    )
    parser.add_argument(
        "--annotators",
        action="store_true",
        help="also score each annotator's own list against the adjudicated one (a human reference)",
    )
    args = parser.parse_args()

    from studyterm.analysis.nlp import load_nlp
    from studyterm.analysis.vocab import Analyzer
    from studyterm.lexicon.lookup import Lexicon

    started = time.perf_counter()
    analyser = Analyzer(load_nlp())
    lexicon = Lexicon()
    learner = Learner(level=parse_level(args.level))
    parts = {"tuning": Tally(), "held aside": Tally()}
    sources: dict[str, set[str]] = {"tuning": set(), "held aside": set()}
    for text in sorted(GOLD.glob("[0-9][0-9]-*.txt")):
        gold = gold_file(text)
        if gold is None:
            continue
        part = "held aside" if int(text.name[:2]) in HELD_ASIDE else "tuning"
        if args.tuning and part != "tuning":
            continue
        sources[part].add(gold.suffixes[-2].lstrip("."))
        parts[part].add(score_text(text, gold, learner, analyser, lexicon))

    rows = [
        ("texts", lambda t: str(t.texts)),
        ("gold lists used", lambda t: ""),
        ("precision", lambda t: _ratio(t.listed_gold, t.listed - t.listed_optional)),
        ("recall, words", lambda t: _ratio(t.found_words, t.gold_words)),
        ("recall, expressions", lambda t: _ratio(t.found_exprs, t.gold_exprs)),
        ("gloss coverage", lambda t: _ratio(t.glossed, t.listed)),
        ("wrong sense first", lambda t: _ratio(t.senses_wrong, t.senses_checked)),
    ]
    print(f"level {args.level}; {time.perf_counter() - started:.0f} s")
    print(f"{'':22}{'tuning':>28}{'held aside':>28}")
    for label, fn in rows:
        if label == "gold lists used":
            cells = [",".join(sorted(sources[p])) or "-" for p in parts]
        else:
            cells = [fn(parts[p]) if parts[p].texts else "-" for p in parts]
        print(f"{label:22}{cells[0]:>28}{cells[1]:>28}")
    if args.annotators:
        print_annotators(args.tuning)
    if args.misses:
        tuning = parts["tuning"]
        for title, lines in (
            ("listed, not gold", tuning.false_pos),
            ("gold, not listed", tuning.missed),
            ("sense shown first does not fit", tuning.wrong),
        ):
            print(f"\n## {title} ({len(lines)})")
            print("\n".join(lines))


if __name__ == "__main__":
    main()
