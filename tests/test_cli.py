"""The command line end to end: real files, real pipeline, real library."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.analysis.test_vocab import REQUIRED

NAMES = {"tokayev", "astana", "kazakh", "sco", "xi", "kazakhstan"}


def _snapshot(lib: Path) -> dict[str, str]:
    """Every file of the library with a hash of its content (to prove nothing changed).

    SQLite's -shm file is left out: it is a shared-memory index that readers update, not data.
    """
    if not lib.exists():
        return {}
    return {
        str(p.relative_to(lib)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(lib.rglob("*"))
        if p.is_file() and not p.name.endswith("-shm")
    }


def test_import_is_idempotent_and_listed(run_cli, library: Path, sample_path: Path) -> None:
    first = run_cli("import", str(sample_path))
    assert first.code == 0, first.err
    assert "imported" in first.out and "Sino-Kazakh" in first.out
    second = run_cli("import", str(sample_path))
    assert "already in the library" in second.out
    listed = json.loads(run_cli("list", "--format", "json").out)
    assert len(listed) == 1
    assert listed[0]["podcast"] == "China Daily Podcast"
    assert listed[0]["advanced"] > 10 and 80 < listed[0]["coverage"] < 100


def test_vocab_json_fields_and_content(run_cli, library: Path, sample_path: Path) -> None:
    result = run_cli("vocab", str(sample_path), "--format", "json")
    assert result.code == 0, result.err
    records = json.loads(result.out)
    lemmas = {r["lemma"] for r in records}
    for word in REQUIRED:
        assert word in lemmas
    assert not lemmas & NAMES
    first = records[0]
    for field in (
        "lemma",
        "pos",
        "level",
        "band",
        "rank",
        "zipf",
        "count",
        "forms",
        "gloss",
        "definition",
        "tags",
        "examples",
    ):
        assert field in first
    multi = next(r for r in records if r["lemma"] == "multilateralism")
    assert multi["band"] == "off-list" and multi["examples"][0].startswith("Amid a complex")


def test_mark_changes_the_vocabulary(run_cli, library: Path, sample_path: Path) -> None:
    run_cli("import", str(sample_path))
    assert run_cli("mark", "known", "Synergy", "multilateralism").code == 0
    records = json.loads(run_cli("vocab", "sino-kazakh", "--format", "json").out)
    lemmas = {r["lemma"] for r in records}
    assert "synergy" not in lemmas and "multilateralism" not in lemmas
    run_cli("mark", "learning", "cooperation")
    records = json.loads(run_cli("vocab", "sino-kazakh", "--format", "json").out)
    coop = next(r for r in records if r["lemma"] == "cooperation")
    assert coop["status"] == "learning"


def test_level_option_changes_what_is_advanced(run_cli, library: Path, sample_path: Path) -> None:
    low = json.loads(run_cli("vocab", str(sample_path), "--format", "json", "--level", "2000").out)
    high = json.loads(run_cli("vocab", str(sample_path), "--format", "json", "--level", "9k").out)
    assert len(low) > len(high)
    bad = run_cli("vocab", str(sample_path), "--level", "Z9")
    assert bad.code == 2 and "Z9" in bad.err


def test_profile_json(run_cli, library: Path, sample_path: Path) -> None:
    result = run_cli("profile", str(sample_path), "--format", "json")
    prof = json.loads(result.out)[0]
    assert sum(b["tokens"] for b in prof["bands"].values()) == prof["tokens"]
    assert prof["to_98"] and 0.9 < prof["coverage"] < 1.0


def test_show_json_round_trips(run_cli, library: Path, sample_path: Path, tmp_path: Path) -> None:
    run_cli("import", str(sample_path))
    out = run_cli("show", "sino", "--format", "json").out
    exported = tmp_path / "episode.json"
    exported.write_text(out, encoding="utf-8")
    again = run_cli("import", str(exported))
    assert again.code == 0 and "already in the library" in again.out


def test_episode_text_is_shown_literally(run_cli, library: Path, tmp_path: Path) -> None:
    path = tmp_path / "markup.txt"
    path.write_text(
        "The [bold]minister[/bold] said [link=http://x]hi[/link] <b>now</b> "
        "\x1b[31mred\x1b[0m and [/laughter] things.",
        encoding="utf-8",
    )
    result = run_cli("show", str(path))
    assert result.code == 0, result.err
    assert "[bold]minister[/bold]" in result.out and "<b>now</b>" in result.out
    assert "[/laughter]" in result.out
    assert "\x1b" not in result.out and "\\x1b[31m" in result.out


BAD_FILES = {
    "empty.txt": b"",
    "blank.txt": b"   \n\n  ",
    "binary.txt": bytes(range(256)) * 4,
    "cut.txt": "The multilateral talks ended 多".encode()[:-1],
    "broken.json": b'{"studyterm": "episode", "title": ',
    "other.json": b'{"hello": 1}',
    "cut.srt": b"1\n00:00:01,000 --> 00:00:02,000\nHello there.\n\n2\n00:00:03,000 --> 00:0",
    "nothing.vtt": b"WEBVTT\n\n00:01.000 --> 00:0x\nhi\n",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_input_one_line_exit_1_library_unchanged(
    run_cli, library: Path, sample_path: Path, tmp_path: Path, name: str
) -> None:
    run_cli("import", str(sample_path))
    before = _snapshot(library)
    bad = tmp_path / name
    bad.write_bytes(BAD_FILES[name])
    for command in (["import", str(bad)], ["vocab", str(bad)], ["import", str(sample_path), str(bad)]):
        result = run_cli(*command)
        assert result.code == 1, (name, result)
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and str(bad) in lines[0], result.err
        assert "Traceback" not in result.err
        assert _snapshot(library) == before


def test_missing_directory_and_huge_files(run_cli, library: Path, tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"word " * (1024 * 1024 // 5 + 10))
    for args, needle in [
        (["import", str(tmp_path / "nope.txt")], "no such file"),
        (["import", str(tmp_path)], "directory"),
        (["--max-size", "1", "import", str(huge)], "larger than"),
    ]:
        result = run_cli(*args)
        assert result.code == 1 and needle in result.err, result
        assert len(result.err.strip().splitlines()) == 1
    assert not library.exists()  # a failed first command does not even create the library


def test_cached_vocab_never_loads_spacy(run_cli, library: Path, sample_path: Path) -> None:
    assert run_cli("import", str(sample_path)).code == 0
    code = (
        "import sys, io, contextlib\n"
        "from studyterm.cli import main\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        "    try:\n"
        "        main(['vocab', 'sino', '--format', 'json'])\n"
        "    except SystemExit as e:\n"
        "        assert not e.code, e.code\n"
        "assert 'multilateralism' in buf.getvalue()\n"
        "print('spacy' in sys.modules, 'textual' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "STUDYTERM_HOME": str(library)},
    )
    assert out.stdout.split() == ["False", "False"]


def test_help_does_not_import_spacy() -> None:
    code = (
        "import sys\n"
        "from studyterm.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('spacy' in sys.modules, 'textual' in sys.modules, 'genanki' in sys.modules, file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "import" in out.stdout and "vocab" in out.stdout
    assert out.stderr.split() == ["False", "False", "False"]


def test_mark_takes_the_forms_a_learner_reads(run_cli, library: Path, sample_path: Path) -> None:
    run_cli("import", str(sample_path))
    result = run_cli("mark", "known", "Consolidated", "Think  Tanks", "bilateral ties", "weal")
    assert result.code == 0
    assert "consolidate (for Consolidated)" in result.out
    assert "think tank (for Think  Tanks)" in result.out
    lemmas = {r["lemma"] for r in json.loads(run_cli("vocab", "sino-kazakh", "--format", "json").out)}
    assert not {"consolidate", "think tank", "bilateral tie", "weal"} & lemmas
    # a word the library has not met is kept as typed, for later episodes
    assert "marked 1 word learning: obfuscated" in run_cli("mark", "learning", "Obfuscated").out


def test_tables_fit_an_80_column_terminal(run_cli, library: Path, sample_path: Path) -> None:
    from rich.cells import cell_len

    run_cli("import", str(sample_path))
    vocab = run_cli("vocab", "sino-kazakh", columns=80).out
    listing = run_cli("list", columns=80).out
    for out in (vocab, listing):
        assert max(cell_len(line) for line in out.splitlines()) <= 80
    # levels, counts and dates stay whole; the long words and titles wrap instead
    assert "┃ level ┃" in vocab and "┃ count ┃" in vocab and "│ C2    │" in vocab
    assert "│ 多边主义" in vocab
    assert "│ 2025-06-17 │" in listing and "│ f25f5b7a970c │" in listing


def test_show_of_subtitles_without_podcast_or_date(run_cli, library: Path, tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:03,000\nThe talks resumed.\n", encoding="utf-8")
    result = run_cli("show", str(path))
    assert result.code == 0, result.err
    # the title, one blank line, the transcript: no empty details line
    assert result.out.splitlines() == ["talk", "", "[0:01] The talks resumed."]


def test_an_empty_word_list_says_why(run_cli, library: Path, sample_path: Path) -> None:
    run_cli("import", str(sample_path))
    result = run_cli("vocab", "sino-kazakh", "--tag", "gre")  # no dictionary with tags installed
    assert result.code == 0 and result.out == ""
    assert result.err.startswith("no words match: ") and "dict install ecdict" in result.err
    assert len(result.err.splitlines()) == 1


def test_list_says_when_an_episode_is_not_analysed(run_cli, library: Path, sample_path: Path) -> None:
    from studyterm.store import Store

    assert run_cli("import", str(sample_path)).code == 0
    with Store.open(library) as store:  # as after an upgrade that changes the analysis version
        store._db.execute("DELETE FROM analyses")
    result = run_cli("list")
    assert "not analysed" in result.out and "studyterm vocab" in result.err
    assert run_cli("vocab", "sino", "--format", "json").code == 0  # analyses it again
    assert "not analysed" not in run_cli("list").out


@pytest.mark.parametrize(
    "args",
    [
        ["vocab", "{sample}", "--format", "csv", "-o", "{bad}/words.csv"],
        ["profile", "{sample}", "--format", "html", "-o", "{bad}/profile.html"],
        ["worksheet", "{sample}", "-o", "{bad}/sheet.html"],
        ["anki", "{sample}", "-o", "{bad}/deck.apkg"],
    ],
)
def test_unwritable_output_fails_before_any_work(
    run_cli, library: Path, sample_path: Path, tmp_path: Path, args: list[str]
) -> None:
    bad = tmp_path / "no-such-folder"
    result = run_cli(*[a.format(sample=sample_path, bad=bad) for a in args])
    assert result.code == 1 and "folder does not exist" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not library.exists()  # the episode was not even imported


def test_global_options_work_after_the_subcommand(run_cli, tmp_path: Path, sample_path: Path) -> None:
    lib = tmp_path / "after"
    assert run_cli("level", "--library", str(lib), "6000").code == 0
    assert run_cli("--library", str(lib), "level").out.strip() == "6000"
    imported = run_cli("import", str(sample_path), "--library", str(lib))
    assert imported.code == 0, imported.err
    listed = json.loads(run_cli("list", "--format", "json", f"--library={lib}").out)
    assert len(listed) == 1 and "Sino-Kazakh" in listed[0]["title"]
    assert run_cli("dict", "list", "--library", str(lib), "--format", "json").code == 0
    # given after the subcommand, it wins over the one before (and over STUDYTERM_HOME)
    other = tmp_path / "other"
    assert json.loads(run_cli("--library", str(other), "list", "--format", "json", "--library", str(lib)).out)
    assert not (other / "library.sqlite3").exists()


def test_every_command_takes_the_global_options() -> None:
    import click

    from studyterm.cli import cli

    def commands(group: click.Group, path: str = "") -> list[tuple[str, click.Command]]:
        found = []
        for name, cmd in group.commands.items():
            found.append((f"{path}{name}", cmd))
            if isinstance(cmd, click.Group):
                found.extend(commands(cmd, f"{path}{name} "))
        return found

    for name, cmd in commands(cli):
        opts = {o for p in cmd.params for o in getattr(p, "opts", [])}
        assert {"--library", "--model", "--max-size", "--debug"} <= opts, name
