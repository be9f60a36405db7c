"""Library commands: import, list, show, mark, level."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from studyterm.cli.base import (
    Context,
    cli,
    clock,
    echo_table,
    pass_ctx,
    safe,
    say_progress,
    source_extras,
    source_options,
)
from studyterm.cli.progress import analysis_progress
from studyterm.errors import UsageError

if TYPE_CHECKING:
    from studyterm.analysis.learner import Learner


@cli.command("import")
@click.argument("paths", nargs=-1, required=True)
@source_options
@pass_ctx
def import_cmd(
    c: Context,
    paths: tuple[str, ...],
    title: str | None,
    podcast: str | None,
    published: str | None,
    summary_zh: str | None,
) -> None:
    """Import episode files (PodQuest page, .txt, .srt, .vtt, studyterm .json).

    Every file is read and analysed first, then all are added at once: if one is bad (or the
    import is stopped), nothing is imported.
    """
    from studyterm.pipeline import add_episodes, analyzer_loaded, load_episode

    def progress(n: int, total: int, path: str) -> None:
        if not analyzer_loaded(c.model):
            say_progress("loading spaCy's English pipeline (a few seconds)…")
        if total > 1:
            clear = "\r\x1b[K" if sys.stderr.isatty() else ""  # the percentage line, if drawn
            click.echo(f"{clear}analysing {n}/{total}: {safe(path)}", err=True)
        else:
            say_progress(f"analysing {safe(path)}…")

    extras = source_extras(title, podcast, published, summary_zh, c.max_bytes)
    episodes = [load_episode(p, extras, c.max_bytes) for p in paths]  # before the library opens
    with analysis_progress(c.verbose) as advance:
        opened = add_episodes(c.store, episodes, c.model, progress, advance)
    for o in opened:
        state = "imported" if o.added else "already in the library"
        click.echo(f"{o.episode.id}  {safe(o.episode.title)}  ({state})")


@cli.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--level", help="Learner level: word families (5000) or CEFR (B2).")
@pass_ctx
def list_cmd(c: Context, fmt: str, level: str | None) -> None:
    """List the episodes in the library."""
    from studyterm.pipeline import library_overview

    learner: Learner = c.learner(level)
    rows = []
    for r in library_overview(c.store, learner, c.model):
        ep, fig = r.episode, r.figures
        rows.append(
            {
                "id": ep.id,
                "title": ep.title,
                "podcast": ep.podcast,
                "date": ep.published.isoformat() if ep.published else None,
                "words": fig.tokens if fig else None,
                "advanced": fig.advanced if fig else None,
                "coverage": round(fig.coverage * 100, 1) if fig else None,
            }
        )
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(
            "The library is empty. Import an episode: studyterm import FILE "
            "(or try the sample: studyterm demo)"
        )
        return
    echo_table(
        ["id", "title", "podcast", "date", "words", "advanced", "coverage %"],
        [
            [
                *list(r.values())[:4],
                *(("not analysed", "", "") if r["words"] is None else list(r.values())[4:]),
            ]
            for r in rows
        ],
        wide={"podcast"},
    )
    if any(r["words"] is None for r in rows):
        click.echo(
            "Episodes marked 'not analysed' are analysed when you next open them (studyterm vocab ID).",
            err=True,
        )


@cli.command("show")
@click.argument("episode")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_ctx
def show_cmd(c: Context, episode: str, fmt: str) -> None:
    """Show an episode: its details, Chinese summary and transcript (json round-trips)."""
    from studyterm.pipeline import load_episode, resolve_reference

    found = resolve_reference(lambda: c.store, episode)  # a file shown opens no library
    if found.path is not None:  # shown as read, not imported
        ep = load_episode(found.path, None, c.max_bytes)
    else:
        assert found.episode_id is not None
        ep = c.store.episode(found.episode_id)
    if fmt == "json":
        click.echo(ep.to_json())
        return
    lines = [ep.title]
    if meta := " · ".join(x for x in (ep.podcast, str(ep.published or "")) if x):
        lines.append(meta)
    if ep.people:
        lines.append("People: " + ", ".join(ep.people))
    for item in ep.summary_zh:
        lines.append(f"{item.speaker}: {item.text}" if item.speaker else item.text)
    lines.append("")
    for seg in ep.segments:
        stamp = f"[{clock(seg.start)}] " if seg.start is not None else ""
        who = f"{seg.speaker}: " if seg.speaker else ""
        lines.append(f"{stamp}{who}{seg.text}")
        if seg.start is None:
            lines.append("")
    click.echo(safe("\n".join(lines).rstrip()))


@cli.command("mark")
@click.argument("status", type=click.Choice(["known", "learning", "ignored", "new"]))
@click.argument("words", nargs=-1, required=True)
@click.option(
    "--stage",
    type=click.IntRange(1, 4),
    help="With learning: the stage, 1 (new to you) to 4 (nearly known); review moves it on.",
)
@pass_ctx
def mark_cmd(c: Context, status: str, words: tuple[str, ...], stage: int | None) -> None:
    """Mark words (lemmas or phrases) as known, learning, ignored or new.

    A form met in the library (consolidated, think tanks) marks its lemma.
    """
    if stage is not None and status != "learning":
        raise UsageError("--stage goes with `mark learning`")
    from studyterm.pipeline import mark_words

    typed = [w for w in words if w.strip()]
    if not typed:
        raise UsageError("no words given")
    lemmas = mark_words(c.store, typed, status, stage, c.model)
    if stage is not None:
        status = f"learning (stage {stage})"
    shown = dict.fromkeys(
        lemma if lemma == " ".join(w.lower().split()) else f"{lemma} (for {w.strip()})"
        for w, lemma in zip(typed, lemmas, strict=True)
    )
    click.echo(
        f"marked {len(shown)} word{'s' if len(shown) != 1 else ''} {status}: " + safe(", ".join(shown))
    )


@cli.command("level")
@click.argument("level", required=False)
@pass_ctx
def level_cmd(c: Context, level: str | None) -> None:
    """Show or set your level: word families (5000) or CEFR (B2)."""
    from studyterm.analysis.learner import parse_level

    if level is None:  # the level every command and the app use (the default, if none is saved)
        click.echo(str(c.learner(None).level))
        return
    value = parse_level(level)
    c.store.set_setting("level", str(value))
    click.echo(f"level set to {value}")
