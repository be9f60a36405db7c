"""The study app's commands: study, demo (the bare `studyterm` is in base.py)."""

from __future__ import annotations

import click

from studyterm.cli.base import Context, cli, pass_ctx, source_extras, source_options


@cli.command("study")
@click.argument("episode")
@click.option("--level", help="Learner level: word families (5000) or CEFR (B2).")
@source_options
@pass_ctx
def study_cmd(c: Context, episode: str, level: str | None, title: str | None,
              podcast: str | None, published: str | None, summary_zh: str | None) -> None:
    """Open the study reader on an episode (library id/title or a file)."""
    from studyterm.pipeline import open_episode
    from studyterm.tui.app import run_app

    extras = source_extras(title, podcast, published, summary_zh, c.max_bytes)
    opened = open_episode(c.store, episode, extras, c.model, c.max_bytes)
    run_app(c.store, episode=opened.episode.id, model=c.model, level=level)


@cli.command("demo")
@click.option("--level", help="Learner level: word families (5000) or CEFR (B2).")
@pass_ctx
def demo_cmd(c: Context, level: str | None) -> None:
    """Open the study reader on the bundled China Daily sample episode."""
    from studyterm.pipeline import import_episode, sample_episode_path
    from studyterm.tui.app import run_app

    opened = import_episode(c.store, sample_episode_path(), None, c.model, c.max_bytes)
    run_app(c.store, episode=opened.episode.id, model=c.model, level=level)
