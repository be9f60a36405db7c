"""The `anki` command: decks of the advanced words."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from studyterm.cli.base import Context, cli, pass_ctx, safe, source_extras, source_options
from studyterm.errors import UsageError

if TYPE_CHECKING:
    from studyterm.analysis.learner import Learner
    from studyterm.export.anki import DeckWord
    from studyterm.ingest import Extras
    from studyterm.model import Episode


@cli.command("anki")
@click.argument("episodes", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    metavar="FILE.apkg",
    help="The deck to write (default: studyterm-ID.apkg, or studyterm.apkg for several "
    "episodes; with --ankiconnect, none unless given).",
)
@click.option("--level", help="Learner level: word families (5000) or CEFR (B2).")
@click.option(
    "--status",
    metavar="new,learning",
    help="Only the advanced words with these statuses (unmarked words count as new).",
)
@click.option(
    "--cards",
    metavar="TYPES",
    help="Card types: recognition, production, cloze (default: the last choice, else "
    "recognition,production). Saved for later exports and the study app's `e`; "
    "card types once on a note stay on.",
)
@click.option(
    "--reset-cards",
    is_flag=True,
    help="Switch off card types not in --cards on the notes exported (their cards become empty in Anki).",
)
@click.option(
    "--new-only",
    is_flag=True,
    help="Only words never exported before: the notes already in Anki are not in the file.",
)
@click.option(
    "--new-examples",
    is_flag=True,
    help="Choose each note's example sentence again (normally the first one stays).",
)
@click.option(
    "--deck",
    default="studyterm",
    show_default=True,
    metavar="NAME",
    help="Deck name (Anki finds the deck again by its name).",
)
@click.option(
    "--subdecks",
    type=click.Choice(["none", "episode", "level"]),
    default="none",
    show_default=True,
    help="One subdeck per episode or per CEFR level.",
)
@click.option(
    "--ankiconnect",
    "use_ankiconnect",
    is_flag=True,
    help="Also send the deck to a running Anki through AnkiConnect.",
)
@click.option(
    "--ankiconnect-url",
    metavar="URL",
    default="http://127.0.0.1:8765",
    show_default=True,
    help="Where AnkiConnect listens.",
)
@source_options
@pass_ctx
def anki_cmd(
    c: Context,
    episodes: tuple[str, ...],
    output: str | None,
    level: str | None,
    status: str | None,
    cards: str | None,
    reset_cards: bool,
    new_only: bool,
    new_examples: bool,
    deck: str,
    subdecks: str,
    use_ankiconnect: bool,
    ankiconnect_url: str,
    title: str | None,
    podcast: str | None,
    published: str | None,
    summary_zh: str | None,
) -> None:
    """An Anki deck of the advanced words of episodes (library ids/titles or files).

    Notes keep their identity: exporting again adds the new words and updates only the notes
    whose content changed, never duplicates; your edits and tags on the others stay.
    """
    from studyterm.export import anki
    from studyterm.export.anki_library import export_deck_words

    ankiconnect = ankiconnect_url if use_ankiconnect else None
    if reset_cards and not cards:
        raise UsageError("--reset-cards needs --cards: the card types to keep")
    options = anki.DeckOptions(
        deck=deck,
        cards=anki.parse_cards(cards) if cards else None,
        subdecks=subdecks,
        new_only=new_only,
        reset_cards=reset_cards,
        new_examples=new_examples,
    )
    wanted = None
    if status:
        wanted = {s.strip().lower() for s in status.split(",") if s.strip()}
        if not wanted or not wanted <= {"new", "learning"}:
            raise UsageError(f"--status {status!r}: choose from new, learning")
    if ankiconnect:
        from studyterm.export.ankiconnect import check_note_type, check_url

        check_url(ankiconnect)
        check_note_type(ankiconnect)
    if output:
        c.check_output(output)  # before the analysis: an unwritable path wastes no work
    extras = source_extras(title, podcast, published, summary_zh, c.max_bytes)
    learner = c.learner(level)
    from studyterm.pipeline import collector_paused

    # a deck of a whole archive holds each word's episodes (a tag each): as for `vocab`, the
    # collector's passes over all of them would cost more than the deck
    with collector_paused():
        words, episodes_read, ids, titles = _deck_words(c, episodes, learner, wanted, extras)
        if not words:
            from studyterm.errors import ExportError
            from studyterm.export.lists import list_title

            marked = f" marked {status}" if status else ""
            hint = (
                "mark some: studyterm mark learning WORD" if wanted == {"learning"} else "try another --level"
            )
            raise ExportError(
                f"no words to put in a deck: {list_title(titles)} has no advanced words{marked} "
                f"at level {learner.level} ({hint})"
            )
        if ankiconnect:
            from studyterm.export.ankiconnect import send_package
            from studyterm.export.files import scratch_folder

            with scratch_folder("ankiconnect") as tmp:
                target = Path(output) if output else tmp / "studyterm.apkg"
                exported = export_deck_words(c.store, words, episodes_read, target, options, c.model)
                sent = send_package(exported.path, exported.notes, ankiconnect)
            if output or exported.no_gloss or exported.not_new:
                click.echo(safe(anki.describe(exported)), err=True)
            click.echo(
                f"sent {sent.sent} notes to Anki at {safe(ankiconnect)}: {sent.added} added, "
                f"{sent.updated} already there (updated where their content changed)",
                err=True,
            )
            return
        default = f"studyterm-{ids[0]}.apkg" if len(ids) == 1 else "studyterm.apkg"
        exported = export_deck_words(c.store, words, episodes_read, output or default, options, c.model)
        click.echo(safe(anki.describe(exported)), err=True)


def _deck_words(
    c: Context,
    refs: tuple[str, ...],
    learner: Learner,
    statuses: set[str] | None,
    extras: Extras | None,
) -> tuple[list[DeckWord], dict[str, Episode | None], list[str], list[str]]:
    """The words of the deck (`anki.gather`), the episodes read by id, and the ids and titles
    of the episodes named: library episodes from the list rows (`stored_deck`), else (files,
    analyses the rows lack) each episode opened and its words chosen in turn."""
    from studyterm.export.anki import gather
    from studyterm.export.stored_deck import stored_deck
    from studyterm.pipeline import pick_words

    stored = stored_deck(c.store, refs, learner, statuses, c.model)
    if stored is not None:
        return stored.words, stored.episodes, stored.ids, stored.titles
    # one episode at a time: each analysis is let go once its advanced words are taken
    sources = [
        (p.episode, p.items)
        for p in pick_words(
            c.store,
            refs,
            learner,
            statuses=statuses,
            first_only=True,  # the deck takes each word's first item (anki.gather)
            extras=extras,
            model=c.model,
            max_bytes=c.max_bytes,
        )
    ]
    episodes: dict[str, Episode | None] = {ep.id: ep for ep, _ in sources}
    return gather(sources), episodes, [ep.id for ep, _ in sources], [ep.title for ep, _ in sources]
