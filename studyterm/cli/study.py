"""The study app's commands: study, demo (the bare `studyterm` is in base.py)."""

from __future__ import annotations

import click

from studyterm.cli.base import Context, cli, pass_ctx, source_extras, source_options


@cli.command("study")
@click.argument("episode")
@click.option("--level", help="Learner level: word families (5000) or CEFR (B2).")
@source_options
@pass_ctx
def study_cmd(
    c: Context,
    episode: str,
    level: str | None,
    title: str | None,
    podcast: str | None,
    published: str | None,
    summary_zh: str | None,
) -> None:
    """Open the study reader on an episode (library id/title or a file)."""
    from studyterm.pipeline import resolve_reference
    from studyterm.tui.app import run_app
    from studyterm.tui.background import ImportSource

    extras = source_extras(title, podcast, published, summary_zh, c.max_bytes)
    found = resolve_reference(c.store, episode)
    if found.path is not None:
        # the app starts at once and imports the file, its progress on screen
        source = ImportSource(found.path, extras, c.max_bytes)
        run_app(c.store, model=c.model, level=level, source=source, max_bytes=c.max_bytes)
    else:
        run_app(c.store, episode=found.episode_id, model=c.model, level=level, max_bytes=c.max_bytes)


@cli.command("demo")
@click.option("--level", help="Learner level: word families (5000) or CEFR (B2).")
@pass_ctx
def demo_cmd(c: Context, level: str | None) -> None:
    """Open the study reader on the bundled China Daily sample episode."""
    from studyterm.pipeline import sample_episode_path
    from studyterm.tui.app import run_app
    from studyterm.tui.background import ImportSource

    # the app starts at once; on a fresh library it shows the import (spaCy loading) going on
    run_app(
        c.store,
        model=c.model,
        level=level,
        source=ImportSource(sample_episode_path(), None, c.max_bytes),
        max_bytes=c.max_bytes,
    )
