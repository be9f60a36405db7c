"""The command line (thin): parse arguments, call the core, print, exit with 0, 1 or 2.

One module per group of commands; importing this package registers them all on `cli`. Heavy
modules (spaCy, Textual, genanki, rich tables) are imported inside the commands that need them,
so `studyterm --help` stays fast. Errors are one line on stderr; `--debug` shows the traceback.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from studyterm.cli import deck, dicts, library, lists, study  # noqa: F401  (registers commands)
from studyterm.cli.base import cli, safe
from studyterm.errors import StudytermError

__all__ = ["cli", "main"]


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point: run the CLI, turning errors into one line on stderr and an exit code."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="studyterm", standalone_mode=False)
    except StudytermError as err:
        if debug:
            raise
        click.echo(f"studyterm: {safe(str(err))}", err=True)
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
        click.echo(f"studyterm: internal error: {type(err).__name__}: {safe(str(err))} "
                   "(run with --debug for details)", err=True)
        sys.exit(1)
    sys.exit(0)
