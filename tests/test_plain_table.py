"""The plain layout of the CLI's tables (`cli/plain_table`) prints the very bytes Rich prints
for the same table: the word list of a file looks the same whichever of the two laid it out."""

from __future__ import annotations

import io
import random

import pytest
from rich.console import Console

from studyterm.cli.base import print_table

WORDS = [
    "multilateralism",
    "a",
    "tariff",
    "Sino-Kazakh",
    "cooperation",
    "it's",
    "“quoted”",
    "café",
    "naïve",
    "—",
    "x" * 40,
    "pneumonoultramicroscopicsilicovolcanoconiosis",
    "多边主义",
    "正确的；对的",
    "关税；税率",
    "礁；暗礁",
    "2025-06-17",
    "K10",
    "off-list",
    "C1",
    "12345",
    "e.g.",
]


def _cell(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.08:
        return ""
    if kind < 0.12:
        return " " * rng.randint(1, 3) + rng.choice(WORDS) + " " * rng.randint(0, 3)
    words = [rng.choice(WORDS) for _ in range(rng.choice([1, 1, 2, 4, 9, 16]))]
    text = " ".join(words)
    if rng.random() < 0.1:
        text = text.replace(" ", "  ")
    return text


def _both(headers: list[str], rows: list[list[object]], title: str | None, width: int) -> tuple[str, str]:
    out = []
    for plain in (True, False):
        sink = io.StringIO()
        console = Console(file=sink, width=width, soft_wrap=False, color_system=None)
        print_table(console, headers, rows, title=title, wide={"example"}, plain=plain)
        out.append(sink.getvalue())
    return out[0], out[1]


@pytest.mark.parametrize("seed", range(60))
def test_random_tables_print_as_rich_prints_them(seed: int) -> None:
    rng = random.Random(seed)
    ncols = rng.randint(1, 8)
    headers = rng.sample(
        ["word", "pos", "level", "band", "rank", "count", "gloss", "example", "title"], ncols
    )
    rows: list[list[object]] = [
        [rng.choice([None, rng.randint(0, 99999)]) if rng.random() < 0.1 else _cell(rng) for _ in headers]
        for _ in range(rng.randint(0, 25))
    ]
    title = rng.choice([None, "", "t13k", "A very long episode title " * rng.randint(1, 8), "多边主义与合作"])
    width = rng.choice([20, 40, 60, 80, 109, 110, 120, 200])
    plain, rich = _both(headers, rows, title, width)
    assert plain == rich


def test_a_word_list_prints_as_rich_prints_it() -> None:
    headers = ["word", "pos", "level", "band", "rank", "count", "gloss", "example"]
    rows: list[list[object]] = [
        [
            "right",
            "ADJ",
            "C1",
            "K1",
            120,
            16,
            "正确的；对的",
            "If those models are right, rogue planets may vastly outnumber stars.",
        ],
        [
            "multilateralism",
            "NOUN",
            "C2",
            "off-list",
            None,
            1,
            "多边主义",
            "Both sides back multilateralism.",
        ],
        ["call on sb to", "VERB", "B2", "K2", 1500, 2, "", "They called on Kazakhstan to join."],
    ]
    for width in (30, 50, 80, 120, 160):
        plain, rich = _both(headers, rows, "China Daily — 2025-06-17", width)
        assert plain == rich


@pytest.mark.parametrize(
    "cell",
    ["tab\there", "two\nlines", "e\u0301", "flag \U0001f1e8\U0001f1f3", "zero\u200dwidth", "wide\u3000space"],
)
def test_text_it_cannot_promise_is_left_to_rich(cell: str) -> None:
    plain, rich = _both(["word", "example"], [[cell, cell + " and more words here"]], "title", 40)
    assert plain == rich
