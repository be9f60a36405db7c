"""The reader's audio keys: play the current sentence, the previous or next one, replay, follow
mode, speed. A mixin of `ReaderScreen`, kept apart so the reader stays about reading.

The episode's audio and sentence times come from the library on the first key press (cheap
queries on the App's Store); the player is a real program (mpv, else ffplay), started then and
closed when the reader goes away. The sentence being spoken is painted with the `speaking` role
under the word highlights; in follow mode a timer moves it and scrolls it into view.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding

from studyterm.audio.playback import Playback
from studyterm.errors import StudytermError
from studyterm.tui.screen_mixin import ScreenMixin
from studyterm.tui.widgets.transcript_view import Styler

if TYPE_CHECKING:
    from textual.timer import Timer

    from studyterm.tui.widgets.transcript_view import TranscriptView

__all__ = ["AUDIO_BINDINGS", "AudioControls"]

TICK = 0.2  # seconds between looks at the player's position

AUDIO_BINDINGS = [
    Binding(
        "space",
        "play_sentence",
        "Play",
        show=False,
        id="reader.audio-play",
        tooltip="Play the current sentence (again: stop)",
    ),
    Binding(
        "right_square_bracket",
        "next_sentence",
        "Next sentence",
        show=False,
        id="reader.audio-next",
        tooltip="Play the next sentence",
    ),
    Binding(
        "left_square_bracket",
        "previous_sentence",
        "Previous sentence",
        show=False,
        id="reader.audio-previous",
        tooltip="Play the previous sentence",
    ),
    Binding(
        "full_stop",
        "replay_sentence",
        "Replay",
        show=False,
        id="reader.audio-replay",
        tooltip="Play the current sentence again",
    ),
    Binding(
        "a",
        "follow_audio",
        "Follow",
        show=False,
        id="reader.audio-follow",
        tooltip="Follow mode: play on, highlighting and scrolling to the sentence spoken",
    ),
    Binding(
        "x",
        "audio_speed",
        "Speed",
        show=False,
        id="reader.audio-speed",
        tooltip="Playback speed: 0.75×, 1×, 1.25×",
    ),
]


class AudioControls(ScreenMixin):
    """Mixed into ReaderScreen: expects `app` (with `store`), `episode_id` and `transcript`."""

    episode_id: str
    _playback: Playback | None = None
    _audio_timer: Timer | None = None
    _speaking: tuple[int, int, int] | None = None  # (segment, start, end) painted `speaking`

    if TYPE_CHECKING:

        @property
        def transcript(self) -> TranscriptView: ...

        def say(self, text: str) -> None: ...

    # -- painting -------------------------------------------------------------------------

    def with_speaking(self, styler: Styler) -> Styler:
        """The transcript's styler with the sentence being spoken under the word styles."""

        def styled(segment: int, start: int, end: int) -> Sequence[tuple[int, int, str]]:
            spans = styler(segment, start, end)
            speaking = self._speaking
            if speaking is None or speaking[0] != segment:
                return spans
            return [(speaking[1], speaking[2], "speaking"), *spans]

        return styled

    def _show_sentence(self, index: int | None, scroll: bool) -> None:
        playback = self._playback
        old = self._speaking
        if playback is None or index is None:
            self._speaking = None
        else:
            t = playback.sentences[index]
            self._speaking = (t.segment, t.char_start, t.char_end)
        if old != self._speaking:
            self.transcript.restyle([s for s in (old, self._speaking) if s is not None])
            if scroll and self._speaking is not None:
                self.transcript.scroll_to_position(self._speaking[0], self._speaking[1], where="visible")

    # -- the player -----------------------------------------------------------------------

    def _ready(self) -> Playback | None:
        """The episode's playback, started on first use; None (with a notice) without audio."""
        if self._playback is not None:
            return self._playback
        store = self.app.store
        row = store.audio(self.episode_id)
        times = store.sentence_times(self.episode_id) if row else []
        if row is None or not times:
            self.notify(
                f"This episode has no audio yet: studyterm audio {self.episode_id} FILE|URL",
                title="No audio",
                severity="warning",
                markup=False,
            )
            return None
        from studyterm.audio.player import find_player

        try:
            player = find_player(Path(store.path).parent / row.path)
        except StudytermError as err:
            self.notify(str(err), title="Cannot play", severity="error", markup=False)
            return None
        self._playback = Playback(times, player)
        self._audio_timer = self.set_interval(TICK, self._audio_tick)
        return self._playback

    def _audio_tick(self) -> None:
        playback = self._playback
        if playback is None:
            return
        if playback.follow and playback.player.playing:
            self._show_sentence(playback.tick(), scroll=True)

    def _played(self, sentence: object) -> None:
        playback = self._playback
        if playback is not None and sentence is not None:
            self._show_sentence(playback.current, scroll=True)

    def action_play_sentence(self) -> None:
        playback = self._ready()
        if playback is None:
            return
        if playback.player.playing:
            playback.stop()
            return
        if playback.current is None:
            self._played(playback.play_from(*self.transcript.top_position()))
        else:
            self._played(playback.replay())

    def action_next_sentence(self) -> None:
        if (playback := self._ready()) is not None:
            self._played(playback.next())

    def action_previous_sentence(self) -> None:
        if (playback := self._ready()) is not None:
            self._played(playback.previous())

    def action_replay_sentence(self) -> None:
        if (playback := self._ready()) is not None:
            self._played(playback.replay() or playback.play_from(*self.transcript.top_position()))

    def action_follow_audio(self) -> None:
        if (playback := self._ready()) is not None:
            on = playback.toggle_follow()
            # on the reader's status line: pressed again and again, they replace each other
            self.say(
                "Follow mode on: playing on from the sentence you play"
                if on
                else "Follow mode off: one sentence at a time"
            )

    def action_audio_speed(self) -> None:
        if (playback := self._ready()) is not None:
            self.say(f"Speed {playback.cycle_speed():g}×")

    def close_audio(self) -> None:
        """Stop the player and end its process (the reader is going away)."""
        if self._audio_timer is not None:
            self._audio_timer.stop()
            self._audio_timer = None
        if self._playback is not None:
            self._playback.close()
            self._playback = None

    def on_unmount(self) -> None:
        self.close_audio()

    def on_screen_suspend(self) -> None:
        if self._playback is not None:
            self._playback.stop()
