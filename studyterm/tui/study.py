"""The state of one study session, without any widget: what is highlighted, selected, matched.

The reader screen keeps one `StudySession` per open episode and asks it which spans of a line to
style; every change (a move, a status, a filter, a search) returns the spans whose look changed,
so the transcript repaints only those lines. Plain Python over the core's models, so it is tested
without starting the app.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import NamedTuple

from studyterm.analysis.learner import Learner, hardness, usefulness
from studyterm.analysis.profile import build_profile
from studyterm.lexicon.tags import has_any_tag, sort_tags
from studyterm.model import Analysis, Episode, VocabItem
from studyterm.tui.render import WordDetail

__all__ = [
    "BAND_FILTERS",
    "FILTER_LABELS",
    "TAG_FILTER",
    "Mark",
    "Span",
    "StudySession",
    "band_group",
    "filter_label",
    "tag_filter",
]

# highlight groups of the 1k frequency bands; the filter (`f`) cycles through them
_GROUPS = {
    **{f"K{i}": "common" for i in range(1, 6)},
    **{f"K{i}": "mid" for i in range(6, 9)},
    "K9": "rare",
    "K10": "rare",
}
BAND_FILTERS = ("all", "common", "mid", "rare", "off", "phrase")
FILTER_LABELS = {
    "all": "all words",
    "common": "K1–K5",
    "mid": "K6–K8",
    "rare": "K9–K10",
    "off": "off-list",
    "phrase": "phrases",
}
TAG_FILTER = "tag:"
"""A filter on an exam tag is the tag after this prefix (`tag:CET-6`): the band filters' names
stay free, whatever tags a dictionary brings."""


def tag_filter(tag: str) -> str:
    """The filter that highlights only the words carrying `tag` (e.g. CET-6)."""
    return TAG_FILTER + tag


def filter_label(band_filter: str) -> str:
    """How the header and notices name a filter: the bands it keeps, or the exam tag."""
    if band_filter.startswith(TAG_FILTER):
        return band_filter[len(TAG_FILTER) :]
    return FILTER_LABELS[band_filter]


class Mark(NamedTuple):
    """One occurrence of a vocabulary item: segment, character span, index of the item."""

    segment: int
    start: int
    end: int
    item: int


class Span(NamedTuple):
    """A range of one segment whose look changed and must be repainted."""

    segment: int
    start: int
    end: int


def band_group(item: VocabItem) -> str:
    """The highlight colour group of an item: phrase, common, mid, rare or off (off-list)."""
    if item.is_phrase:
        return "phrase"
    return _GROUPS.get(item.band, "off")


def _nav_key(m: Mark) -> tuple[int, int, int]:
    return (m.segment, m.start, -m.end)  # a phrase comes before the words inside it


_FIRST = -(10**9)  # a key's third part below any mark's: (segment, offset, _FIRST) sorts first

STRETCH = 8_000
"""About how many occurrences the session makes into marks at a time: those of a stretch of
segments, when a line of it is first painted or searched (a few milliseconds each). A
2.4-million-word transcript has over a million occurrences and the screen shows a few dozen;
making them all before the first paint took seconds."""


class _Stretch(NamedTuple):
    """The marks of a stretch of segments in reading order (`_nav_key`), their keys, and the
    longest mark's length (how far back a mark covering an offset may start)."""

    marks: list[Mark]
    keys: list[tuple[int, int, int]]
    longest: int


Positions = tuple[Sequence[int], Sequence[int], Sequence[int]]


def _by_segment(where: Positions) -> Positions:
    """An item's occurrence positions ordered by segment (as the analysis lists them; reordered
    otherwise), so that a stretch of segments is found by bisection."""
    segs, starts, ends = where
    listed = list(segs)
    if listed == sorted(listed):  # (sorting sorted numbers is one pass in C: twice as quick
        return where  # as comparing each with the next in Python, for a million of them)
    order = sorted(range(len(segs)), key=segs.__getitem__)
    return [segs[i] for i in order], [starts[i] for i in order], [ends[i] for i in order]


class StudySession:
    """Highlights, navigation and search over one analysed episode for one learner.

    The learner is shared with the app (its statuses are the library's); `set_status` changes it
    in memory and the caller saves the change.
    """

    def __init__(
        self, episode: Episode, analysis: Analysis, learner: Learner, band_filter: str = "all"
    ) -> None:
        self.episode = episode
        self.analysis = analysis
        self.learner = learner
        self.band_filter = band_filter
        self.items = analysis.items
        self.selected: Mark | None = None
        self.others: dict[str, list[str]] | None = None  # lemma → other episodes' titles
        self.glossed = False  # the items carry the lexicon's glosses (filled after the paint)
        self.stages: dict[str, int] = {}  # lemma → learning stage 2–4 (1 when absent)
        self._by_lemma: dict[str, list[int]] = defaultdict(list)
        for idx, item in enumerate(self.items):
            self._by_lemma[item.lemma.lower()].append(idx)
        # where each item occurs, as columns (the library's items give them without making
        # their occurrences); the marks are made a stretch of segments at a time (`_stretch`)
        self._where = [_by_segment(item.positions()) for item in self.items]
        total = sum(len(where[0]) for where in self._where)
        segments = max(1, len(episode.segments))
        self._size = -(-segments // max(1, -(-total // STRETCH)))  # segments in a stretch
        self._last = (segments - 1) // self._size
        self._stretches: dict[int, _Stretch] = {}
        self._navs: dict[int, tuple[list[Mark], list[tuple[int, int, int]]]] = {}
        self._roles: list[str | None] = []
        self.query = ""
        self._matches: list[Span] = []
        self._matches_by_seg: dict[int, list[Span]] = {}
        self.current_match: Span | None = None
        self._coverage: float | None = None
        self.recompute()

    # -- highlighting ---------------------------------------------------------------------

    def recompute(self) -> None:
        """Recompute every item's highlight and the navigation order (after a level or filter
        change; a status change uses the cheaper `_update_items`)."""
        self._roles = [self._role(item) for item in self.items]
        self._navs = {}
        self._coverage = None

    def _role(self, item: VocabItem, band_filter: str | None = None) -> str | None:
        if not self.learner.is_advanced(item):
            return None
        group = band_group(item)
        flt = self.band_filter if band_filter is None else band_filter
        if flt != "all":
            if flt.startswith(TAG_FILTER):
                if not has_any_tag(item.tags, (flt[len(TAG_FILTER) :],)):
                    return None
            elif group != flt:
                return None
        if self.learner.status_of(item) != "learning":
            return group
        stage = self.stages.get(item.lemma.lower(), 1)
        return "learning" if stage <= 1 else f"learning-{min(stage, 4)}"  # paler as it is learnt

    def _stretch(self, k: int) -> _Stretch:
        """The marks of the k-th stretch of segments, made when first asked for."""
        got = self._stretches.get(k)
        if got is None:
            lo, hi = k * self._size, (k + 1) * self._size
            marks: list[Mark] = []
            for idx, (segs, starts, ends) in enumerate(self._where):
                a = bisect.bisect_left(segs, lo)
                b = bisect.bisect_left(segs, hi, a)
                if a < b:
                    marks.extend(map(Mark, segs[a:b], starts[a:b], ends[a:b], repeat(idx, b - a)))
            marks.sort(key=_nav_key)
            longest = max((m.end - m.start for m in marks), default=1)
            got = self._stretches[k] = _Stretch(marks, list(map(_nav_key, marks)), max(1, longest))
        return got

    def _marks_of(self, segment: int) -> tuple[_Stretch, int, int]:
        """The stretch holding a segment, and where the segment's marks are in it."""
        stretch = self._stretch(segment // self._size)
        keys = stretch.keys
        lo = bisect.bisect_left(keys, (segment, -1, _FIRST))
        return stretch, lo, bisect.bisect_left(keys, (segment + 1, -1, _FIRST), lo)

    def prepare(self, segment: int) -> None:
        """Make the marks around a segment now (the loading worker does, for the first screen,
        off the UI thread)."""
        if 0 <= segment // self._size <= self._last:
            self._stretch(segment // self._size)

    def _nav(self, k: int) -> tuple[list[Mark], list[tuple[int, int, int]]]:
        """The highlighted marks of the k-th stretch and their keys (made again after a change
        of highlights)."""
        got = self._navs.get(k)
        if got is None:
            stretch, roles = self._stretch(k), self._roles
            shown = [i for i, m in enumerate(stretch.marks) if roles[m.item]]
            got = self._navs[k] = ([stretch.marks[i] for i in shown], [stretch.keys[i] for i in shown])
        return got

    def role_of(self, item: int) -> str | None:
        """How an item is highlighted: a band group, "phrase", "learning", or None (plain)."""
        return self._roles[item]

    def spans_in(self, segment: int, start: int, end: int) -> list[tuple[int, int, str]]:
        """Styled spans touching segment[start:end], in painting order: phrases, then words,
        then search matches, then the selection on top."""
        out: list[tuple[int, int, str]] = []
        stretch, first, past = self._marks_of(segment)
        if first < past:
            keys = stretch.keys
            lo = bisect.bisect_left(keys, (segment, start - stretch.longest, _FIRST), first, past)
            hi = bisect.bisect_left(keys, (segment, end, _FIRST), lo, past)
            phrases: list[tuple[int, int, str]] = []
            words: list[tuple[int, int, str]] = []
            for m in stretch.marks[lo:hi]:
                role = self._roles[m.item]
                if role and m.end > start:
                    target = phrases if self.items[m.item].is_phrase else words
                    target.append((m.start, m.end, role))
                    if role.startswith("learning") and self.items[m.item].is_phrase:
                        target[-1] = (m.start, m.end, "learning-phrase")
            out = phrases + words
        for match in self._matches_by_seg.get(segment, ()):
            if match.end > start and match.start < end:
                role = "current-match" if match == self.current_match else "match"
                out.append((match.start, match.end, role))
        sel = self.selected
        if sel and sel.segment == segment and sel.end > start and sel.start < end:
            out.append((sel.start, sel.end, "selected"))
        return out

    # -- navigation -----------------------------------------------------------------------

    @property
    def highlighted(self) -> int:
        """How many highlighted occurrences `n`/`p` walk through."""
        return sum(len(where[0]) for where, role in zip(self._where, self._roles, strict=True) if role)

    def next(self, after: tuple[int, int] | None = None) -> Mark | None:
        """The next highlighted occurrence: the first at or after `after` (a position) when
        given, else the one after the selection (the first when nothing is selected)."""
        if after is not None:
            key, k = (after[0], after[1], _FIRST), after[0] // self._size
        elif self.selected is not None:
            key, k = _nav_key(self.selected), self.selected.segment // self._size
        else:
            key, k = None, 0
        while k <= self._last:
            marks, keys = self._nav(k)
            i = 0
            if key is not None:
                i = bisect.bisect_left(keys, key) if after is not None else bisect.bisect_right(keys, key)
                key = None  # the stretches after this one: from their first
            if i < len(marks):
                return marks[i]
            k += 1
        return None

    def previous(self, before: tuple[int, int] | None = None) -> Mark | None:
        """The previous highlighted occurrence: the last starting before `before` (a position)
        when given, else the one before the selection (the last when nothing is selected)."""
        if before is not None:
            key, k = (before[0], before[1], _FIRST), min(before[0] // self._size, self._last)
        elif self.selected is not None:
            key, k = _nav_key(self.selected), self.selected.segment // self._size
        else:
            key, k = None, self._last
        while k >= 0:
            marks, keys = self._nav(k)
            i = len(marks)
            if key is not None:
                if key[0] // self._size == k:  # before the key in its own stretch
                    i = bisect.bisect_left(keys, key)
                key = None
            if i > 0:
                return marks[i - 1]
            k -= 1
        return None

    def select(self, mark: Mark | None) -> list[Span]:
        """Move the selection; the spans to repaint."""
        changed = [Span(m.segment, m.start, m.end) for m in (self.selected, mark) if m]
        self.selected = mark
        return changed

    def mark_at(self, segment: int, offset: int) -> Mark | None:
        """The occurrence under a character (any vocabulary item, highlighted or not). Clicking
        again where a word sits inside a phrase alternates between the two."""
        stretch, first, past = self._marks_of(segment)
        keys = stretch.keys
        lo = bisect.bisect_left(keys, (segment, offset - stretch.longest, _FIRST), first, past)
        hi = bisect.bisect_left(keys, (segment, offset + 1, _FIRST), lo, past)
        hits = sorted(
            (m for m in stretch.marks[lo:hi] if m.start <= offset < m.end), key=lambda m: m.end - m.start
        )
        if not hits:
            return None
        if self.selected in hits:
            return hits[(hits.index(self.selected) + 1) % len(hits)]
        return hits[0]

    def find_mark(self, segment: int, start: int, end: int) -> Mark | None:
        """The occurrence at exactly this span (to restore a saved selection)."""
        stretch, first, past = self._marks_of(segment)
        i = bisect.bisect_left(stretch.keys, (segment, start, -end), first, past)
        return stretch.marks[i] if i < past and stretch.keys[i] == (segment, start, -end) else None

    def first_mark(self, item: int) -> Mark:
        """The first occurrence of an item (where the vocabulary pane jumps)."""
        occ = self.items[item].occurrences[0]
        return Mark(occ.segment, occ.start, occ.end, item)

    # -- statuses, level, filter ----------------------------------------------------------

    def lemmas_of(self, item: int) -> list[str]:
        """The lemmas a status given to this item applies to (statuses are per lemma)."""
        return [self.items[item].lemma.lower()]

    def set_status(self, item: int, status: str) -> list[Span]:
        """Give the item's lemma a status (in memory); the spans whose highlight changed."""
        lemma = self.items[item].lemma.lower()
        self.learner.statuses[lemma] = status
        return self._update_items(self._by_lemma.get(lemma, [item]))

    def _update_items(self, indices: Iterable[int]) -> list[Span]:
        changed: list[Span] = []
        for idx in indices:
            role = self._role(self.items[idx])
            if role != self._roles[idx]:
                self._roles[idx] = role
                changed.extend(map(Span, *self._where[idx]))
        if changed:
            self._navs = {}
        self._coverage = None
        return changed

    def tags(self) -> list[str]:
        """The exam tags of the words to learn (whatever the filter), in `sort_tags` order. Empty
        until the lexicon has filled the items (`glossed`), and with only the built-in glossary,
        which gives no tags: tags come from imported dictionaries such as ECDICT."""
        return sort_tags(t for item in self.items if self.learner.is_advanced(item) for t in item.tags)

    def filters(self) -> tuple[str, ...]:
        """What `f` cycles through: the band filters, then one `tag_filter` per tag in `tags`."""
        return (*BAND_FILTERS, *(tag_filter(t) for t in self.tags()))

    def set_filter(self, band_filter: str) -> None:
        """Highlight only one band group, only the words carrying one exam tag (`tag_filter`),
        or "all"."""
        if band_filter not in BAND_FILTERS and not (
            band_filter.startswith(TAG_FILTER) and band_filter[len(TAG_FILTER) :].strip()
        ):
            raise ValueError(f"unknown band filter {band_filter!r}")
        self.band_filter = band_filter
        self.recompute()

    def count_for(self, band_filter: str) -> int:
        """How many items a filter would highlight."""
        return sum(1 for item in self.items if self._role(item, band_filter))

    def cycle_filter(self) -> str:
        """The next filter, in `filters` order, skipping those that would highlight nothing (from
        a tag no word to learn carries any more, back to "all")."""
        choices = self.filters()
        i = choices.index(self.band_filter) if self.band_filter in choices else -1
        nxt = "all"
        if i >= 0:
            for step in range(1, len(choices)):
                candidate = choices[(i + step) % len(choices)]
                if candidate == "all" or self.count_for(candidate):
                    nxt = candidate
                    break
        self.set_filter(nxt)
        return self.band_filter

    # -- figures --------------------------------------------------------------------------

    @property
    def coverage(self) -> float:
        """Share of running words the learner knows (as `studyterm profile` reports it)."""
        if self._coverage is None:
            self._coverage = build_profile(self.analysis, self.learner).coverage
        return self._coverage

    def advanced_items(self) -> list[int]:
        """Indices of the highlighted items (advanced and in the filter), most useful to learn
        first, as `vocab` lists them (hardest first until the glosses are in)."""
        found = [i for i, role in enumerate(self._roles) if role]
        key = usefulness if self.glossed else hardness
        return sorted(found, key=lambda i: key(self.items[i]))

    @property
    def advanced_count(self) -> int:
        """How many items are highlighted (the words still to learn)."""
        return sum(1 for role in self._roles if role)

    # -- search ---------------------------------------------------------------------------

    def search(self, query: str) -> list[Span]:
        """Find every case-insensitive occurrence of `query`; the spans to repaint (old and new
        matches). The current match becomes the first one at or after the selection."""
        changed = list(self._matches)
        self.query = query
        self._matches = []
        needle = query.casefold()
        if needle:
            for seg, segment in enumerate(self.episode.segments):
                hay = segment.text.casefold()
                if len(hay) != len(segment.text):  # casefold changed lengths (ß → ss): lower
                    hay, needle_here = segment.text.lower(), query.lower()
                else:
                    needle_here = needle
                i = hay.find(needle_here)
                while i >= 0 and needle_here:
                    self._matches.append(Span(seg, i, i + len(needle_here)))
                    i = hay.find(needle_here, i + 1)
        by_seg: dict[int, list[Span]] = defaultdict(list)
        for m in self._matches:
            by_seg[m.segment].append(m)
        self._matches_by_seg = dict(by_seg)
        self.current_match = None
        changed.extend(self._matches)
        return changed

    @property
    def matches(self) -> list[Span]:
        """The search's matches, in reading order."""
        return self._matches

    def next_match(self, after: tuple[int, int], forward: bool = True) -> Span | None:
        """The match after (or before) a position, wrapping around; it becomes current."""
        if not self._matches:
            return None
        keys = [(m.segment, m.start) for m in self._matches]
        if forward:
            i = bisect.bisect_right(keys, after)
            match = self._matches[i % len(self._matches)]
        else:
            i = bisect.bisect_left(keys, after) - 1
            match = self._matches[i % len(self._matches)]
        self.current_match = match
        return match

    # -- the word panel -------------------------------------------------------------------

    def detail(self, item: int) -> WordDetail:
        """What the word panel shows for an item."""
        it = self.items[item]
        # each sentence once (the same sentence may recur), with every use of the word in it
        sentences: dict[str, list[tuple[int, int]]] = {}
        for occ in it.occurrences:
            spans = sentences.setdefault(occ.sentence, [])
            if (occ.sent_start, occ.sent_end) not in spans:
                spans.append((occ.sent_start, occ.sent_end))
        others = None if self.others is None else self.others.get(it.lemma.lower(), [])
        return WordDetail(
            lemma=it.headword(),
            pos=it.pos,
            cefr=it.cefr,
            cefr_source=it.cefr_source,
            band=it.band,
            rank=it.rank,
            count=it.count,
            status=self.learner.status_of(it),
            advanced=self.learner.is_advanced(it),
            is_phrase=it.is_phrase,
            gloss=it.gloss,
            definition=it.definition,
            pronunciation=it.pronunciation,
            tags=list(it.tags),
            forms=list(it.forms),
            sentences=[(s, sorted(spans)) for s, spans in sentences.items()],
            others=others,
            looked_up=self.glossed,
        )
