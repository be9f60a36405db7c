"""Study commands: review (the TUI session, and its daily limits)."""

from __future__ import annotations

import click

from studyterm.cli.base import Context, cli, pass_ctx


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

    run_app(c.store, model=c.model, review=True)


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
        "",
        f"Reviews a day   {sparkline(per_day)}  max {max(per_day, default=0)}, "
        f"today {per_day[-1] if per_day else 0}",
        f"Known words     {sparkline(known)}  {known[0] if known else 0} → {known[-1] if known else 0}",
        f"                {first} … {last}",
    ]
    click.echo("\n".join(lines))
