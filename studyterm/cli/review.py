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
