"""The command line (thin): parse arguments, call the core, print, exit with 0, 1 or 2.

One module per group of commands; importing this package registers them all on `cli`. Heavy
modules (spaCy, Textual, genanki, rich tables) are imported inside the commands that need them,
so `studyterm --help` stays fast. Errors are one line on stderr; `--debug` shows the traceback.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import gc
import io
import os
import sys
import threading
from typing import NoReturn

import click

from studyterm.cli import (  # noqa: F401  (registers commands)
    audio,
    deck,
    dicts,
    feeds,
    library,
    lists,
    review,
    study,
)
from studyterm.cli.base import cli, safe, share_global_options, verbose
from studyterm.errors import StudytermError

__all__ = ["cli", "main"]

share_global_options(cli)


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: run the CLI, turning errors into one line on stderr and an exit code.
    Called without `argv` (the `studyterm` program, `python -m studyterm`) it ends the process
    (`_end_process`); with `argv` (in-process callers, the tests) it raises SystemExit."""
    try:
        _run(argv)
    except SystemExit as done:
        if argv is None:
            _end_process(done.code)
        raise


def _end_process(code: object) -> None:
    """End the process now, as Python's exit would but without first taking apart, one by
    one, the objects it holds: a `vocab` run holds spaCy's model, the analysis and the cached
    tables, millions of objects, and freeing them took ~0.1 s after the last line was out.
    The exit handlers still run (logging's, multiprocessing's, temporary folders'), the
    library was closed with the command, and standard output and error are flushed; when a
    flush fails, another thread still runs or the code is not a number, Python's own exit
    takes over (it says so its own way), as it does under a profiler or a tracer (`python -m
    cProfile`, coverage), which write what they found after the program returns."""
    if not (code is None or isinstance(code, int)) or threading.active_count() > 1:
        return
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    atexit._run_exitfuncs()
    with contextlib.suppress(OSError, ValueError):  # what the handlers wrote
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code or 0)


def _run(argv: list[str] | None) -> NoReturn:
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    # A command makes millions of objects that live until it exits (spaCy's model and Docs, the
    # analysis, the word list): a pass of the cycle collector every 700 new ones walked them
    # again and again, ~0.25 s of a `vocab` run. Every 50,000 it finds the same garbage.
    gc.set_threshold(50_000, 20, 20)
    try:
        cli.main(args=argv, prog_name="studyterm", standalone_mode=False)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
    except StudytermError as err:
        if debug:
            raise
        click.echo(f"studyterm: {safe(str(err))}", err=True)
        _causes(err)
        sys.exit(err.exit_code)
    except click.exceptions.Abort:
        click.echo("studyterm: aborted", err=True)
        sys.exit(130)
    except click.ClickException as err:
        # click's messages quote what was typed (a file name may hold ESC): shown, not obeyed
        shown = io.StringIO()
        err.show(file=shown)
        click.echo(safe(shown.getvalue()).rstrip("\n"), err=True)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as err:
        if debug:
            raise
        if not _stdout_failed(err):
            _internal(err)
        # nothing more may go to stdout: Python would try to flush it again at exit
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if err.errno != errno.EPIPE:  # a reader that stopped reading (| head) is no error
            click.echo(f"studyterm: cannot write to standard output: {err.strerror}", err=True)
        sys.exit(1)
    except Exception as err:
        if debug:
            raise
        _internal(err)
    sys.exit(0)


def _stdout_failed(err: OSError) -> bool:
    """Whether an OSError came from writing our standard output (the only file the CLI writes
    without the core: full disk, closed pipe, I/O error)."""
    return err.errno in (errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EDQUOT) and not getattr(
        err, "filename", None
    )


def _causes(err: BaseException) -> None:
    """With `-v`: what led to the error (an OSError, SQLite's own message …), a line each."""
    if not verbose():
        return
    seen, said = {id(err)}, {str(err)}
    cause = err.__cause__ or err.__context__
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if str(cause) not in said:  # an error re-raised as itself says nothing new
            said.add(str(cause))
            click.echo(f"studyterm:   caused by {type(cause).__name__}: {safe(str(cause))}", err=True)
        cause = cause.__cause__ or cause.__context__


def _internal(err: Exception) -> NoReturn:
    click.echo(
        f"studyterm: internal error: {type(err).__name__}: {safe(str(err))} (run with --debug for details)",
        err=True,
    )
    _causes(err)
    sys.exit(1)
