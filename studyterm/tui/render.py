"""Episode text → Textual `Content`, pure functions with no widget or app state.

Episode text is data. Textual 8 reads `[bold]` or `[/laughter]` in a markup string as tags (and
raises on the unbalanced ones), and a terminal obeys `\\x1b[31m`. So text is never given to a
widget as markup: `safe_text` swaps every control character for a visible stand-in of the same
length (offsets of words stay valid), `Content(text)` holds it literally, and styles are laid on
as spans with `Content.stylize`. Everything here is testable without running the app.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import overload

from rich.cells import cell_len
from textual.content import Content
from textual.style import Style

from studyterm.model import Segment

__all__ = [
    "DisplayMap",
    "Para",
    "Paragraphs",
    "StyleMap",
    "WordDetail",
    "cell_to_index",
    "clock",
    "gloss_strip_content",
    "legend_content",
    "line_content",
    "paragraphs",
    "readable_inserts",
    "safe_text",
    "styled",
    "summary_content",
    "word_detail_content",
    "wrap_cjk",
    "wrap_offsets",
]

StyleMap = Mapping[str, "Style | str"]


def _control_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        table[code] = chr(0x2400 + code)  # ␀ … ␟: the Unicode "control pictures"
    for code in (0x09, 0x0B, 0x0C, 0x0D):  # tab, vertical tab, form feed, CR: plain spaces
        table[code] = " "
    del table[0x0A]  # newlines stay: they break lines
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):  # C1 controls (0x9B is a CSI on some terminals)
        table[code] = "\ufffd"
    return table


_CONTROLS = _control_table()
# bidirectional embedding, override and isolate controls, and the directional marks
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_WORD = re.compile(r"[^ ]+")


def safe_text(text: str) -> str:
    """The text with every control character replaced by one visible character.

    Same length as the input, so occurrence offsets computed on the original still apply.
    Bidirectional controls are shown as U+FFFD too: they would make the terminal reorder text.
    """
    return _BIDI.sub("\ufffd", text.translate(_CONTROLS))


def styled(text: str, spans: Iterable[tuple[int, int, Style | str]] = ()) -> Content:
    """Literal text with style spans (character offsets into `text`)."""
    content = Content(safe_text(text), strip_control_codes=False)
    for start, end, style in spans:
        content = content.stylize(style, start, end)
    return content


def clock(seconds: float | None) -> str:
    """A timestamp as m:ss, or h:mm:ss past the hour; "" when unknown."""
    if seconds is None:
        return ""
    s = max(0, int(seconds))
    if s >= 3600:
        return f"{s // 3600:d}:{s // 60 % 60:02d}:{s % 60:02d}"
    return f"{s // 60:d}:{s % 60:02d}"


# -- the transcript -------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """One block of the transcript as displayed: a segment's (safe) text, its timestamp, and the
    speaker label shown above it when the speaker changes.

    `inserts` is what the display adds to the stored text, as (offset, text) pairs: the text is
    shown before the character at that offset (a space after a run-together sentence end, a
    blank line between readable paragraphs). Offsets everywhere else stay the stored text's."""

    text: str
    stamp: str = ""
    label: str | None = None
    gap: bool = True  # a blank line after it (paragraphs); timed cues run on
    inserts: tuple[tuple[int, str], ...] = ()


class DisplayMap:
    """Offsets of a paragraph's stored text ↔ offsets of its displayed text (the stored text
    with `Para.inserts` added)."""

    def __init__(self, text: str, inserts: Sequence[tuple[int, str]] = ()) -> None:
        self.positions = [pos for pos, _ in inserts]
        self.lengths = [len(add) for _, add in inserts]
        self.cum = [0]  # cum[k]: characters added by the first k inserts
        for n in self.lengths:
            self.cum.append(self.cum[-1] + n)
        self.starts = [pos + self.cum[k] for k, pos in enumerate(self.positions)]
        pieces: list[str] = []
        last = 0
        for pos, add in inserts:
            pieces += [text[last:pos], add]
            last = pos
        pieces.append(text[last:])
        self.text = "".join(pieces)

    def to_display(self, offset: int) -> int:
        """Where the stored character at `offset` is shown (a span's start)."""
        return offset + self.cum[bisect.bisect_right(self.positions, offset)]

    def to_display_end(self, end: int) -> int:
        """Where a span of the stored text ending (exclusive) at `end` ends when shown."""
        return end + self.cum[bisect.bisect_left(self.positions, end)]

    def to_stored(self, offset: int, inside: int | None = None) -> int | None:
        """The stored offset of displayed character `offset`; for a character the display
        added, `inside` (None, or e.g. the stored offset it stands before when given -1)."""
        k = bisect.bisect_right(self.starts, offset)
        if k and offset < self.starts[k - 1] + self.lengths[k - 1]:
            return None if inside is None else self.positions[k - 1]
        return offset - self.cum[k]

    def stored_floor(self, offset: int) -> int:
        """The stored offset of displayed `offset`, or of the character an added one precedes."""
        found = self.to_stored(offset, inside=-1)
        assert found is not None
        return found


_SENTENCE_END = re.compile(
    r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|vs|No|Mt))(?<!\bMrs)"  # not U.S., Mr., Mrs. …
    r"[a-z0-9)%]{1}[.!?][\"”’)]*(\s*)(?=[\"“‘(]?[A-Z])"
)
_STOP = re.compile("[.!?]")


def _sentence_ends(text: str) -> Iterator[re.Match[str]]:
    """`_SENTENCE_END.finditer(text)`, tried only before a full stop, question or exclamation
    mark: the pattern's look-behinds, tried at every character, made a 2.4-million-word
    transcript's display text take seconds."""
    done = 0  # where the last match ended: matches do not overlap
    match_at = _SENTENCE_END.match
    for stop in _STOP.finditer(text):
        start = stop.start() - 1
        if start >= done:
            found = match_at(text, start)
            if found is not None:
                done = found.end()
                yield found


PARA_CHARS = 420  # a long block is shown in paragraphs of about this many characters
_LONG_BLOCK = 2 * PARA_CHARS


def readable_inserts(text: str) -> tuple[tuple[int, str], ...]:
    """What to add to a transcript block so it reads: a space where a sentence runs into the next
    ("media.Kazakhstan"), and, in a long block with no line breaks of its own, a blank line
    every few sentences (each paragraph at least `PARA_CHARS` characters)."""
    long_block = len(text) >= _LONG_BLOCK and "\n" not in text
    inserts: list[tuple[int, str]] = []
    para_start = 0
    for match in _sentence_ends(text):
        nxt = match.end()
        if long_block and nxt - para_start >= PARA_CHARS and len(text) - nxt >= PARA_CHARS // 3:
            inserts.append((nxt, "\n\n"))
            para_start = nxt
        elif not match.group(1):
            inserts.append((nxt, " "))
    return tuple(inserts)


def paragraphs(segments: Sequence[Segment]) -> list[Para]:
    """Display blocks for an episode's segments, one per segment, so that the segment index is
    the block index and occurrence offsets apply unchanged."""
    return list(Paragraphs(segments))


class Paragraphs(Sequence[Para]):
    """`paragraphs`, each block made when first read: the transcript view reads those it lays
    out, so a 2.4-million-word transcript shows before all of its 50,000 blocks are made."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        self._segments = segments
        # each block's stored length, for the view's estimates of the blocks not wrapped yet:
        # made here, by the loading worker, not by the view before its first paint
        self.lengths = [len(s.text) for s in segments]
        self._timed = any(s.start is not None for s in segments)
        self._width = max((len(clock(s.start)) for s in segments), default=0) if self._timed else 0
        self._made: dict[int, Para] = {}

    def __len__(self) -> int:
        return len(self._segments)

    @overload
    def __getitem__(self, index: int) -> Para: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Para]: ...

    def __getitem__(self, index: int | slice) -> Para | Sequence[Para]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self._segments)
        para = self._made.get(index)
        if para is None:
            para = self._made[index] = self._make(index)
        return para

    def length(self, index: int) -> int:
        """The length of a block's stored text (its displayed one adds a few spaces), without
        making the block."""
        return self.lengths[index]

    def _make(self, i: int) -> Para:
        segments = self._segments
        seg = segments[i]  # IndexError past the end, as a list's
        speaker = seg.speaker
        previous = segments[i - 1].speaker if i else None
        label = safe_text(speaker) if speaker and speaker != previous else None
        nxt = segments[i + 1] if i + 1 < len(segments) else None
        text = safe_text(seg.text)
        return Para(
            text=text,
            stamp=clock(seg.start).rjust(self._width) if self._timed else "",
            label=label,
            gap=not self._timed or nxt is None or nxt.speaker != speaker,
            inserts=readable_inserts(text),
        )


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap by terminal cells: (start, end) character ranges of each line.

    Lines break after spaces; a newline forces a break; a word wider than the line is cut.
    Trailing spaces belong to no line, so `text[start:end]` is what is shown.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    wrap = _wrap_single if all(map(_one_cell, set(text) - {"\n"})) else _wrap_run
    while True:
        newline = text.find("\n", pos)
        stop = n if newline < 0 else newline
        wrap(text, pos, stop, width, lines)
        if newline < 0:
            break
        pos = newline + 1
    return lines


@lru_cache(maxsize=4096)
def _one_cell(char: str) -> bool:
    return cell_len(char) == 1


def _wrap_single(text: str, pos: int, stop: int, width: int, lines: list[tuple[int, int]]) -> None:
    """`_wrap_run` for text whose every character is one cell wide (nearly every transcript):
    the same lines, found a line at a time rather than a word at a time."""
    i = _past_spaces(text, pos, stop)
    if i >= stop:
        lines.append((pos, pos))  # an empty or all-space line
        return
    while True:  # i: where a word starts the line
        word_end = text.find(" ", i, stop)
        if word_end < 0:
            word_end = stop
        while word_end - i > width:  # a word wider than the line is cut
            lines.append((i, i + width))
            i += width
        limit = i + width
        if limit >= stop:  # the rest fits
            lines.append((i, _before_spaces(text, i, stop)))
            return
        space = text.rfind(" ", word_end, limit + 1)  # the last space the line can reach
        lines.append((i, _before_spaces(text, i, space)))
        i = _past_spaces(text, space, stop)
        if i >= stop:
            return


def _past_spaces(text: str, i: int, stop: int) -> int:
    while i < stop and text[i] == " ":
        i += 1
    return i


def _before_spaces(text: str, start: int, i: int) -> int:
    while i > start and text[i - 1] == " ":
        i -= 1
    return i


def _wrap_run(text: str, pos: int, stop: int, width: int, lines: list[tuple[int, int]]) -> None:
    """Wrap text[pos:stop] (no newlines) into `lines`."""
    line_start = line_end = -1  # -1: the line holds no word yet
    cells = 0
    for match in _WORD.finditer(text, pos, stop):
        ws, we = match.span()
        word_cells = cell_len(match.group())
        if line_start >= 0 and cells + (ws - line_end) + word_cells <= width:
            cells += (ws - line_end) + word_cells
            line_end = we
            continue
        if line_start >= 0:
            lines.append((line_start, line_end))
        if word_cells <= width:
            line_start, line_end, cells = ws, we, word_cells
            continue
        # a word wider than the line is cut by cells; its last piece starts the next line
        start, cells = ws, 0
        for m in range(ws, we):
            c = cell_len(text[m])
            if cells + c > width and m > start:
                lines.append((start, m))
                start, cells = m, 0
            cells += c
        line_start, line_end = start, we
    if line_start >= 0:
        lines.append((line_start, line_end))
    else:
        lines.append((pos, pos))  # an empty or all-space line


def line_content(text: str, start: int, end: int, spans: Iterable[tuple[int, int, Style | str]]) -> Content:
    """One wrapped line, text[start:end], with the spans (offsets into `text`) that touch it."""
    content = Content(text[start:end], strip_control_codes=False)
    for s, e, style in spans:
        s, e = max(s, start), min(e, end)
        if e > s:
            content = content.stylize(style, s - start, e - start)
    return content


def cell_to_index(text: str, cell: int) -> int | None:
    """The character of `text` under screen column `cell`, or None past its end."""
    x = 0
    for i, ch in enumerate(text):
        w = cell_len(ch)
        if x <= cell < x + max(1, w):
            return i
        x += w
    return None


# -- the side panels ------------------------------------------------------------------------


# Chinese line-breaking rules (禁则): no closing punctuation at the start of a line, no opening
# punctuation at its end. ASCII ones too: summaries often use "," for "，".
CLOSING = set("。．，、；：？！）」』”’》〉】〕〗…‥—～·％,.;:?!)]}%")
OPENING = set("（「『“‘《〈【〔〖([{")
_CJK_TOKEN = re.compile(r"[A-Za-z0-9'’\-]+|\s+|.", re.S)


def wrap_cjk(text: str, width: int) -> list[str]:
    """Wrap Chinese (and mixed) text into lines of at most `width` cells, breaking between any
    two Chinese characters or at spaces, never inside a Latin word that fits a line, and moving
    characters down so that no line starts with closing punctuation or ends with opening."""
    width = max(2, width)
    tokens = _CJK_TOKEN.findall(text)
    lines: list[list[str]] = [[]]
    cells = 0
    for token in tokens:
        w = cell_len(token)
        line = lines[-1]
        if token.isspace():
            if line:
                line.append(" ")
                cells += 1
            continue
        if cells + w <= width or not line:
            line.append(token)
            cells += w
            continue
        while line and line[-1] == " ":
            line.pop()
        carry: list[str] = []
        # pull characters down with a closing mark; push an opening mark down with its text
        if token[0] in CLOSING:
            while len(line) > 1 and (line[-1][-1] in CLOSING or not carry):
                carry.insert(0, line.pop())
                if carry[0][-1] not in CLOSING:
                    break
        while len(line) > 1 and line[-1][-1] in OPENING:
            carry.insert(0, line.pop())
        lines.append([*carry, token])
        cells = sum(cell_len(t) for t in lines[-1])
    out = ["".join(line).rstrip() for line in lines]
    # a token wider than the line (a long URL) is cut by cells
    fitted: list[str] = []
    for text in out:
        while cell_len(text) > width:
            cut = 0
            used = 0
            for i, ch in enumerate(text):
                if used + cell_len(ch) > width:
                    cut = i
                    break
                used += cell_len(ch)
            fitted.append(text[: max(1, cut)])
            text = text[max(1, cut) :]
        fitted.append(text)
    return fitted


def summary_content(
    title: str,
    podcast: str | None,
    published: str | None,
    people: Sequence[str],
    summary: Sequence[tuple[str | None, str]],
    styles: StyleMap,
    width: int | None = None,
) -> Content:
    """The Chinese summary panel: title, podcast and date, People, one block per speaker. With
    a `width`, the summary's paragraphs are wrapped to it by Chinese line-breaking rules."""
    parts: list[Content] = [styled(title).stylize(styles.get("title", "bold"))]
    meta = " · ".join(x for x in (podcast, published) if x)
    if meta:
        parts.append(styled(meta).stylize(styles.get("muted", "dim")))
    if people:
        parts.append(
            Content.assemble(
                Content("People  ").stylize(styles.get("heading", "bold")),
                # Chinese names take the enumeration comma, others a comma
                styled(("、" if any(_is_cjk(p) for p in people) else ", ").join(people)),
            )
        )
    if not summary:
        parts.append(Content(""))
        parts.append(
            Content("No Chinese summary came with this episode.").stylize(styles.get("muted", "dim"))
        )
    for speaker, text in summary:
        parts.append(Content(""))
        if speaker:
            parts.append(styled(speaker).stylize(styles.get("speaker", "bold")))
        parts.append(styled("\n".join(wrap_cjk(text, width)) if width else text))
    return Content("\n").join(parts)


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


@dataclass
class WordDetail:
    """What the word panel shows about one vocabulary item (built by the study session)."""

    lemma: str
    pos: str
    cefr: str
    cefr_source: str
    band: str
    rank: int | None
    count: int
    status: str | None
    advanced: bool
    is_phrase: bool = False
    gloss: str | None = None
    definition: str | None = None
    pronunciation: str | None = None
    tags: list[str] = field(default_factory=list)  # e.g. the exam lists that include the word
    forms: list[str] = field(default_factory=list)
    # each distinct sentence with the (start, end) spans of the word in it
    sentences: list[tuple[str, list[tuple[int, int]]]] = field(default_factory=list)
    others: list[str] | None = None  # titles of other library episodes; None while indexing
    looked_up: bool = True  # False while the glossary is still being read


def word_detail_content(d: WordDetail, styles: StyleMap) -> Content:
    """The word panel: headword and levels, gloss, definition, status, sentences, other episodes."""
    st = styles.get
    head = styled(d.lemma).stylize(st("headword", "bold"))
    pos = "phrase" if d.is_phrase else d.pos.lower()
    rank = f"rank {d.rank:,}" if d.rank is not None else "rank —"
    level_bits = [pos, f"{d.cefr} ({d.cefr_source})"]
    if not d.is_phrase:
        level_bits += [d.band, rank]
    if d.pronunciation:
        head = head + Content("  ") + styled(d.pronunciation).stylize(st("muted", "dim"))
    parts: list[Content] = [
        head,
        Content("  ·  ".join(level_bits)).stylize(st("muted", "dim")),
    ]
    if d.tags:
        parts.append(styled(" ".join(d.tags)).stylize(st("muted", "dim")))
    if d.gloss:
        parts.append(styled(d.gloss).stylize(st("gloss", "bold")))
    if d.definition:
        parts.append(styled(d.definition).stylize(st("definition", "italic")))
    if not d.gloss and not d.definition:
        missing = "(not in the glossary)" if d.looked_up else "looking it up…"
        parts.append(Content(missing).stylize(st("muted", "dim")))
    status = d.status or ("new" if d.advanced else "known at your level")
    times = "time" if d.count == 1 else "times"
    parts.append(
        Content.assemble(
            Content("status ").stylize(st("muted", "dim")),
            Content(status).stylize(st(f"status-{d.status or 'none'}", "bold")),
            Content(f"  ·  {d.count} {times} in this episode").stylize(st("muted", "dim")),
        )
    )
    forms = [f for f in d.forms if f.lower() != d.lemma.lower()]
    if forms:
        parts.append(Content("forms ").stylize(st("muted", "dim")) + styled(", ".join(forms)))
    parts.append(Content(""))
    parts.append(Content(f"In this episode ({len(d.sentences)})").stylize(st("heading", "bold")))
    for sentence, marks in d.sentences:
        line = styled(sentence)
        for s, e in marks:
            line = line.stylize(st("mark", "bold reverse"), s, e)
        parts.append(Content("• ") + line)
    parts.append(Content(""))
    if d.others is None:
        parts.append(Content("Other episodes: looking…").stylize(st("muted", "dim")))
    elif d.others:
        parts.append(Content(f"Also in ({len(d.others)})").stylize(st("heading", "bold")))
        parts.extend(Content("• ") + styled(t) for t in d.others)
    else:
        parts.append(Content("In no other episode of your library.").stylize(st("muted", "dim")))
    return Content("\n").join(parts)


LEGEND_ROLES = (
    ("common", "K1–K5"),
    ("mid", "K6–K8"),
    ("rare", "K9–K10"),
    ("off", "off-list"),
    ("phrase", "phrase"),
    ("learning", "learning"),
)
"""The transcript's highlight roles and how the legend names them (the frequency bands)."""


def legend_content(styles: StyleMap) -> Content:
    """One line naming each highlight colour in its own colour: what the bands mean."""
    parts = [Content(name).stylize(styles.get(role, "bold")) for role, name in LEGEND_ROLES]
    return Content(" ").join(parts)


def gloss_strip_content(
    d: WordDetail | None, styles: StyleMap, hint: str, legend: Content | None = None
) -> Content:
    """The narrow layout's two-line gloss strip: the word and its gloss, then its level, band,
    status and definition (or, with no word selected, how to select one and the legend)."""
    st = styles.get
    if d is None:
        second = legend if legend is not None else Content("")
        return Content("\n").join([Content(hint).stylize(st("muted", "dim")), second])
    first = styled(d.lemma).stylize(st("headword", "bold"))
    if d.pronunciation:
        first += Content(" ") + styled(d.pronunciation).stylize(st("muted", "dim"))
    if d.gloss:
        first += Content("  ") + styled(d.gloss).stylize(st("gloss", "bold"))
    elif not d.definition:
        missing = "(not in the glossary)" if d.looked_up else "looking it up…"
        first += Content("  ") + Content(missing).stylize(st("muted", "dim"))
    status = d.status or ("new" if d.advanced else "known at your level")
    bits = [d.cefr] + ([] if d.is_phrase else [d.band]) + [status, f"{d.count}×"]
    second = Content(" · ".join(bits) + "  ").stylize(st("muted", "dim"))
    if d.definition:
        second += styled(d.definition).stylize(st("definition", "italic"))
    return Content("\n").join([first, second])
