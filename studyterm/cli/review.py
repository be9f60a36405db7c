"""Study commands: review (the TUI session and its daily limits), stats, known import/export."""

from __future__ import annotations

import click

from studyterm.cli.base import Context, cli, pass_ctx, safe


@cli.command("review")
@click.option(
    "--new-per-day",
    type=click.IntRange(0, 9999),
    metavar="N",
    help="Save the limit of new words a day (default 20) and exit.",
)
@click.option(
    "--reviews-per-day",
    type=click.IntRange(0, 9999),
    metavar="N",
    help="Save the limit of reviews a day (default 200) and exit.",
)
@pass_ctx
def review_cmd(c: Context, new_per_day: int | None, reviews_per_day: int | None) -> None:
    """Review the words you are learning (spaced repetition with FSRS).

    Keys: space shows the meaning, 1–4 rate (Again, Hard, Good, Easy), u undoes, o opens the
    episode at the sentence, q ends with a summary. Every rating is saved at once.
    """
    from studyterm.review.limits import load_limits, save_limits
    from studyterm.review.scheduling import utc_now
    from studyterm.review.session import build_queue

    if new_per_day is not None or reviews_per_day is not None:
        limits = save_limits(c.store, new_per_day, reviews_per_day)
        click.echo(f"Daily limits: {limits.new_per_day} new words, {limits.reviews_per_day} reviews.")
        return
    queue = build_queue(c.store, utc_now(), load_limits(c.store))
    if not queue.items:
        held = queue.new_left + queue.due_left
        why = (
            f"today's limits are reached ({held} held back; raise them with --new-per-day"
            " or --reviews-per-day)"
            if held
            else "mark words learning in the reader (l) or with `studyterm mark learning WORD`"
        )
        click.echo(f"Nothing to review now: {why}.")
        return
    from studyterm.tui.app import run_app

    run_app(c.store, model=c.model, review=True, max_bytes=c.max_bytes)


_BLOCKS = "·▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """One character a value, its height relative to the largest (a dot for nothing)."""
    top = max(values, default=0)
    if top <= 0:
        return "·" * len(values)
    return "".join(_BLOCKS[0 if v <= 0 else max(1, round(v / top * 8))] for v in values)


@cli.command("stats")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_ctx
def stats_cmd(c: Context, fmt: str) -> None:
    """Your progress: due reviews, reviews per day, retention, words by status, known over time."""
    import json

    from studyterm.review.scheduling import utc_now
    from studyterm.review.stats import compute_stats

    st = compute_stats(c.store, utc_now())
    if fmt == "json":
        click.echo(json.dumps(st.to_dict(), ensure_ascii=False, indent=2))
        return
    retention = (
        f"{st.retention:.0%} of {st.retention_reviews} reviews"
        if st.retention is not None
        else "– (no review past the learning steps yet)"
    )
    per_day = [n for _, n in st.reviews_per_day]
    known = [n for _, n in st.known_over_time]
    first, last = st.reviews_per_day[0][0], st.reviews_per_day[-1][0]
    lines = [
        f"Due today       {st.due_today}   (this week {st.due_week}; {st.new_waiting} new waiting)",
        f"Under review    {st.under_review}   ({st.reviews_total} ratings in all)",
        f"Retention       {retention}",
        "Words           " + "  ".join(f"{s} {n}" for s, n in st.statuses.items()),
        "Learning stages " + "  ".join(f"{k}: {n}" for k, n in st.stages.items()),
        "",
        f"Reviews a day   {sparkline(per_day)}  max {max(per_day, default=0)}, "
        f"today {per_day[-1] if per_day else 0}",
        f"Known words     {sparkline(known)}  {known[0] if known else 0} → {known[-1] if known else 0}",
        f"                {first} … {last}",
    ]
    click.echo("\n".join(lines))


@cli.group("known")
def known_group() -> None:
    """Known words from elsewhere (a word list, Anki), and yours written out."""


@known_group.command("import")
@click.argument("file")
@click.option(
    "--field",
    "field_name",
    metavar="NAME",
    help="The Anki note field holding the word (default: Word, Front or Expression).",
)
@pass_ctx
def known_import_cmd(c: Context, file: str, field_name: str | None) -> None:
    """Mark the words of FILE known: a word list (one a line), or an Anki .apkg, .colpkg or
    collection, where a note becomes known when a card's interval is 21 days or more, learning
    otherwise. A status is never lowered; a bad file changes nothing."""
    from studyterm.review.known_words import import_known, read_known

    words = read_known(file, field_name, c.max_bytes)
    done = import_known(c.store, words)
    fields = f" (field {', '.join(sorted(words.field_names))})" if words.field_names else ""
    skipped = "; ".join(f"{n} {why}" for why, n in sorted(words.skipped.items()))
    click.echo(
        f"{safe(file)}: {words.source}{safe(fields)}, {len(words.words)} words: "
        f"{done.known} now known, {done.learning} now learning, {done.unchanged} unchanged"
        + (f"; left out: {skipped}" if skipped else "")
    )


@known_group.command("export")
@click.argument("file")
@click.option(
    "--status",
    "statuses",
    default="known",
    show_default=True,
    metavar="LIST",
    help="Statuses to write, comma-separated (known, learning, ignored, new).",
)
@pass_ctx
def known_export_cmd(c: Context, file: str, statuses: str) -> None:
    """Write your words to FILE: one a line (.txt), or word and status (.tsv)."""
    from studyterm.errors import UsageError
    from studyterm.model import STATUSES
    from studyterm.review.known_words import export_words

    wanted = [s.strip().lower() for s in statuses.split(",") if s.strip()]
    bad = [s for s in wanted if s not in STATUSES]
    if bad or not wanted:
        raise UsageError(f"--status {statuses!r}: choose from {', '.join(STATUSES)}")
    n = export_words(c.store, file, wanted)
    click.echo(f"{n} word{'s' if n != 1 else ''} written to {safe(file)}")


@cli.command("placement")
@pass_ctx
def placement_cmd(c: Context) -> None:
    """Take the placement test: 60 yes/no words (about three minutes) that estimate your
    vocabulary size and set your level."""
    from studyterm.tui.app import run_app

    run_app(c.store, model=c.model, placement="test", max_bytes=c.max_bytes)
