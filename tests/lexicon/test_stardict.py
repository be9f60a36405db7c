"""StarDict imports on dictionaries generated here from the documented file format:
`.ifo` text, `.idx` records of (word, NUL, offset u32 BE, size u32 BE), `.dict` data (or a gzip'd
`.dict.dz`), and the optional `.syn` (word, NUL, entry index u32 BE)."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import pytest

from studyterm.lexicon import Lexicon
from studyterm.store import Store

from .dicts import RARE_WORDS, assert_one_line_error, dict_list, library_state, vocab

# (word, fields): field type letters as in the format ('m' text, 't' phonetic, 'h' HTML)
WORDS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "sesquipedalian",
        [
            ("t", "ˌses.kwɪ.pɪˈdeɪ.li.ən"),
            ("m", "爱用长词的；冗长的"),
            ("h", "<b>adj.</b> using long words &amp; long sentences<br>pedantic"),
        ],
    ),
    ("perspicacious", [("t", "ˌpɜː.spɪˈkeɪ.ʃəs"), ("m", "敏锐的；有洞察力的")]),
    ("obstreperous", [("m", "吵闹的；不守秩序的")]),
    ("forswear", [("m", "发誓戒除")]),
    ("Lugubrious", [("m", "悲伤的；阴郁的")]),
]


def write_stardict(
    folder: Path,
    name: str,
    words: list[tuple[str, list[tuple[str, str]]]],
    *,
    same_type: str | None = None,
    dz: bool = False,
    offset_bits: int = 32,
    syn: dict[str, str] | None = None,
) -> Path:
    """Write a StarDict dictionary; returns the .ifo path.

    With `same_type` (e.g. "m") every entry has just those fields and no type bytes;
    otherwise each field is a type letter followed by NUL-terminated UTF-8 text.
    """
    folder.mkdir(parents=True, exist_ok=True)
    ordered = sorted(words, key=lambda w: (w[0].casefold(), w[0]))
    data = bytearray()
    idx = bytearray()
    for word, fields in ordered:
        if same_type:
            assert [t for t, _ in fields] == list(same_type)
            blob = b"\0".join(text.encode() for _, text in fields)  # the last runs to the end
        else:
            blob = b"".join(t.encode() + text.encode() + b"\0" for t, text in fields)
        idx += word.encode() + b"\0"
        idx += struct.pack(">QI" if offset_bits == 64 else ">II", len(data), len(blob))
        data += blob
    (folder / f"{name}.idx").write_bytes(bytes(idx))
    if dz:
        (folder / f"{name}.dict.dz").write_bytes(gzip.compress(bytes(data)))
    else:
        (folder / f"{name}.dict").write_bytes(bytes(data))
    lines = [
        "StarDict's dict ifo file",
        "version=3.0.0" if offset_bits == 64 else "version=2.4.2",
        f"wordcount={len(ordered)}",
        f"idxfilesize={len(idx)}",
        f"bookname={name} test",
        "author=studyterm tests",
        "date=2025.06.17",
    ]
    if same_type:
        lines.append(f"sametypesequence={same_type}")
    if offset_bits == 64:
        lines.append("idxoffsetbits=64")
    if syn:
        index = {w: i for i, (w, _) in enumerate(ordered)}
        raw = b"".join(
            form.encode() + b"\0" + struct.pack(">I", index[lemma]) for form, lemma in sorted(syn.items())
        )
        (folder / f"{name}.syn").write_bytes(raw)
        lines.append(f"synwordcount={len(syn)}")
    ifo = folder / f"{name}.ifo"
    ifo.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ifo


def _plain_words() -> list[tuple[str, list[tuple[str, str]]]]:
    return [(w, [f for f in fields if f[0] == "m"]) for w, fields in WORDS]


def test_plain_dict_imports_and_answers_vocab(library: Path, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ifo = write_stardict(tmp_path / "sd", "rare", _plain_words(), same_type="m")
    result = run_cli("dict", "import", str(ifo))
    assert result.code == 0, result.err
    assert "imported rare (stardict): 5 entries" in result.out
    assert dict_list(run_cli)[2]["source"] == str(ifo.resolve())
    # the built-in glossary knows these words too; a learner who prefers this dictionary says so
    assert run_cli("dict", "order", "rare").code == 0
    words = vocab(run_cli, str(RARE_WORDS))
    assert words["obstreperous"]["gloss"] == "吵闹的；不守秩序的"
    assert words["perspicacious"]["pronunciation"] is None
    with Store.open(library) as store:
        # the capitalised headword is found by its lower-case key
        entry = Lexicon.for_store(store).lookup("lugubrious", "ADJ")
        assert entry is not None and entry.gloss == "悲伤的；阴郁的"


def test_dictzip_typed_fields_and_synonyms(library: Path, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ifo = write_stardict(
        tmp_path / "sd", "typed", WORDS, dz=True, syn={"forswore": "forswear", "forsworn": "forswear"}
    )
    dz = ifo.with_suffix(".dict.dz")
    assert not ifo.with_suffix(".dict").exists()
    result = run_cli("dict", "import", str(dz))  # any of its files names the dictionary
    assert result.code == 0, result.err
    assert run_cli("dict", "order", "typed").code == 0  # before the built-in glossary
    words = vocab(run_cli, str(RARE_WORDS))
    s = words["sesquipedalian"]
    assert s["gloss"] == "爱用长词的；冗长的"
    assert s["definition"] == "adj. using long words & long sentences; pedantic"  # HTML as text
    assert s["pronunciation"] == "/ˌses.kwɪ.pɪˈdeɪ.li.ən/"
    with Store.open(library) as store:
        entry = Lexicon.for_store(store).lookup("forsworn", "VERB", ("forsworn",))
        assert entry is not None and entry.gloss == "发誓戒除"  # through the .syn file


def test_64_bit_offsets(library: Path, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ifo = write_stardict(tmp_path / "sd", "wide", _plain_words(), same_type="m", offset_bits=64)
    result = run_cli("dict", "import", str(ifo.parent))  # a folder holding one dictionary
    assert result.code == 0, result.err
    assert dict_list(run_cli)[2]["entries"] == 5


def _truncated_idx(ifo: Path) -> str:
    idx = ifo.with_suffix(".idx")
    idx.write_bytes(idx.read_bytes()[:-5])
    # the .ifo agrees with the cut file, so the record structure itself must catch it
    ifo.write_text(
        ifo.read_text(encoding="utf-8").replace(
            "idxfilesize=", f"idxfilesize={idx.stat().st_size}\nold_idxfilesize="
        ),
        encoding="utf-8",
    )
    return "rare.idx"


def _missing_dict(ifo: Path) -> str:
    ifo.with_suffix(".dict").unlink()
    return "rare.ifo"


def _missing_idx(ifo: Path) -> str:
    ifo.with_suffix(".idx").unlink()
    return "rare.ifo"


def _short_dict(ifo: Path) -> str:
    data = ifo.with_suffix(".dict")
    data.write_bytes(data.read_bytes()[:-10])
    return "rare.dict"


def _wrong_wordcount(ifo: Path) -> str:
    ifo.write_text(ifo.read_text(encoding="utf-8").replace("wordcount=5", "wordcount=7"), encoding="utf-8")
    return "rare.idx"


def _not_an_ifo(ifo: Path) -> str:
    ifo.write_bytes(b"\x00\x01binary junk\xff")
    return "rare.ifo"


def _broken_dz(ifo: Path) -> str:
    data = ifo.with_suffix(".dict")
    dz = ifo.with_suffix(".dict.dz")
    dz.write_bytes(gzip.compress(data.read_bytes())[:-12])  # cut off: no gzip trailer
    data.unlink()
    return "rare.dict.dz"


@pytest.mark.parametrize(
    "damage",
    [_truncated_idx, _missing_dict, _missing_idx, _short_dict, _wrong_wordcount, _not_an_ifo, _broken_dz],
)
def test_broken_dictionaries_change_nothing(library: Path, run_cli, tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    good = write_stardict(tmp_path / "good", "good", _plain_words(), same_type="m")
    assert run_cli("dict", "import", str(good)).code == 0
    before = library_state(library)
    ifo = write_stardict(tmp_path / "bad", "rare", _plain_words(), same_type="m")
    named = damage(ifo)
    result = run_cli("dict", "import", str(ifo))
    assert_one_line_error(result, named)
    assert library_state(library) == before
