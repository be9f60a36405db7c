"""The transcript: a virtualised line view (Textual's Line API) over the episode's segments.

Why not one widget per paragraph: a two-hour episode is 20,000+ words, and a PodQuest page may
hold the whole transcript in one segment, so restyling "a paragraph" could mean the whole text.
Here the text is wrapped once per width into lines of (segment, start, end); only the lines on
screen are rendered, each from its slice of the text and the spans the styler gives for it, and
a change repaints just the lines holding the spans that changed.

A transcript of millions of words takes seconds to wrap, so only its beginning is wrapped
before it shows (`FIRST_CHARS`, and up to where the learner stopped), the rest a step at a time
between frames (`STEP_CHARS`); until then the scroll height counts the rest's lines as the
wrapped part's average, and whatever asks for a line further on has it wrapped at once.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from textual import events
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Offset, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from studyterm.tui.heights import Heights
from studyterm.tui.render import DisplayMap, Para, cell_to_index, line_content, wrap_offsets
from studyterm.tui.widgets.component_style import component_style

__all__ = ["FIRST_CHARS", "STEP_CHARS", "Styler", "TranscriptView"]

FIRST_CHARS = 60_000
"""Characters wrapped before the transcript shows (past where it opens): a 10,000-word episode
in full, the first hundred screens of a longer one (the rest follows in steps within a second
for a two-hour episode). Wrapping more before the first paint delayed it: 250,000 characters
took 0.1-0.2 s of a huge transcript's opening on a busy machine."""
STEP_CHARS = 30_000
"""Characters wrapped in each step after that, between frames (a few milliseconds each)."""

Styler = Callable[[int, int, int], Sequence[tuple[int, int, str]]]
"""(segment, start, end) → spans (start, end, role) to paint on that part of the segment."""

ROLES = (
    "common",
    "mid",
    "rare",
    "off",
    "phrase",
    "learning",
    "learning-2",
    "learning-3",
    "learning-4",
    "learning-phrase",
    "match",
    "current-match",
    "selected",
    "stamp",
    "speaker",
    "speaking",
)


class _Line(NamedTuple):
    para: int
    kind: str  # "text", "label" (speaker) or "gap"
    start: int
    end: int
    first: bool  # the first text line of its paragraph (carries the timestamp)


class _Wrapped(NamedTuple):
    """A paragraph's lines at the view's width: all of them (a speaker's label, its text, the
    gap after), the start of each text line, where its text lines begin, its displayed length."""

    lines: list[_Line]
    starts: list[int]
    first: int
    chars: int

    @property
    def height(self) -> int:
        return len(self.lines)


class TranscriptView(ScrollView, can_focus=True):
    """Shows paragraphs with highlighted spans; reports clicks on text as (segment, offset)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"transcript--{role}" for role in ROLES}

    DEFAULT_CSS = """
    TranscriptView {
        overflow-y: scroll;
        overflow-x: hidden;
    }
    """

    @dataclass
    class Clicked(Message):
        """The user clicked the text at this character of a segment."""

        transcript: TranscriptView
        segment: int
        offset: int

        @property
        def control(self) -> TranscriptView:
            return self.transcript

    @dataclass
    class Painted(Message):
        """The loaded text is on screen for the first time (slower work can start now)."""

        transcript: TranscriptView

        @property
        def control(self) -> TranscriptView:
            return self.transcript

    @dataclass
    class Scrolled(Message):
        """The view scrolled (the reader remembers where the learner stopped)."""

        transcript: TranscriptView

        @property
        def control(self) -> TranscriptView:
            return self.transcript

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._paras: Sequence[Para] = []
        self._maps: dict[int, DisplayMap] = {}  # each paragraph's displayed text and offset map
        self.keep_in_view: tuple[int, int] | None = None  # (segment, offset) kept in view on resizes
        self._height = 0
        self._styler: Styler = lambda seg, start, end: ()
        self._wrapped: list[_Wrapped | None] = []  # each paragraph's lines, once wrapped
        self._unwrapped = 0  # paragraphs not wrapped yet
        self._heights = Heights(())  # each paragraph's lines (estimated until it is wrapped)
        self._laid = 0  # the paragraphs before this one are wrapped (the steps go on from it)
        self._laid_chars = 0
        self._width = 0  # the width wrapped at (0: not laid out yet)
        self._cache: LRUCache[_Line, Strip] = LRUCache(2048)  # (a line stays itself as lines above move)
        self._styles: dict[str, Style] = {}
        self._pending_top: tuple[int, int] | None = None
        self._pending_reveal: tuple[int, int] | None = None
        self._painted = False
        self._message = ""  # shown while there is no text yet (an import's progress)
        self._stepping = False
        self._held = False  # the steps wait for `restyle_with` (the analysis is being read)

    # -- content --------------------------------------------------------------------------

    def load(
        self,
        paras: Sequence[Para],
        styler: Styler,
        top: tuple[int, int] = (0, 0),
        reveal: tuple[int, int] | None = None,
        hold_steps: bool = False,
    ) -> None:
        """Show these paragraphs (a list, or `render.Paragraphs` making each when first read);
        `top` is the (segment, offset) to scroll to, and `reveal` one to bring into view from
        there if it is not (once the text is laid out at its width). With `hold_steps` a long
        transcript's wrapping in steps after the first paint waits for `restyle_with`: the
        analysis read meanwhile by another thread gets the time."""
        self._held = hold_steps
        self._paras = paras
        self._maps = {}
        self._styler = styler
        self._width = 0
        self._wrapped, self._unwrapped, self._heights = [], 0, Heights(())
        self._painted = False
        self._pending_top = top
        self._pending_reveal = reveal
        self._relayout()

    def restyle_with(self, styler: Styler) -> None:
        """Paint the loaded paragraphs with another styler (the highlights, once the analysis
        arrives after the text), keeping the layout and the scroll; the steps held go on."""
        self._styler = styler
        self.restyle_all()
        self._held = False
        if self._width and not self.laid_out and not self._stepping:
            self._stepping = True
            self.call_after_refresh(self._step)

    def show_message(self, text: str) -> None:
        """Show a line of text in place of the transcript until one is loaded."""
        self._message = text
        self.refresh()

    @property
    def paragraph_count(self) -> int:
        return len(self._paras)

    @property
    def line_count(self) -> int:
        """Lines of the whole transcript (those of paragraphs not wrapped yet estimated)."""
        return self._heights.total

    @property
    def laid_out(self) -> bool:
        """Whether every paragraph is wrapped (a long transcript's are wrapped in steps)."""
        return self._unwrapped == 0 and bool(self._width)

    def _map(self, p: int) -> DisplayMap:
        dmap = self._maps.get(p)
        if dmap is None:
            para = self._paras[p]
            dmap = self._maps[p] = DisplayMap(para.text, para.inserts)
        return dmap

    def _text_width(self) -> int:
        return self.scrollable_content_region.width

    def _lengths(self) -> Sequence[int]:
        """About how many characters each paragraph shows, without making them (for estimates)."""
        lengths = getattr(self._paras, "lengths", None)
        if lengths is None:
            return [len(para.text) for para in self._paras]
        return lengths  # type: ignore[no-any-return]

    def _relayout(self, reveal_kept: bool = False) -> None:
        width = self._text_width()
        if width <= 0 or not self._paras:
            return
        keep = self._pending_top or (self.top_position() if self._width else (0, 0))
        self._pending_top = None
        self._width = width
        count = len(self._paras)
        self._wrapped = [None] * count
        self._unwrapped = count
        self._heights = Heights.zeros(count)
        self._laid = self._laid_chars = 0
        self._cache.clear()
        # the beginning (the estimates of the rest are made from it), then a screen or two from
        # where the view opens: the paragraphs between are counted at their estimated height
        self._wrap_paras(self._from_top(), FIRST_CHARS, hold=False)
        self._estimate_rest()
        screen = max(1, self.scrollable_content_region.height)
        self._wrap_paras(self._from(keep[0]), lines=2 * screen, hold=False)
        self._resize_virtual()
        self.scroll_to_position(*keep, where="top")
        if self._pending_reveal is not None:
            self.scroll_to_position(*self._pending_reveal, where="visible")
            self._pending_reveal = None
        elif reveal_kept and self.keep_in_view is not None:
            self.scroll_to_position(*self.keep_in_view, where="visible")
        self.refresh()
        if not self.laid_out and not self._stepping:
            self._stepping = True
            self.call_after_refresh(self._step)

    def _estimate_rest(self) -> None:
        """Each paragraph not wrapped yet counted at the height its length suggests, as the
        wrapped ones' lines and characters go."""
        wrapped = [w for w in self._wrapped[: self._laid] if w is not None]
        text_lines = sum(len(w.starts) for w in wrapped) or 1
        other = sum(len(w.lines) - len(w.starts) for w in wrapped) / max(1, len(wrapped))
        per_line = max(1.0, self._laid_chars / text_lines)  # characters a text line holds
        # every paragraph at its estimate, then the few wrapped at their height (one pass each:
        # a huge transcript has 50,000 paragraphs, counted before its first paint)
        heights = [max(1, round(other + -(-length // per_line))) for length in self._lengths()]
        for p, w in enumerate(self._wrapped):
            if w is not None:
                heights[p] = w.height
        self._heights = Heights(heights)

    def _from_top(self) -> Iterator[int]:
        """The paragraphs not wrapped yet, from the first: where the steps go on."""
        while self._laid < len(self._paras):
            if self._wrapped[self._laid] is None:
                yield self._laid
            self._laid += 1

    def _from(self, p: int) -> Iterator[int]:
        yield from range(max(0, p), len(self._paras))

    def _wrap_paras(
        self, paras: Iterable[int], chars: int | None = None, lines: int | None = None, *, hold: bool = True
    ) -> int:
        """Wrap these paragraphs (those not wrapped yet) until `chars` characters or `lines` lines
        are wrapped. A paragraph that starts above the view's top keeps its end where it was,
        and what follows it: the view moves by as many lines as its height changed, so that
        what it shows stays in place (unless `hold` is False: the caller scrolls). How far the
        view moved."""
        if not self._width:
            return 0
        top = round(self.scroll_y) if hold else -1
        shift = chars_done = lines_done = 0
        chars_wanted = len(self._paras) * 10**9 if chars is None else chars  # (no limit)
        lines_wanted = len(self._paras) * 10**9 if lines is None else lines
        for p in paras:
            if chars_done >= chars_wanted or lines_done >= lines_wanted:
                break
            w = self._wrapped[p]
            if w is None:
                w = self._wrap(p)
                chars_done += w.chars
                above = self._heights.before(p) < top + shift
                delta = self._heights.set(p, w.height)
                if above:
                    shift += delta
            lines_done += w.height
        self._resize_virtual()
        if shift:
            # a scroll under way (page keys, the wheel) ends where it was going, moved as much:
            # moving from where it is now would cut it short
            going = self.scroll_target_y if self.app.animator.is_being_animated(self, "scroll_y") else top
            self.scroll_to(y=max(0, round(going) + shift), animate=False, immediate=True)
        return shift

    def _wrap(self, p: int) -> _Wrapped:
        """Paragraph `p`'s lines at the view's width."""
        para = self._paras[p]
        lines: list[_Line] = []
        if para.label:
            lines.append(_Line(p, "label", 0, 0, False))
        indent = cell_len(para.stamp) + 1 if para.stamp else 0
        text = self._map(p).text
        wrapped = wrap_offsets(text, max(8, self._width - indent))
        first = len(lines)
        lines.extend(_Line(p, "text", a, b, j == 0) for j, (a, b) in enumerate(wrapped))
        if para.gap and p + 1 < len(self._paras):
            lines.append(_Line(p, "gap", len(text), len(text), False))
        made = self._wrapped[p] = _Wrapped(lines, [a for a, _ in wrapped], first, len(text))
        self._unwrapped -= 1
        self._laid_chars += len(text)
        return made

    def _resize_virtual(self) -> None:
        """The scroll height: the lines wrapped, and the others' at their estimates."""
        self.virtual_size = Size(self._width, self._heights.total)

    def _step(self) -> None:
        """Wrap the next part of a long transcript, then let a frame go by before the next."""
        if self.laid_out or self._held or not self.is_attached:
            self._stepping = False
            return
        self._wrap_paras(self._from_top(), STEP_CHARS)
        self.call_after_refresh(self._step)

    def _ensure_paragraph(self, p: int) -> None:
        """Wrap paragraph `p` now, if the steps have not reached it yet."""
        if self._width and self._wrapped[p] is None:
            self._wrap_paras((p,))

    def _locate(self, index: int) -> _Line | None:
        """Line `index` of the whole transcript (its paragraph wrapped now if it is not yet), or
        None past the end."""
        if not self._width or not 0 <= index < self._heights.total:
            return None
        heights = self._heights
        while True:
            p = heights.find(index)
            w = self._wrapped[p]
            if w is None:  # the line moves with the view if its paragraph starts above the top
                index += self._wrap_paras((p,))
                if index >= heights.total:
                    return None
                continue
            local = index - heights.before(p)
            return w.lines[local] if 0 <= local < len(w.lines) else None

    def on_resize(self, event: events.Resize) -> None:
        # `keep_in_view` (the selected word) stays in view through a resize if it was in view
        # before: re-wrapping keeps the top line, which may push it off the bottom
        was_shown = self.keep_in_view is not None and self._in_view(*self.keep_in_view, height=self._height)
        self._height = self.scrollable_content_region.height
        if self._paras and self._text_width() != self._width:
            self._relayout(reveal_kept=was_shown)
        elif was_shown and self.keep_in_view is not None:
            self.scroll_to_position(*self.keep_in_view, where="visible")

    def _in_view(self, segment: int, offset: int, height: int | None = None) -> bool:
        y = self.line_of(segment, offset)
        top = round(self.scroll_y)
        rows = self.scrollable_content_region.height if height is None else height
        return y is not None and top <= y < top + rows

    def in_view(self, segment: int, offset: int) -> bool:
        """Whether the character is on screen now."""
        return self._in_view(segment, offset)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    # -- repainting -----------------------------------------------------------------------

    def restyle(self, spans: Iterable[tuple[int, int, int]]) -> None:
        """Repaint the lines holding these (segment, start, end) spans, and nothing else."""
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        # a paragraph not wrapped yet is painted afresh when it is: a word made known all over a
        # long transcript does not wrap the whole of it now
        for y in {y for span in spans for y in self._lines_of(*span, wrap=False)}:
            if top <= y < top + height:
                self.refresh_line(y)  # y in the whole transcript: ScrollView subtracts the scroll
        for segment, start, end in spans:
            w = self._wrapped[segment] if 0 <= segment < len(self._wrapped) else None
            if w is not None:
                for local in self._local_lines(segment, w, start, end):
                    self._cache.discard(w.lines[local])

    def restyle_all(self) -> None:
        """Repaint everything (a level or filter change touches every word)."""
        self._cache.clear()
        self.refresh()

    def _lines_of(self, segment: int, start: int, end: int, wrap: bool = True) -> range:
        """Indices of the text lines of a segment that hold any of [start, end) (none when the
        segment is not wrapped yet and `wrap` is False)."""
        if not self._width or not 0 <= segment < len(self._paras):
            return range(0)
        if wrap:
            self._ensure_paragraph(segment)
        w = self._wrapped[segment]
        if w is None:
            return range(0)
        local = self._local_lines(segment, w, start, end)
        base = self._heights.before(segment)
        return range(base + local.start, base + local.stop)

    def _local_lines(self, segment: int, w: _Wrapped, start: int, end: int) -> range:
        """Which of a wrapped paragraph's own lines hold any of [start, end)."""
        starts = w.starts  # text lines of a paragraph are consecutive
        if not starts:
            return range(0)
        dmap = self._map(segment)
        start, end = dmap.to_display(start), dmap.to_display_end(end)
        lo = max(0, bisect.bisect_right(starts, start) - 1)
        hi = max(lo, bisect.bisect_left(starts, end) - 1)
        return range(w.first + lo, w.first + hi + 1)

    def role_style(self, role: str) -> Style:
        """How a highlight role (a band, "phrase", "learning", "selected") is painted."""
        return self._style(role)

    def _style(self, role: str) -> Style:
        style = self._styles.get(role)
        if style is None:
            style = self._styles[role] = component_style(
                self, f"transcript--{role}", self.visual_style.background
            )
        return style

    def render_line(self, y: int) -> Strip:
        if not self._painted and self._width:
            self._painted = True
            self.post_message(self.Painted(self))
        return self.strip_at(round(self.scroll_y) + y)

    def strip_at(self, index: int) -> Strip:
        """Line `index` of the whole transcript (not just of the view), as displayed."""
        width = self.scrollable_content_region.width
        base = self.visual_style
        if not self._width and self._message and index == 1:
            content = Content(self._message).stylize(self._style("stamp"))
            return Strip(content.render_segments(base), content.cell_length).crop_extend(
                0, width, base.rich_style
            )
        line = self._locate(index)
        if line is None:
            return Strip.blank(width, base.rich_style)
        strip = self._cache.get(line)
        if strip is None:
            content = self._line_content(line)
            strip = Strip(content.render_segments(base), content.cell_length)
            strip = strip.crop_extend(0, width, base.rich_style)
            self._cache[line] = strip
        return strip

    def _line_content(self, line: _Line) -> Content:
        para = self._paras[line.para]
        if line.kind == "gap":
            return Content("")
        if line.kind == "label":
            return Content(para.label or "").stylize(self._style("speaker"))
        dmap = self._map(line.para)
        stored = (dmap.stored_floor(line.start), dmap.stored_floor(line.end))
        spans = [
            (dmap.to_display(s), dmap.to_display_end(e), self._style(role))
            for s, e, role in self._styler(line.para, *stored)
        ]
        text = line_content(dmap.text, line.start, line.end, spans)
        if not para.stamp:
            return text
        if line.first:
            return Content(para.stamp + " ").stylize(self._style("stamp")) + text
        return Content(" " * (cell_len(para.stamp) + 1)) + text

    # -- positions ------------------------------------------------------------------------

    def top_position(self) -> tuple[int, int]:
        """(segment, offset) of the first line in view: where the learner is reading."""
        line = self._locate(min(self._heights.total - 1, round(self.scroll_y)))
        if line is None:
            return (0, 0)
        return (line.para, self._map(line.para).stored_floor(line.start))

    def bottom_position(self) -> tuple[int, int]:
        """(segment, offset) just past the last line in view."""
        height = max(1, self.scrollable_content_region.height)
        line = self._locate(min(self._heights.total - 1, round(self.scroll_y) + height - 1))
        if line is None:
            return (0, 0)
        return (line.para, self._map(line.para).stored_floor(line.end))

    def line_of(self, segment: int, offset: int) -> int | None:
        """The line (in the whole transcript) holding a character, or None."""
        lines = self._lines_of(segment, offset, offset + 1)
        return lines.start if lines else None

    def screen_offset_of(self, segment: int, offset: int) -> Offset | None:
        """Where a character is on the screen, or None when it is scrolled out of view."""
        y = self.line_of(segment, offset)
        top = round(self.scroll_y)
        if y is None or not top <= y < top + self.scrollable_content_region.height:
            return None
        line, para = self._locate(y), self._paras[segment]
        assert line is not None  # a line of the segment, just found
        indent = cell_len(para.stamp) + 1 if para.stamp else 0
        region = self.content_region
        dmap = self._map(segment)
        return Offset(
            region.x + indent + cell_len(dmap.text[line.start : dmap.to_display(offset)]), region.y + y - top
        )

    def scroll_to_position(self, segment: int, offset: int, where: str = "top") -> None:
        """Scroll so the line holding (segment, offset) is in view: at the "top", or, for
        "visible", only if it is not already comfortably in view (then a third down)."""
        if not self._width:
            self._pending_top = (segment, offset)
            return
        y = self.line_of(segment, offset)
        if y is None:
            return
        if where == "top":
            target = y
        else:
            top = round(self.scroll_y)
            height = max(1, self.scrollable_content_region.height)
            margin = min(2, height // 4)
            if top + margin <= y < top + height - margin:
                return
            target = y - height // 3
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.post_message(self.Scrolled(self))

    # -- mouse ----------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = self._locate(round(self.scroll_y) + offset.y)
        if line is None or line.kind != "text":
            return
        para = self._paras[line.para]
        indent = cell_len(para.stamp) + 1 if para.stamp else 0
        dmap = self._map(line.para)
        char = cell_to_index(dmap.text[line.start : line.end], offset.x - indent)
        if offset.x < indent or char is None:
            return
        stored = dmap.to_stored(line.start + char)
        if stored is not None:  # not a space the display added
            self.post_message(self.Clicked(self, line.para, stored))
