"""Listening sentence by sentence: which sentence is current, what the keys do, and which
sentence the player is in (for follow mode). Plain Python over a `Player`, so the reader only
wires keys and a timer to it, and it is tested with the real player without the app.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from studyterm.audio.player import Player
from studyterm.store.audio import TimedSentence

__all__ = ["SPEEDS", "Playback"]

SPEEDS = (0.75, 1.0, 1.25)


@dataclass
class Playback:
    """The sentences of one episode with their times, and the player that speaks them.

    Out of follow mode each key plays one sentence and stops; in follow mode playback runs on
    and `tick` tells which sentence is being spoken, so the reader highlights and scrolls to it.
    """

    sentences: list[TimedSentence]
    player: Player
    speed: float = 1.0
    follow: bool = False
    current: int | None = None
    _starts: list[float] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self.sentences = sorted(self.sentences, key=lambda t: t.start)
        self._starts = [t.start for t in self.sentences]

    def index_at(self, segment: int, offset: int) -> int | None:
        """The sentence holding character `offset` of `segment` (else the next one after it)."""
        for i, t in enumerate(self.sentences):
            if (t.segment, t.char_end) > (segment, offset):
                return i
        return len(self.sentences) - 1 if self.sentences else None

    def index_of_time(self, seconds: float) -> int | None:
        """The sentence being spoken at `seconds` (the last one started by then)."""
        i = bisect.bisect_right(self._starts, seconds + 0.01) - 1
        return i if i >= 0 else None

    def play(self, index: int) -> TimedSentence:
        """Play sentence `index` (clamped to the episode): alone, or on from it in follow mode."""
        index = max(0, min(index, len(self.sentences) - 1))
        self.current = index
        t = self.sentences[index]
        self.player.play(t.start, None if self.follow else t.end, self.speed)
        return t

    def play_from(self, segment: int, offset: int) -> TimedSentence | None:
        index = self.index_at(segment, offset) if self.current is None else self.current
        return None if index is None else self.play(index)

    def next(self) -> TimedSentence | None:
        return None if not self.sentences else self.play(0 if self.current is None else self.current + 1)

    def previous(self) -> TimedSentence | None:
        return None if not self.sentences else self.play(0 if self.current is None else self.current - 1)

    def replay(self) -> TimedSentence | None:
        return None if self.current is None else self.play(self.current)

    def cycle_speed(self) -> float:
        """0.75× → 1× → 1.25× → 0.75×; the sentence playing starts again at the new speed."""
        self.speed = SPEEDS[(SPEEDS.index(self.speed) + 1) % len(SPEEDS)] if (self.speed in SPEEDS) else 1.0
        if self.player.playing and self.current is not None:
            self.play(self.current)
        return self.speed

    def toggle_follow(self) -> bool:
        self.follow = not self.follow
        return self.follow

    def stop(self) -> None:
        self.player.stop()

    def tick(self) -> int | None:
        """In follow mode, the sentence the player has reached (it becomes current)."""
        if not self.player.playing:
            return self.current
        pos = self.player.position()
        if self.follow and pos is not None:
            index = self.index_of_time(pos)
            if index is not None:
                self.current = index
        return self.current

    def close(self) -> None:
        self.player.close()
