"""The heights of a transcript's paragraphs, in lines, as a Fenwick tree: where a paragraph starts
and which paragraph holds a line, each in a few steps, while single heights change.

The transcript view wraps a long transcript's paragraphs in any order (where it opens, where a key
jumps, the rest in steps): a paragraph not wrapped yet counts its estimated height, and wrapping
it sets the real one. A plain list of heights would need a sum over tens of thousands of
paragraphs for every line painted.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["Heights"]


class Heights:
    """Non-negative heights of `n` paragraphs: their sums before each, and the paragraph at a
    line."""

    def __init__(self, heights: Iterable[int]) -> None:
        values = list(heights)
        self._values = values
        tree = [0, *values]
        n = len(values)
        for i in range(1, n + 1):  # the linear build: each node adds itself to its parent
            parent = i + (i & -i)
            if parent <= n:
                tree[parent] += tree[i]
        self._tree = tree
        self._top = 1 << max(0, n.bit_length() - 1) if n else 0
        self.total = sum(values)

    @classmethod
    def zeros(cls, n: int) -> Heights:
        """`n` paragraphs of no height yet (without the linear build: every sum is 0)."""
        made = cls(())
        made._values = [0] * n
        made._tree = [0] * (n + 1)
        made._top = 1 << max(0, n.bit_length() - 1) if n else 0
        return made

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, p: int) -> int:
        return self._values[p]

    def set(self, p: int, height: int) -> int:
        """Give paragraph `p` this height; the change (new minus old)."""
        delta = height - self._values[p]
        if delta:
            self._values[p] = height
            self.total += delta
            tree, n, i = self._tree, len(self._values), p + 1
            while i <= n:
                tree[i] += delta
                i += i & -i
        return delta

    def before(self, p: int) -> int:
        """Lines above paragraph `p` (the sum of the heights of paragraphs 0 … p-1)."""
        tree, total, i = self._tree, 0, p
        while i > 0:
            total += tree[i]
            i -= i & -i
        return total

    def find(self, line: int) -> int:
        """The paragraph holding `line`: the last p with `before(p) <= line` and a height (the
        last paragraph for a line past the end, 0 for one before the start)."""
        tree, n = self._tree, len(self._values)
        if n == 0:
            return 0
        pos, left, step = 0, line, self._top
        while step:  # the largest prefix whose sum is at most `line`
            nxt = pos + step
            if nxt <= n and tree[nxt] <= left:
                pos = nxt
                left -= tree[nxt]
            step >>= 1
        return min(pos, n - 1)  # the `pos` paragraphs before it end at or before the line
