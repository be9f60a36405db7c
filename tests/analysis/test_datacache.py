"""The cache of derived tables: loaded when fresh, rebuilt when stale or damaged, never fatal, and
giving exactly the answers the sources give."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studyterm.analysis import datacache
from studyterm.analysis.datacache import cached


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("STUDYTERM_CACHE", str(folder))
    return folder


class Builder:
    """A table builder that counts its calls, in whichever process they are made (a cold table
    is built in a forked process): each call writes its process id to a file."""

    _made = 0

    def __init__(self, value: object) -> None:
        self.value = value
        Builder._made += 1
        folder = Path(os.environ.get("STUDYTERM_CACHE", ".")).parent
        self.log = folder / f"builder-{Builder._made}.calls"

    def __call__(self) -> object:
        with self.log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return self.value

    @property
    def pids(self) -> list[int]:
        return [int(line) for line in self.log.read_text().split()] if self.log.exists() else []

    @property
    def calls(self) -> int:
        return len(self.pids)


def _source(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "source.tsv"
    path.write_text(text, encoding="utf-8")
    datacache._digests.pop(str(path), None)  # as a new process would see it
    return path


TABLE = {"word": {"NOUN": "B2"}, ("bill", "NOUN"): ((frozenset({"law"}), "C1"),), "n": [1.5, None]}


def test_built_once_then_loaded(cache: Path, tmp_path: Path) -> None:
    source = _source(tmp_path, "a\tb\n")
    build = Builder(TABLE)
    assert cached("table", build, sources=[source]) == TABLE
    assert cached("table", build, sources=[source]) == TABLE
    assert build.calls == 1
    assert [p.name.split("-")[0] for p in cache.iterdir()] == ["table"]


def test_a_changed_source_rebuilds_and_the_stale_file_goes(cache: Path, tmp_path: Path) -> None:
    cached("table", Builder("old"), sources=[_source(tmp_path, "one\n")])
    build = Builder("new")
    assert cached("table", build, sources=[_source(tmp_path, "two\n")]) == "new"
    assert build.calls == 1
    assert len(list(cache.glob("table-*"))) == 1  # the old key's file is removed


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],  # cut off
        lambda blob: blob[:-5] + bytes(b ^ 0xFF for b in blob[-5:]),  # bits flipped
        lambda blob: b"",  # empty
        lambda blob: os.urandom(len(blob)),  # garbage
    ],
)
def test_a_damaged_file_is_rebuilt(cache: Path, tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    source = _source(tmp_path, "x\n")
    cached("table", Builder(TABLE), sources=[source])
    (path,) = cache.glob("table-*")
    path.write_bytes(damage(path.read_bytes()))
    build = Builder(TABLE)
    assert cached("table", build, sources=[source]) == TABLE
    assert build.calls == 1
    again = Builder(TABLE)
    assert cached("table", again, sources=[source]) == TABLE
    assert again.calls == 0  # and the rebuilt file is good


def test_an_unusable_cache_folder_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("STUDYTERM_CACHE", str(blocker))
    build = Builder(TABLE)
    assert cached("table", build) == TABLE
    assert cached("table", build) == TABLE
    assert build.calls == 2
    assert blocker.read_text(encoding="utf-8").startswith("a file")


def test_temporary_files_of_killed_writers_are_removed(cache: Path, tmp_path: Path) -> None:
    cache.mkdir()
    old, fresh = cache / ".table-abc.tmp", cache / ".table-def.tmp"
    for path in (old, fresh):
        path.write_bytes(b"half a table")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    cached("table", Builder(1), sources=[_source(tmp_path, "y\n")])
    assert not old.exists()
    assert fresh.exists()  # maybe another process writing right now


def test_the_code_that_builds_a_table_is_part_of_its_key(cache: Path, tmp_path: Path) -> None:
    module = tmp_path / "builder_mod.py"
    module.write_text("X = 1\n", encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        import builder_mod  # noqa: F401

        cached("table", Builder("v1"), code=["builder_mod"])
        module.write_text("X = 2\n", encoding="utf-8")
        datacache._digests.clear()
        datacache._code_digest.cache_clear()
        build = Builder("v2")
        assert cached("table", build, code=["builder_mod"]) == "v2"
        assert build.calls == 1
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("builder_mod", None)


def test_shipped_tables_load_back_equal_to_what_was_built(cache: Path) -> None:
    """Each real table, built from its source into an empty cache, then read back from the file."""
    from studyterm.analysis import known, levels, phrases
    from studyterm.lexicon import lookup

    loaders = [
        known._indexes,
        levels._freq_dict,
        levels._family_table,
        levels._cefr_table,
        phrases._read_list,
        phrases._pattern_index,
    ]
    for load in loaders:
        clear = getattr(load, "cache_clear", lambda: None)
        clear()
        built = load()  # from the source, into the empty cache
        clear()
        assert load() == built  # from the cache file
    glossary = lookup.BuiltinGlossary()
    assert glossary.get("multilateralism", "NOUN") == lookup.BuiltinGlossary().get("multilateralism", "NOUN")
    assert len(list(cache.iterdir())) >= len(loaders) + 1


def test_word_zipf_is_wordfreqs_answer(cache: Path) -> None:
    from wordfreq import zipf_frequency

    from studyterm.analysis.known import word_zipf

    words = [
        "the",
        "multilateralism",
        "xqzvy",
        "preserve",
        "preserving",
        "zzz",
        "a",
        "EU",
        "don't",
        "café",
        "covid19",
        "Beijing",
        "uncover",
        "reignite",
        "sway",
    ]
    word_zipf.cache_clear()
    assert [word_zipf(w) for w in words] == [zipf_frequency(w, "en") for w in words]


def test_cefr_levels_are_cefrpys_answer(cache: Path) -> None:
    import cefrpy

    from studyterm.analysis.levels import _PENN, cefr_from_list

    analyzer = cefrpy.CEFRAnalyzer()
    words = [
        "bill",
        "run",
        "quickly",
        "happy",
        "uphold",
        "momentum",
        "sofa",
        "london",
        "xqzvy",
        "cross-border",
        "data",
        "media",
        "imminent",
        "take",
        "state-of-the-art",
    ]
    for word in words:
        for pos, tag in _PENN.items():
            level = analyzer.get_word_pos_level_CEFR(word, tag)
            assert cefr_from_list(word, pos) == (level.name if level is not None else None), (word, pos)


def test_family_ranks_do_not_depend_on_the_hash_seed(cache: Path) -> None:
    """A set's order once moved the last bit of a family's frequency, and ranks by one."""
    code = (
        "from studyterm.analysis.levels import level_of\n"
        "print([level_of(w, p).rank for w, p in [('agree', 'VERB'), ('argue', 'VERB'), "
        "('uncover', 'VERB'), ('sway', 'VERB'), ('showcase', 'VERB'), ('formulate', 'VERB'), "
        "('reignite', 'VERB'), ('nudge', 'VERB'), ('dilute', 'VERB')]])"
    )
    env = {**os.environ, "STUDYTERM_CACHE": str(cache)}
    ranks = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**env, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "2", "3")
    }
    assert len(ranks) == 1, ranks


def _big_tables() -> tuple[dict[str, float], dict[tuple[str, str], tuple[str, ...]], dict[str, int]]:
    words = {f"w{n:05d}é": n / 7 for n in range(5000)}
    pairs = {(f"head{n}", "NOUN" if n % 2 else "VERB"): (f"gloss {n}",) for n in range(3000)}
    return words, pairs, {"small": 1}


def test_a_lookup_table_answers_as_the_dict_it_was_built_from(cache: Path, tmp_path: Path) -> None:
    source = _source(tmp_path, "x\n")
    tables = _big_tables()
    build = Builder(tables)
    cached("lookup", build, sources=[source], lookup=True)
    words, pairs, small = cached("lookup", build, sources=[source], lookup=True)
    assert build.calls == 1
    assert isinstance(words, datacache.LookupTable) and isinstance(pairs, datacache.LookupTable)
    assert type(small) is dict  # too small to be worth buckets
    assert words.get("w00042é") == 42 / 7 and words["w04999é"] == 4999 / 7
    assert words.get("absent") is None and words.get("absent", 0.0) == 0.0 and "absent" not in words
    assert words.get(42) is None and ("head1",) not in words  # keys of another kind: not there
    with pytest.raises(KeyError):
        words["absent"]
    assert pairs.get(("head7", "NOUN")) == ("gloss 7",) and ("head7", "VERB") not in pairs
    assert len(words) == 5000 and len(pairs) == 3000
    assert list(words) == list(tables[0]) and list(pairs.items()) == list(tables[1].items())
    assert words == tables[0]


def test_a_damaged_bucket_still_gives_the_right_answers(cache: Path, tmp_path: Path) -> None:
    source = _source(tmp_path, "x\n")
    tables = _big_tables()
    cached("lookup", Builder(tables), sources=[source], lookup=True)
    (path,) = cache.glob("lookup-*")
    blob = bytearray(path.read_bytes())
    head = len(datacache._MAGIC) + 8
    body = head + 4 + int.from_bytes(blob[head : head + 4], "big")
    blob[body + 3 : body + 40] = bytes(37)  # the first buckets zeroed
    path.write_bytes(bytes(blob))
    build = Builder(tables)
    words, pairs, _ = cached("lookup", build, sources=[source], lookup=True)
    assert all(words.get(k) == v for k, v in tables[0].items())
    assert all(pairs[k] == v for k, v in tables[1].items())
    assert build.calls == 1  # built again, once, when the damage showed
    assert not path.exists()  # and written again by the next process


def test_values_made_on_use_answer_as_the_dict_of_made_values(cache: Path, tmp_path: Path) -> None:
    """The phrase list's rows made into phrases as they are asked for: the same answers, each
    made once, and going through it goes through the cached table in its order."""
    source = _source(tmp_path, "x\n")
    rows = {f"phrase {n}": (f"phrase {n}", n) for n in range(3000)}
    made: list[str] = []

    def make(row: tuple[str, int]) -> list[object]:
        made.append(row[0])
        return [*row, "made"]

    cached("rows", Builder((rows,)), sources=[source], lookup=True)
    (table,) = cached("rows", Builder((rows,)), sources=[source], lookup=True)
    lazy = datacache.MadeOnUse(table, make)
    assert lazy.get("phrase 7") == ["phrase 7", 7, "made"] and lazy["phrase 7"] is lazy.get("phrase 7")
    assert made == ["phrase 7"]  # once, and nothing else
    assert lazy.get("absent") is None and lazy.get("absent", 0) == 0 and "absent" not in lazy
    assert "phrase 2999" in lazy and made == ["phrase 7"]  # a look-up makes nothing
    with pytest.raises(KeyError):
        lazy["absent"]
    assert len(lazy) == 3000 and list(lazy) == list(rows)
    assert dict(lazy.items()) == {k: [*v, "made"] for k, v in rows.items()}


_PROBE = """
import os, sys, threading
from studyterm.analysis.datacache import cached

def build():
    with open(sys.argv[1], "a") as out:
        out.write(f"{os.getpid()}\\n")
    return {f"word{n}": (n, f"gloss {n}") for n in range(300_000)}

if sys.argv[2] == "thread":  # another thread running: no fork beside it
    stop = threading.Event()
    threading.Thread(target=stop.wait, daemon=True).start()
table = cached("probe", build, lookup=True)
assert table["word12345"] == (12345, "gloss 12345") and len(table) == 300_000
rss = [line.split()[1] for line in open("/proc/self/status") if line.startswith("VmRSS")][0]
print(os.getpid(), int(rss) // 1024)
"""


def _probe(cache: Path, tmp_path: Path, threads: str = "one") -> tuple[int, int, list[int]]:
    """A new process asking for a table of 300,000 entries: its pid, its resident MB after, and
    the pids of the processes that built the table."""
    calls = tmp_path / f"calls-{len(list(tmp_path.glob('calls-*')))}"
    env = {**os.environ, "STUDYTERM_CACHE": str(cache)}
    command = [sys.executable, "-c", _PROBE, str(calls), threads]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout.split()
    built = [int(line) for line in calls.read_text().split()] if calls.exists() else []
    return int(out[0]), int(out[1]), built


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="built in a forked process on Linux only")
def test_a_cold_table_is_built_in_a_process_of_its_own_and_leaves_nothing_behind(
    cache: Path, tmp_path: Path
) -> None:
    pid, cold_mb, built = _probe(cache, tmp_path)
    assert len(built) == 1 and built[0] != pid  # built once, by a child
    _, warm_mb, rebuilt = _probe(cache, tmp_path)
    assert rebuilt == []
    # the dict built holds about 60 MB: the first run keeps none of it (the first import of a
    # huge file peaks no higher than the next ones)
    assert cold_mb <= warm_mb + 15, (cold_mb, warm_mb)


def test_beside_another_thread_a_cold_table_is_built_in_place(cache: Path, tmp_path: Path) -> None:
    pid, _, built = _probe(cache, tmp_path, "thread")
    assert built == [pid]
    assert _probe(cache, tmp_path)[2] == []  # and cached for the next process
