"""Benchmark: studyterm's analysis and cached `vocab` against bare spaCy, as ratios.

What it measures, side by side in one run (interleaved rounds, median of each):

A. analysis      - `Analyzer.analyse(episode)` with the pipeline already loaded
                   (`pipeline.get_analyzer(None)`, i.e. spaCy with the parser replaced by senter).
B. bare spaCy    - `nlp.pipe(texts, batch_size=<studyterm's>)` over the same segment texts,
                   streamed, with a separate pipeline of the same model and the same components
                   studyterm runs (no parser, senter): like with like (see `bare.py`).
C. cached vocab  - `studyterm vocab ID --format json` run in-process (`cli.main`) on a temp library
                   into which the episode was imported once beforehand (the analysis is cached).

The transcript (>= 10,000 words) is built deterministically from the bundled sample episode plus
news-style sentences written here, recombined with `random.Random(0)`, and saved as a plain .txt
episode in a temp dir. The script also checks, in a fresh subprocess, that the cached `vocab` path
never imports spaCy.

Printed: words in the transcript, median times, and the ratios
    analysis / bare nlp.pipe      (target <= 1.15)
    cached vocab / bare nlp.pipe  (target <= 0.3)
Absolute times are noisy on a shared machine; only the ratios are meant to be compared.
It is a report, not a test: the exit status is 0 even when a target is missed.

Run from the repository root:
    /work/venv/bin/python benchmarks/analysis.py [--rounds N] [--profile]
`--profile` adds a cProfile summary of one `Analyzer.analyse` call.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import json
import os
import pstats
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

MIN_WORDS = 10_000
ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "episodes"

# News-style sentences of our own; {slots} are filled by the seeded RNG so repeats differ.
OWN_SENTENCES = [
    "The central bank left its benchmark interest rate unchanged on {day}, citing persistent "
    "inflation in services and a labour market that remains unexpectedly resilient.",
    "Officials in {city} said the new metro line would carry about {num},000 passengers a day "
    "once it is fully operational next year.",
    "Heavy rain has flooded large parts of the region, forcing authorities to evacuate more than "
    "{num} households and suspend train services.",
    "Analysts warned that the slowdown in manufacturing could weigh on exports in the coming "
    "quarter, although consumer spending has held up better than expected.",
    "The ministry announced a package of measures to support small businesses, including tax "
    "relief, cheaper loans and simplified procedures for obtaining permits.",
    "Scientists at a university in {city} have developed a battery that charges in minutes and "
    "retains most of its capacity after thousands of cycles.",
    "Negotiators from both sides met behind closed doors for nearly {num} hours but failed to "
    "reach an agreement on the disputed tariffs.",
    "The government insists that the reforms are necessary to keep the pension system "
    "sustainable as the population ages and the workforce shrinks.",
    "Farmers have complained that the prolonged drought has ruined much of this season's wheat "
    "harvest and pushed up the price of animal feed.",
    "According to preliminary figures, tourist arrivals rose by {num} percent in {month} compared "
    "with the same month last year.",
    "Critics argue that the proposal does little to address the underlying causes of the housing "
    "shortage, such as restrictive zoning rules and rising construction costs.",
    "The company said it would invest heavily in renewable energy, with plans to build several "
    "offshore wind farms along the coast by the end of the decade.",
    "Residents gathered outside the town hall in {city} to protest against the closure of the "
    "local hospital, which they say would leave thousands without emergency care.",
    "Researchers found that children who spend more time outdoors are less likely to develop "
    "short-sightedness, a condition that has become increasingly common.",
    "The football club confirmed on {day} that its head coach had stepped down after a "
    "disappointing run of results.",
    "Prices of fresh vegetables have climbed sharply in recent weeks, prompting the authorities "
    "to release reserves and crack down on hoarding.",
    "Experts say the agreement could pave the way for deeper cooperation in areas such as "
    "artificial intelligence, clean energy and public health.",
    "The airline expects passenger numbers to recover fully by {month}, helped by new routes and "
    "a gradual easing of visa requirements.",
    "Police have launched an investigation after a fire broke out in a warehouse on the outskirts "
    "of {city}, although no injuries were reported.",
    "The report highlights a widening gap between urban and rural incomes and calls for targeted "
    "investment in education and infrastructure.",
    "Shares in technology companies tumbled on {day} after a leading chipmaker cut its sales "
    "forecast for the rest of the year.",
    "Volunteers spent the weekend clearing plastic waste from beaches, collecting more than {num} "
    "kilograms of rubbish in just two days.",
    "The museum in {city} will reopen to the public in {month} after a lengthy renovation that "
    "restored its historic facade and expanded its exhibition space.",
    "Health officials urged elderly people to get vaccinated ahead of the winter flu season, "
    "which is expected to put hospitals under considerable strain.",
    "Lawmakers approved a bill on {day} that tightens rules on data privacy and imposes heavy "
    "fines on companies that mishandle personal information.",
    "The startup, founded only three years ago, has already attracted investment from several "
    "well-known venture capital firms.",
    "Demand for electric vehicles continues to grow, but carmakers say a shortage of charging "
    "stations is holding back sales in smaller towns.",
    "Rescue teams worked through the night to reach villagers stranded by the landslide, "
    "delivering food, water and medical supplies by helicopter.",
    "The festival drew crowds of around {num},000 people, who enjoyed traditional music, street "
    "food and a spectacular fireworks display over the river.",
    "Economists expect growth to pick up modestly next year, provided that global demand "
    "stabilises and energy prices do not spike again.",
    "Teachers' unions have threatened to strike unless the government agrees to raise salaries "
    "and reduce class sizes in overcrowded schools.",
    "A new survey suggests that a growing number of young people prefer to work remotely, even "
    "if it means accepting a slightly lower salary.",
    "The port handled a record volume of containers in {month}, reflecting a rebound in trade "
    "with neighbouring countries.",
    "Environmental groups welcomed the decision to protect the wetland, which is home to rare "
    "birds and serves as a natural barrier against floods.",
    "The minister acknowledged that progress had been slower than hoped but promised that the "
    "remaining projects would be completed on schedule.",
    "Engineers are testing a high-speed rail link between {city} and the coast, which would cut "
    "the journey time from five hours to under two.",
    "Officials stressed that the outbreak was under control and that the risk to the general "
    "public remained low.",
    "The agreement, signed in {city} on {day}, commits both countries to doubling bilateral "
    "trade over the next five years.",
    "Retail sales slipped unexpectedly in {month} as households cut back on spending on "
    "furniture, clothing and electronics.",
    "Archaeologists unearthed the remains of an ancient settlement, including pottery, tools and "
    "what appears to be a well-preserved wooden boat.",
    "The city council has pledged to plant {num},000 trees over the next decade to reduce "
    "summer temperatures and improve air quality.",
    "Several international observers praised the smooth conduct of the election, though "
    "opposition parties raised concerns about media coverage.",
    "Doctors warn that long working hours and a lack of exercise are contributing to a rise in "
    "heart disease among middle-aged adults.",
    "The exhibition showcases contemporary artists who explore themes of migration, memory and "
    "belonging through painting, sculpture and film.",
    "Manufacturers are increasingly relying on robots and automation to cope with labour "
    "shortages and rising wages.",
    "In a statement released on {day}, the organisation said it would review its safety "
    "procedures and cooperate fully with investigators.",
    "Sales of second-hand goods have soared as consumers look for cheaper and more sustainable "
    "alternatives to buying new products.",
    "The bridge, which took nearly {num} years to build, is expected to boost economic ties "
    "between communities on both sides of the river.",
    "Many commuters said they had switched to cycling after the city opened a network of "
    "protected bike lanes last spring.",
    "The delegation will also visit factories and research centres to explore opportunities for "
    "joint ventures in green technology.",
]
CITIES = [
    "Beijing",
    "Nairobi",
    "Lisbon",
    "Jakarta",
    "Toronto",
    "Almaty",
    "Lima",
    "Osaka",
    "Cairo",
    "Hamburg",
    "Melbourne",
    "Hanoi",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "April", "June", "August", "October", "November", "December"]

CHILD_CODE = """\
import contextlib, io, json, sys
from studyterm.cli import main
buf = io.StringIO()
code = 0
with contextlib.redirect_stdout(buf):
    try:
        main(["--library", sys.argv[1], "vocab", sys.argv[2], "--format", "json"])
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "items": len(json.loads(buf.getvalue() or "[]")),
                  "spacy": "spacy" in sys.modules}))
"""


def sample_transcript() -> str:
    """The transcript part of the bundled PodQuest sample (after "Shownotes Transcript")."""
    path = sorted(SAMPLE_DIR.glob("*.txt"))[0]
    text = path.read_text(encoding="utf-8")
    marker = "Shownotes Transcript"
    return text.split(marker, 1)[1].strip() if marker in text else text.strip()


def split_sentences(text: str) -> list[str]:
    parts = re.split(r'(?<=[.!?])\s+(?=[A-Z"“])|(?<=[.!?]["”])\s+(?=[A-Z"“])', " ".join(text.split()))
    return [p for p in parts if len(p.split()) >= 4]


def build_transcript(rng: random.Random) -> str:
    """Sample paragraph(s) first, then paragraphs of 3-8 sentences recombined from the sample's
    sentences and ours (slots filled per use), until MIN_WORDS words."""
    sample = sample_transcript()
    paragraphs = [p.strip() for p in sample.split("\n\n") if p.strip()]
    pool_sample = split_sentences(sample)
    words = sum(len(p.split()) for p in paragraphs)
    while words < MIN_WORDS:
        sentences = []
        for _ in range(rng.randint(3, 8)):
            if rng.random() < 0.3 and pool_sample:
                sentences.append(rng.choice(pool_sample))
            else:
                sentences.append(
                    rng.choice(OWN_SENTENCES).format(
                        city=rng.choice(CITIES),
                        day=rng.choice(DAYS),
                        month=rng.choice(MONTHS),
                        num=rng.randint(2, 95),
                    )
                )
        para = " ".join(sentences)
        paragraphs.append(para)
        words += len(para.split())
    return "\n\n".join(paragraphs) + "\n"


def timed(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run_vocab(library: str, episode_id: str) -> str:
    """The cached `vocab` command in-process, its stdout captured."""
    from studyterm.cli import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        try:
            main(["--library", library, "vocab", episode_id, "--format", "json"])
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise RuntimeError(f"vocab exited with {exc.code}") from exc
    return buf.getvalue()


def check_subprocess(library: str, episode_id: str) -> tuple[dict[str, object], float]:
    """Run the cached vocab in a fresh interpreter: did it import spaCy? (and its wall time)"""
    env = dict(os.environ, STUDYTERM_HOME=library)
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD_CODE, library, episode_id],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        raise RuntimeError(f"subprocess failed: {out.stderr.strip()[-500:]}")
    return json.loads(out.stdout.strip().splitlines()[-1]), elapsed


def ratio_line(label: str, value: float, target: float) -> str:
    verdict = "ok" if value <= target else f"MISSED by {value - target:.2f} ({value / target - 1:+.0%})"
    return f"{label} = {value:.2f} (target <= {target:g})  {verdict}"


def bench(rounds: int, profile: bool) -> None:
    from bare import bare_pipe, same_pipeline, studyterm_batch_size

    from studyterm.analysis.nlp import resolve_model
    from studyterm.ingest import load_episode
    from studyterm.pipeline import get_analyzer, import_episode
    from studyterm.store import Store

    with tempfile.TemporaryDirectory(prefix="studyterm-bench-") as tmp:
        tmpdir = Path(tmp)
        library = str(tmpdir / "library")
        os.environ["STUDYTERM_HOME"] = library
        text = build_transcript(random.Random(0))
        path = tmpdir / "benchmark-news-transcript.txt"
        path.write_text(text, encoding="utf-8")

        episode = load_episode(path)
        texts = [seg.text for seg in episode.segments]
        model = resolve_model()
        print(
            f"transcript: {len(text.split()):,} words, {len(texts)} paragraphs, "
            f"{len(set(texts))} distinct; model {model}"
        )

        analyzer = get_analyzer(None)  # loaded once, before timing
        bare = same_pipeline(model)  # studyterm's components, its own copy
        batch = studyterm_batch_size()
        print(f"studyterm pipeline: {', '.join(analyzer.nlp.pipe_names)}")
        print(f"bare pipeline:      {', '.join(bare.pipe_names)}  (batch size {batch} for both)")

        with Store.open(library) as store:  # import once (not timed): the analysis is cached
            opened = import_episode(store, path)
        episode_id = opened.episode.id
        n_items = len(json.loads(run_vocab(library, episode_id)))  # warm-up + sanity check

        # warm-up for A and B (first-call allocations, lazy tables)
        analyzer.analyse(episode)
        bare_pipe(bare, texts, batch)

        jobs: dict[str, Callable[[], object]] = {
            "A": lambda: analyzer.analyse(episode),
            "B": lambda: bare_pipe(bare, texts, batch),
            "C": lambda: run_vocab(library, episode_id),
        }
        times: dict[str, list[float]] = {k: [] for k in jobs}
        order = list(jobs)
        for r in range(rounds):
            for key in order[r % 3 :] + order[: r % 3]:  # rotate the order each round
                times[key].append(timed(jobs[key]))
        med = {k: statistics.median(v) for k, v in times.items()}

        child, child_s = check_subprocess(library, episode_id)

        print(f"rounds: {rounds} (interleaved, order rotated), medians:")
        print(
            f"  A analysis (Analyzer.analyse)       {med['A']:.3f} s   "
            f"[{', '.join(f'{t:.2f}' for t in times['A'])}]"
        )
        print(
            f"  B bare spaCy nlp.pipe(texts)        {med['B']:.3f} s   "
            f"[{', '.join(f'{t:.2f}' for t in times['B'])}]"
        )
        print(
            f"  C cached vocab (cli.main, json)     {med['C']:.3f} s   "
            f"[{', '.join(f'{t:.2f}' for t in times['C'])}]  ({n_items} items)"
        )
        print(
            f"cached vocab in a fresh subprocess: exit {child['code']}, {child['items']} items, "
            f"{child_s:.2f} s wall incl. interpreter start; spaCy loaded: {child['spacy']}"
        )
        print(ratio_line("analysis / bare nlp.pipe", med["A"] / med["B"], 1.15))
        print(ratio_line("cached vocab / bare nlp.pipe", med["C"] / med["B"], 0.3))

        if profile:
            prof = cProfile.Profile()
            prof.runcall(analyzer.analyse, episode)
            stream = io.StringIO()
            stats = pstats.Stats(prof, stream=stream)
            stats.sort_stats("tottime").print_stats(15)
            print("\ncProfile of one Analyzer.analyse (top 15 by own time):")
            print(stream.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument(
        "--profile", action="store_true", help="also print a cProfile summary of one Analyzer.analyse"
    )
    args = parser.parse_args()
    try:
        bench(max(1, args.rounds), args.profile)
    except Exception:  # a report: show what failed, still exit 0
        traceback.print_exc()
        print("benchmark did not complete (see the traceback above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
