"""Benchmark: a 5,000-note Anki deck built by studyterm against the bare genanki calls, as a ratio.

What it measures, side by side in one run (interleaved rounds, median of each):

A. studyterm  - `export.anki.export_deck(words, path)`: fields escaped and assembled, every form
                of the word blanked on fronts, tags sanitised, GUIDs derived, decks named, the
                .apkg written via a temporary name and renamed.
B. bare       - the genanki calls a script would make for the same notes: one `genanki.Model`
                with the same fields, templates and CSS, one `genanki.Deck`, `genanki.Note(...)`
                per word with the same fields, tags and GUID made by plain inline code,
                `Package.write_to_file(path)`. The script checks that both packages hold the
                same notes and cards.

Both make the same 5,000 notes and 10,000 cards (recognition + production), as VocabItems of one
timed episode, so no spaCy is needed. The words are real English words from wordfreq's list, a
share of them words lemminflect's dictionary has (2,000 a round: their forms come from it, as
in a real deck; the others get the regular rules), each in a news sentence of its own, with a
definition that has "of" in it (as many do: studyterm then looks for inflection notes). Every
round gets words of its own (the same on both sides; the list has enough for about 11 rounds of
5,000): a round that met the same words before would time warm per-word caches that a real
export of new words never has. studyterm's note type is made afresh each round too, as the bare
side's is.

Both packages are written in a folder in memory (/dev/shm when there is one; `--dir` to choose):
on a disk, the time goes to waiting for its syncs, and the two sides sync different files
(genanki its scratch database, studyterm the finished .apkg), so the ratio would compare disks,
not the work done.

Both packages are read back after the last round and compared: the same notes (guid,
modification time, fields, tags), the same number of fields in each and the same cards.

Printed: notes, cards, whether both made the same notes, file sizes, median wall-clock and CPU
times, and the ratios studyterm / bare of the medians (target <= 1.2 on wall-clock time). The CPU
ratio (this process's CPU time) is printed beside it because it is far less disturbed when other
work shares the machine.
Absolute times are noisy on a shared machine; only the ratio is meant to be compared.
It is a report, not a test: the exit status is 0 even when the target is missed.

Run from the repository root:
    /work/venv/bin/python benchmarks/anki.py [--notes N] [--rounds N] [--dir DIR]
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from studyterm.export import anki  # noqa: E402
from studyterm.model import Episode, Occurrence, Segment, VocabItem  # noqa: E402

FRAMES = [
    "Officials said the {w} would shape talks between the two sides & their partners.",
    "Analysts called the {w} a <key> test for the region's economy.",
    "The report described a {w} that few had expected before the summit.",
    "Both leaders stressed the {w} of trade, investment and energy cooperation.",
]
GLOSSES = ["多边主义", "振兴；复兴", "坚定的", "拖延", "谈判代表", "暂定的", "重申", "代表团"]
KNOWN_SHARE = 0.4  # of each round's words: lemmas in lemminflect's dictionary
POSES = ("NOUN", "VERB", "ADJ")


def vocabulary(notes: int, rounds: int) -> list[list[tuple[str, str]]]:
    """Each round's (lemma, POS) pairs: real words from wordfreq's English list, shuffled
    (seeded), no word in two rounds. Dictionary lemmas get a POS the dictionary has them as;
    other words a seeded random one; forms of other lemmas (*tariffs*) are left out, and so
    are words that could be forms of the sentences' own words (both sides must make the same
    notes, and studyterm blanks every form of the word)."""
    import lemminflect
    from wordfreq import top_n_list

    frame_words = {w.lower() for f in FRAMES for w in re.findall(r"[A-Za-z]+", f)}
    frame_lemmas = {
        lemma for w in frame_words for lemmas in lemminflect.getAllLemmas(w).values() for lemma in lemmas
    }
    prefixes = {w[:3] for w in frame_words}
    rng = random.Random(0)
    words = [
        w
        for w in top_n_list("en", 400_000)
        if w.isascii()
        and w.isalpha()
        and w.islower()
        and len(w) >= 4
        and w[:3] not in prefixes
        and w not in frame_lemmas
    ]
    rng.shuffle(words)
    want_known = round(notes * KNOWN_SHARE)
    known: list[tuple[str, str]] = []
    other: list[tuple[str, str]] = []
    for word in words:
        if len(known) >= want_known * rounds and len(other) >= (notes - want_known) * rounds:
            break
        lemmas = lemminflect.getAllLemmas(word)
        if not lemmas:
            other.append((word, rng.choice(POSES)))
        elif poses := [p for p in POSES if word in lemmas.get(p, ())]:
            known.append((word, rng.choice(poses)))
    if len(known) < want_known * rounds or len(other) < (notes - want_known) * rounds:
        raise SystemExit(f"not enough words in the list for {rounds} rounds of {notes} notes")
    return [
        known[r * want_known : (r + 1) * want_known]
        + other[r * (notes - want_known) : (r + 1) * (notes - want_known)]
        for r in range(rounds)
    ]


def make_words(pairs: list[tuple[str, str]], seed: int = 0) -> tuple[Episode, list[VocabItem]]:
    rng = random.Random(seed)
    segments, items = [], []
    for i, (lemma, pos) in enumerate(sorted(pairs)):
        sentence = rng.choice(FRAMES).format(w=lemma)
        start = sentence.index(f" {lemma} ") + 1
        segments.append(Segment(sentence, start=i * 4.0, end=i * 4.0 + 3.5))
        rank = rng.randint(5001, 60000)
        items.append(
            VocabItem(
                lemma=lemma,
                pos=pos,
                forms=[lemma],
                count=1,
                rank=rank,
                zipf=2.5,
                band=f"K{min(rank // 1000 + 1, 10)}" if rank < 10000 else "off-list",
                cefr=rng.choice(["B2", "C1", "C2"]),
                cefr_source="frequency",
                occurrences=[Occurrence(i, start, start + len(lemma), sentence, start, start + len(lemma))],
                gloss=rng.choice(GLOSSES),
                definition=f"a word of the news, number {i}",
            )
        )
    episode = Episode(
        title="Benchmark episode: trade & talks",
        segments=segments,
        podcast="China Daily Podcast",
        published=date(2025, 6, 17),
    )
    return episode, items


def studyterm_deck(episode: Episode, items: list[VocabItem], path: Path) -> int:
    anki.model.cache_clear()  # the note type made afresh, as bare_deck makes its own
    words = anki.gather([(episode, items)])
    return anki.export_deck(words, path, timestamp=1_750_000_000.0).cards


def bare_deck(episode: Episode, items: list[VocabItem], path: Path) -> int:
    """The same notes (fields, tags, GUIDs) with plain code: what a script calling genanki does."""
    import html

    import genanki

    model = genanki.Model(
        anki.MODEL_ID,
        anki.MODEL_NAME,
        fields=[{"name": f} for f in anki.FIELDS],
        templates=[{"name": n, "qfmt": q, "afmt": a} for n, q, a in anki.TEMPLATES],
        css=anki.CSS,
    )
    deck = genanki.Deck(2059400110, "studyterm")

    def esc(text: str) -> str:
        return (
            html.escape(text, quote=False)
            .replace("[", "&#91;")
            .replace("]", "&#93;")
            .replace("{", "&#123;")
            .replace("}", "&#125;")
        )

    labels = {"NOUN": "n.", "VERB": "v.", "ADJ": "adj."}

    base = esc(f"{episode.podcast} — {episode.title} — {episode.published}")
    tags = ["studyterm", "podcast::China_Daily_Podcast", "episode::Benchmark_episode:_trade_talks"]
    # new cards in frequency order, as studyterm sets them (every word here has a rank)
    for due, item in enumerate(sorted(items, key=lambda i: i.rank or 0)):
        occ = item.occurrences[0]
        s, a, b = occ.sentence, occ.sent_start, occ.sent_end
        start = episode.segments[occ.segment].start or 0
        lemma = esc(item.lemma)
        definition = esc(item.definition or "")
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[
                    lemma,
                    lemma,
                    labels[item.pos],
                    "",
                    esc(item.gloss or ""),
                    definition,
                    definition,
                    f"{esc(s[:a])}<b>{esc(s[a:b])}</b>{esc(s[b:])}",
                    f"{esc(s[:a])}{anki.BLANK}{esc(s[b:])}",
                    "",
                    f"{base} @ {int(start) // 60}:{int(start) % 60:02d}"
                    if start < 3600
                    else f"{base} @ {int(start) // 3600}:{int(start) // 60 % 60:02d}:{int(start) % 60:02d}",
                    item.cefr,
                    f"{item.band} · #{item.rank:,}",
                    str(item.rank),
                    "",
                    "",
                    "y",
                    "y",
                    "",
                ],
                tags=[tags[0], f"level::{item.cefr}", f"band::{item.band}", *tags[1:]],
                guid=genanki.guid_for(anki.GUID_NAMESPACE, item.lemma, item.pos),
                due=due,
            )
        )
    package = genanki.Package(deck)
    package.write_to_file(str(path), timestamp=1_750_000_000.0)
    return sum(len(n.cards) for n in deck.notes)


def notes_of(apkg: Path) -> list[tuple[str, int, str, str]]:
    """(guid, modification time, fields, tags) of every note in a package, to check both sides
    made the same notes."""
    return anki.package_notes(apkg)


def cards_of(apkg: Path) -> list[tuple[str, int, int]]:
    """(note guid, template, due) of every card in a package, read from the file."""
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(apkg) as z:
        z.extract("collection.anki2", tmp)
        conn = sqlite3.connect(Path(tmp) / "collection.anki2")
        try:
            return sorted(
                conn.execute("SELECT n.guid, c.ord, c.due FROM cards c JOIN notes n ON n.id = c.nid")
            )
        finally:
            conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path("/dev/shm") if Path("/dev/shm").is_dir() else None,
        help="where the packages are written (default: /dev/shm)",
    )
    args = parser.parse_args()
    rounds_words = vocabulary(args.notes, args.rounds + 1)

    import genanki  # noqa: F401  (loaded before timing, as both sides use it)

    names = ("studyterm", "bare")
    wall: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory(prefix="studyterm-bench-", dir=args.dir) as tmp:
        # genanki's write_to_file leaves its scratch database in the temp folder: keep it in ours
        tempfile.tempdir = tmp
        out = Path(tmp)
        cards = {"studyterm": 0, "bare": 0}
        runs = {"studyterm": studyterm_deck, "bare": bare_deck}
        for round_no in range(args.rounds + 1):  # round 0 warms up and is not counted
            # words of its own for each round, made before timing (only this round's are kept,
            # as a real export holds only its own words)
            episode, items = make_words(rounds_words[round_no], seed=round_no)
            for name in names if round_no % 2 == 0 else reversed(names):
                gc.collect()
                w0, c0 = time.perf_counter(), time.process_time()
                cards[name] = runs[name](episode, items, out / f"{name}.apkg")
                w1, c1 = time.perf_counter(), time.process_time()
                if round_no:
                    wall[name].append(w1 - w0)
                    cpu[name].append(c1 - c0)
        sizes = {name: (out / f"{name}.apkg").stat().st_size for name in runs}
        notes = {name: notes_of(out / f"{name}.apkg") for name in names}
        fields = {name: {len(n[2].split("\x1f")) for n in notes[name]} for name in names}
        same = (
            notes["studyterm"] == notes["bare"]
            and len(notes["bare"]) == args.notes
            and fields["studyterm"] == fields["bare"] == {len(anki.FIELDS)}
        )
        same_cards = cards_of(out / "studyterm.apkg") == cards_of(out / "bare.apkg")
        tempfile.tempdir = None

    print(
        f"notes: {args.notes}   cards: studyterm {cards['studyterm']}, bare {cards['bare']}   "
        f"written in: {args.dir or tempfile.gettempdir()}"
    )
    print(
        f"same notes (guid, mod, fields, tags; {len(anki.FIELDS)} fields each) on both sides: "
        f"{'yes' if same else 'NO'}; same cards (note, template, due): "
        f"{'yes' if same_cards else 'NO'}"
    )
    print(f"file size: studyterm {sizes['studyterm'] / 1e6:.2f} MB, bare {sizes['bare'] / 1e6:.2f} MB")
    ratios = {}
    for label, times in (("wall", wall), ("cpu", cpu)):
        med = {name: statistics.median(times[name]) for name in names}
        for name in names:
            print(
                f"{label:>4} {name:>9}: median {med[name] * 1000:7.1f} ms over {args.rounds} "
                f"rounds ({', '.join(f'{t * 1000:.0f}' for t in times[name])})"
            )
        ratios[label] = med["studyterm"] / med["bare"]
    verdict = "meets" if ratios["wall"] <= 1.2 else "MISSES"
    print(
        f"ratio studyterm / bare genanki (medians): wall {ratios['wall']:.2f}, "
        f"cpu {ratios['cpu']:.2f}  (wall {verdict} the target <= 1.2)"
    )


if __name__ == "__main__":
    main()
