"""Word lists for learners and teachers: vocab, profile, worksheet."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from studyterm.cli.base import Context, cli, echo_table, pass_ctx, safe, short, source_extras, source_options
from studyterm.errors import UsageError

if TYPE_CHECKING:
    from studyterm.ingest import Extras

LIST_FORMATS = ["table", "json", "csv", "tsv", "md", "html", "xlsx", "pdf", "quizlet"]


def _list_options(fn: Any) -> Any:
    """The options that choose a teacher's list (shared by `vocab` and `worksheet`)."""
    for opt in reversed(
        [
            click.option("--level", help="Learner level: word families (5000, the default) or CEFR (B2)."),
            click.option("--all", "show_all", is_flag=True, help="Every word, not only the advanced ones."),
            click.option(
                "--band",
                metavar="K5-K10",
                help="Only these 1k frequency bands (K7, K5-K10, K9-off-list; several with commas).",
            ),
            click.option(
                "--min-count",
                type=click.IntRange(1),
                default=1,
                show_default=True,
                metavar="N",
                help="Only words used at least N times in the episodes.",
            ),
            click.option(
                "--tag",
                "tags",
                multiple=True,
                metavar="TAG",
                help="Only words with this exam tag from the dictionaries (cet6 matches "
                "CET-6); repeat for any of several.",
            ),
            click.option(
                "--exclude-known",
                type=click.Path(dir_okay=False),
                metavar="FILE",
                help="Leave out the words of a known-word list (one word a line).",
            ),
        ]
    ):
        fn = opt(fn)
    return fn


def _teacher_list(
    c: Context,
    episodes: tuple[str, ...],
    level: str | None,
    show_all: bool,
    band: str | None,
    min_count: int,
    tags: tuple[str, ...],
    exclude_known: str | None,
    extras: Extras | None,
    sort: str = "level",
) -> tuple[Any, list[Any], int]:
    """Open the episodes and build the filtered, sorted, enriched list of their words, and count
    the words left out as unknown to every dictionary and word list."""
    from studyterm.export.lists import (
        ListFilter,
        Source,
        aggregate,
        filter_entries,
        parse_bands,
        read_known_words,
        sort_entries,
    )
    from studyterm.export.stored_list import gloss_stored, stored_list
    from studyterm.pipeline import collector_paused, gloss, library_lexicon, pick_words

    # options first, so a typo costs no analysis
    flt = ListFilter(
        bands=parse_bands(band) if band else None,
        min_count=min_count,
        tags=tags,
        known=read_known_words(exclude_known, c.max_bytes) if exclude_known else frozenset(),
    )
    learner = c.learner(level)
    with collector_paused():
        # library episodes: the words merged in SQL from the list rows kept with the analyses
        stored = None if show_all else stored_list(c.store, episodes, learner, c.model)
        if stored is not None:
            gloss_stored(stored, library_lexicon(c.store))
            return stored, sort_entries(filter_entries(stored.entries, flt), sort), stored.left_out
        # one episode at a time: only the words listed are kept, not every episode and analysis
        per_source = []
        left_out: set[tuple[str, str]] = set()
        for picked in pick_words(
            c.store, episodes, learner, every=show_all, extras=extras, model=c.model, max_bytes=c.max_bytes
        ):
            per_source.append((Source(picked.episode.id, picked.episode.title), picked.items))
            left_out |= picked.left_out
            del picked
        vlist = aggregate(per_source, statuses=learner.statuses)
        del per_source  # the list holds copies
        gloss(c.store, [e.item for e in vlist.entries])
        entries = sort_entries(filter_entries(vlist.entries, flt), sort)
    return vlist, entries, len(left_out)


@cli.command("vocab")
@click.argument("episodes", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(LIST_FORMATS),
    default="table",
    show_default=True,
    help="xlsx and pdf need -o.",
)
@click.option(
    "--sort",
    type=click.Choice(["useful", "level", "frequency", "alpha"]),
    default="useful",
    show_default=True,
    help="useful: most useful to learn first; level: hardest first, grouped by CEFR "
    "level; frequency: most used first.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")
@click.option(
    "--per-episode",
    is_flag=True,
    help="A count column per episode however many there are (csv, tsv, md, html, xlsx); a list "
    "of more than 20 episodes has one `episodes` column, how many of them use the word.",
)
@_list_options
@source_options
@pass_ctx
def vocab_cmd(
    c: Context,
    episodes: tuple[str, ...],
    fmt: str,
    sort: str,
    output: str | None,
    per_episode: bool,
    level: str | None,
    show_all: bool,
    band: str | None,
    min_count: int,
    tags: tuple[str, ...],
    exclude_known: str | None,
    title: str | None,
    podcast: str | None,
    published: str | None,
    summary_zh: str | None,
) -> None:
    """The advanced vocabulary of episodes (library ids/titles or files), hardest first.

    Several episodes make one list, with the count in each episode and the best example.
    """
    if fmt == "table" and output:
        raise UsageError("--format table prints to the terminal; choose another format with -o")
    if fmt in ("xlsx", "pdf") and not output:
        raise UsageError(f"--format {fmt} writes a file: add -o FILE.{fmt}")
    if output:
        c.check_output(output)  # before the analysis: an unwritable path wastes no work
    font = None
    if fmt == "pdf":
        from studyterm.export.pdf import find_cjk_font

        font = find_cjk_font()  # before the analysis: no font, no wasted work
    extras = source_extras(title, podcast, published, summary_zh, c.max_bytes)
    vlist, entries, left_out = _teacher_list(
        c, episodes, level, show_all, band, min_count, tags, exclude_known, extras, sort
    )
    if left_out:
        click.echo(
            f"{left_out} word{'s' if left_out != 1 else ''} left out: no dictionary or "
            "word list knows them (--all lists them)",
            err=True,
        )
    by_level = sort == "level"
    if fmt == "table" and not entries:
        hint = " (exam tags come from an installed dictionary: studyterm dict install ecdict)" if tags else ""
        click.echo(
            "no words match: " + safe(vlist.title) + f" has no advanced words at these settings{hint}",
            err=True,
        )
        return
    if fmt == "table":
        echo_table(
            ["word", "pos", "level", "band", "rank", "count", "gloss", "example"],
            [
                [
                    e.headword,
                    e.item.pos,
                    e.item.cefr,
                    e.item.band,
                    e.item.rank,
                    e.item.count,
                    e.item.gloss or "",
                    short(e.example.sentence if e.example else ""),
                ]
                for e in entries
            ],
            title=vlist.title,
            wide={"example", "rank"},
        )
        return
    from studyterm.export import list_pages as pages  # the table needs neither
    from studyterm.export import lists

    if fmt in ("json", "csv", "tsv", "quizlet", "md", "html"):
        if fmt == "json":
            text = lists.vocab_json([lists.entry_record(e, vlist.sources) for e in entries])
        elif fmt in ("csv", "tsv"):
            table = lists.list_table(vlist, entries, per_episode)
            text = (lists.list_csv if fmt == "csv" else lists.list_tsv)(*table)
        elif fmt == "quizlet":
            text = lists.list_quizlet(entries)
        elif fmt == "md":
            text = pages.list_markdown(vlist, entries, by_level, per_episode)
        else:
            text = pages.list_html(vlist, entries, by_level, per_episode)
        if not output:
            click.echo(text, nl=False)
            return
        # a BOM tells Excel the file is UTF-8, so the Chinese glosses show correctly
        data = (b"\xef\xbb\xbf" if fmt in ("csv", "tsv") else b"") + text.encode("utf-8")
    elif fmt == "xlsx":
        data = pages.list_xlsx(vlist, entries, per_episode)
    else:
        data = pages.list_pdf(vlist, entries, by_level, font)
    from studyterm.export.files import write_atomic

    assert output is not None
    write_atomic(output, data)
    click.echo(f"wrote {len(entries)} word{'s' if len(entries) != 1 else ''} to {safe(output)}", err=True)


@cli.command("profile")
@click.argument("episodes", nargs=-1, required=True)
@click.option("--level", help="Learner level: word families (5000) or CEFR (B2).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "html"]), default="table", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write json or html to FILE.")
@pass_ctx
def profile_cmd(
    c: Context, episodes: tuple[str, ...], level: str | None, fmt: str, output: str | None
) -> None:
    """Lexical profile: tokens, types, band shares, coverage and the words to pre-teach.

    With several episodes, also compares them side by side, hardest first.
    """
    from studyterm.export.profile_report import (
        comparison_table,
        profile_html,
        profile_json,
        profile_record,
        rank_by_difficulty,
    )
    from studyterm.pipeline import profiles

    if fmt == "table" and output:
        raise UsageError("--format table prints to the terminal; use json or html with -o")
    if output:
        c.check_output(output)
    learner = c.learner(level)
    out = [
        profile_record(episode, profile, learner.level)
        for episode, profile in profiles(c.store, episodes, learner, c.model, c.max_bytes)
    ]
    ranked = rank_by_difficulty(out)  # sets difficulty_rank; `out` keeps the order given
    if fmt in ("json", "html"):
        text = profile_json(out) if fmt == "json" else profile_html(out)
        if output:
            from studyterm.export.files import write_atomic

            write_atomic(output, text.encode("utf-8"))
            click.echo(
                f"wrote the profile of {len(out)} episode{'s' if len(out) != 1 else ''} to {safe(output)}",
                err=True,
            )
        else:
            click.echo(text, nl=False)
        return
    if len(ranked) > 1:
        headers, rows = comparison_table(ranked)
        echo_table(headers, rows, title="Episodes compared, hardest first")
        for r in ranked:
            click.echo(
                safe(
                    f"{r['difficulty_rank']}. {r['title']}: pre-teach for 95%: "
                    + (", ".join(r["to_95"][:30]) or "nothing")
                )
            )
        return
    for r in out:
        echo_table(
            ["band", "tokens", "share %"],
            [[b, v["tokens"], f"{v['percent']:.1f}"] for b, v in r["bands"].items()],
            title=f"{r['title']} — {r['tokens']} tokens, {r['types']} types",
        )
        click.echo(
            f"coverage at level {r['level']}: {r['coverage'] * 100:.1f}%  ({r['advanced']} advanced items)"
        )
        click.echo(f"to reach 95%: {len(r['to_95'])} words  " + safe(", ".join(r["to_95"][:30])))
        click.echo(f"to reach 98%: {len(r['to_98'])} words  " + safe(", ".join(r["to_98"][:30])))


@cli.command("worksheet")
@click.argument("episodes", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    metavar="FILE.pdf|FILE.html",
    help="The handout to write (format by extension).",
)
@click.option(
    "--words",
    type=click.IntRange(1, 60),
    default=10,
    show_default=True,
    metavar="N",
    help="How many words the handout teaches.",
)
@click.option(
    "--seed", type=int, metavar="N", help="Order of the matching exercise (default: fixed for the episodes)."
)
@_list_options
@pass_ctx
def worksheet_cmd(
    c: Context,
    episodes: tuple[str, ...],
    output: str,
    words: int,
    seed: int | None,
    level: str | None,
    show_all: bool,
    band: str | None,
    min_count: int,
    tags: tuple[str, ...],
    exclude_known: str | None,
) -> None:
    """A printable handout: word list, gap-fill from the episodes, matching, answer key."""
    from studyterm.export.files import write_atomic
    from studyterm.export.worksheet import build_worksheet, worksheet_html, worksheet_pdf

    kind = Path(output).suffix.lower()
    if kind not in (".pdf", ".html", ".htm"):
        raise UsageError(f"-o {output!r}: the worksheet is written as .pdf or .html")
    c.check_output(output)
    font = None
    if kind == ".pdf":
        from studyterm.export.pdf import find_cjk_font

        font = find_cjk_font()  # before the analysis: no font, no wasted work
    vlist, entries, _ = _teacher_list(
        c, episodes, level, show_all, band, min_count, tags, exclude_known, None
    )
    sheet = build_worksheet(vlist, entries, words, seed)
    data = worksheet_pdf(sheet, font) if font else worksheet_html(sheet).encode("utf-8")
    write_atomic(output, data)
    click.echo(f"wrote a worksheet of {len(sheet.words)} words to {safe(output)}", err=True)
