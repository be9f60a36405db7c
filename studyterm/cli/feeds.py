"""The `feed` group: podcast feeds to subscribe to and update."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from studyterm.cli.base import Context, cli, echo_table, pass_ctx, safe
from studyterm.cli.progress import byte_progress
from studyterm.errors import StudytermError

if TYPE_CHECKING:
    from studyterm.downloads import Limits
    from studyterm.pipeline_feeds import FeedListener, FeedReport


@cli.group("feed")
def feed_group() -> None:
    """Podcast feeds (RSS or Atom): subscribe, then import new episodes with transcripts.

    \b
    studyterm feed add https://example.org/podcast.xml    subscribe and import
    studyterm feed update                                  every feed: new episodes only
    studyterm feed list                                    feeds, or one feed's items
    """


def _fail(reports: list[FeedReport]) -> None:
    """Exit 1 with each failure on its own line (the last one as the command's error)."""
    messages = [line for report in reports for line in report.problems]
    if messages:
        for line in messages[:-1]:
            click.echo(f"studyterm: {safe(line)}", err=True)
        raise StudytermError(messages[-1])


timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(0.1, 3600),
    default=120,
    show_default=True,
    metavar="SECONDS",
    help="Longest time for each download (feed or transcript).",
)


def _limits(c: Context, timeout: float) -> Limits:
    from studyterm.downloads import Limits

    return Limits(max_bytes=c.max_bytes, deadline=timeout, read_timeout=min(20.0, timeout))


def _listener(label: str | None = None) -> FeedListener:
    """Progress on stderr (items, and bytes on a terminal), each feed's summary on stdout as it
    ends, by the name `feed update` takes."""
    from studyterm.pipeline_feeds import FeedListener

    def done(report: FeedReport) -> None:
        click.echo(safe(f"{report.feed.name}: {report.summary}"))

    return FeedListener(
        fetching=lambda feed: byte_progress(label or f"fetching {feed}"),
        item=lambda line: click.echo(safe(line), err=True),
        done=done,
    )


@feed_group.command("add")
@click.argument("source", metavar="URL|FILE")
@click.option("--name", help="What to call the feed (default: from its title).")
@timeout_option
@pass_ctx
def feed_add_cmd(c: Context, source: str, name: str | None, timeout: float) -> None:
    """Subscribe to a feed and import its episodes that have a transcript."""
    from studyterm.pipeline_feeds import add_feed

    report = add_feed(c.store, source, name, _limits(c, timeout), c.model, _listener("fetching"))
    _fail([report])


@feed_group.command("update")
@click.argument("name", required=False)
@timeout_option
@pass_ctx
def feed_update_cmd(c: Context, name: str | None, timeout: float) -> None:
    """Fetch a feed (or every feed) again and import only its new episodes."""
    from studyterm.pipeline_feeds import update_feeds

    reports = update_feeds(c.store, [name] if name else None, _limits(c, timeout), c.model, _listener())
    if not reports:
        click.echo("No feeds yet: studyterm feed add URL|FILE")
    _fail(reports)


@feed_group.command("list")
@click.argument("name", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_ctx
def feed_list_cmd(c: Context, name: str | None, fmt: str) -> None:
    """The feeds; with a NAME, that feed's items (imported, or without a transcript)."""
    if name is None:
        rows = [
            {
                "name": f.name,
                "title": f.title,
                "items": len(c.store.feed_items(f.id)),
                "updated": f.updated_at,
                "source": f.source,
            }
            for f in c.store.feeds()
        ]
        headers = ["name", "title", "items", "updated", "source"]
    else:
        feed = c.store.feed(name)
        rows = [
            {
                "date": i.published.isoformat() if i.published else None,
                "title": i.title,
                "state": i.state,
                "episode": i.episode_id,
                "audio": i.audio_url,
            }
            for i in c.store.feed_items(feed.id).values()
        ]
        headers = ["date", "title", "state", "episode", "audio"]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        click.echo(
            "No feeds yet: studyterm feed add URL|FILE" if name is None else "No items seen in this feed yet."
        )
    else:
        echo_table(headers, [list(r.values()) for r in rows], wide={"source", "audio"})


@feed_group.command("remove")
@click.argument("name")
@pass_ctx
def feed_remove_cmd(c: Context, name: str) -> None:
    """Unsubscribe from a feed (its episodes stay in the library)."""
    from studyterm.feeds.subscribe import remove_feed

    row = remove_feed(c.store, name)
    click.echo(f"removed feed {row.name} (its episodes stay in the library)")
