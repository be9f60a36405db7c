"""`studyterm audio`: attach an episode's audio, timed sentence by sentence."""

from __future__ import annotations

import click

from studyterm.cli.base import Context, cli, pass_ctx, safe
from studyterm.cli.progress import byte_progress, count_progress


@cli.command("audio")
@click.argument("episode")
@click.argument("source", metavar="[FILE|URL]", required=False)
@click.option(
    "--max-audio",
    type=click.IntRange(1, 8192),
    default=500,
    show_default=True,
    metavar="MB",
    help="Largest audio file accepted.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(1, 86400),
    default=3600,
    show_default=True,
    metavar="SECONDS",
    help="Longest time for the download.",
)
@pass_ctx
def audio_cmd(c: Context, episode: str, source: str | None, max_audio: int, timeout: float) -> None:
    """Attach EPISODE's audio (a file, a URL, or by default the feed's audio link).

    It is kept in the library folder. Sentences get their times from the transcript, or by
    forced alignment when the transcript has none.
    """
    from studyterm.audio.attach import attach_audio
    from studyterm.downloads import Limits

    limits = Limits(max_bytes=max_audio * 1024 * 1024, deadline=timeout, read_timeout=min(30.0, timeout))
    with byte_progress("downloading") as progress, count_progress("aligning", "sentences") as steps:
        attached = attach_audio(c.store, episode, source, limits, progress, steps)
    times = attached.times
    how = ", ".join(
        f"{attached.count(m)} {label}"
        for m, label in (
            ("transcript", "timed by the transcript"),
            ("aligned", "aligned"),
            ("estimated", "estimated (alignment failed there)"),
        )
        if attached.count(m)
    )
    minutes, seconds = divmod(int(attached.duration), 60)
    click.echo(
        f"{attached.episode.id}  {safe(attached.episode.title)}: audio "
        f"{minutes}:{seconds:02d}, {len(times)} sentences: {how or 'none'}"
    )
