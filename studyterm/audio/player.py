"""Playing parts of an episode's audio with a real player found on the system.

mpv is driven over its JSON IPC socket: one mpv process per episode, idle and paused between
sentences; `play` seeks to the sentence and plays, and a reader thread watches `time-pos` and
pauses at the sentence's end (or keeps playing in follow mode). Where only ffplay (from ffmpeg)
is installed, each `play` starts one ffplay for the stretch and the position is reckoned from the
clock. Without either, `find_player` says what to install.

`STUDYTERM_AUDIO_OUTPUT=null` sends the sound nowhere (mpv `--ao=null`, SDL's dummy driver for
ffplay): the tests play for real on machines without a sound card.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Protocol

from studyterm.audio.tools import MissingTool

__all__ = ["FfplayPlayer", "MpvPlayer", "Player", "find_player"]

OUTPUT_ENV = "STUDYTERM_AUDIO_OUTPUT"
_START_TIMEOUT = 10.0


class Player(Protocol):
    name: str

    def play(self, start: float, end: float | None, speed: float = 1.0) -> None:
        """Play from `start` (seconds) to `end`, or on to the end of the file when None."""
        ...

    def stop(self) -> None: ...

    def position(self) -> float | None:
        """Where playback is now (seconds), or None before anything played."""
        ...

    @property
    def playing(self) -> bool: ...

    def close(self) -> None: ...


def find_player(audio: Path, prefer: str | None = None) -> Player:
    """mpv if installed (the better one: exact seeks, speed without restarting), else ffplay."""
    order = [prefer] if prefer else ["mpv", "ffplay"]
    for name in order:
        path = shutil.which(name)
        if path and name == "mpv":
            return MpvPlayer(audio, path)
        if path and name == "ffplay":
            return FfplayPlayer(audio, path)
    raise MissingTool(
        "playing audio needs mpv or ffplay, and neither is installed (on "
        "Debian/Ubuntu: apt-get install mpv, or apt-get install ffmpeg for ffplay; "
        "macOS: brew install mpv)"
    )


class MpvPlayer:
    """mpv over its JSON IPC socket."""

    name = "mpv"

    def __init__(self, audio: Path, program: str = "mpv") -> None:
        self._dir = tempfile.mkdtemp(prefix="studyterm-mpv-")
        self._socket_path = os.path.join(self._dir, "ipc")
        args = [
            program,
            "--idle=yes",
            "--no-video",
            "--no-terminal",
            "--no-config",
            "--keep-open=yes",
            "--pause=yes",
            f"--input-ipc-server={self._socket_path}",
            str(audio),
        ]
        if os.environ.get(OUTPUT_ENV) == "null":
            args.insert(1, "--ao=null")
        self._process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._replies: dict[int, dict[str, Any]] = {}
        self._next_id = 0
        self._pos: float | None = None
        self._end: float | None = None
        self._playing = False
        self._restarts = 0  # playback-restart events seen (one per seek landed)
        self._from = 0.0
        self.reached: tuple[float, float] | None = None  # (first, last) position of the last play
        self._sock = self._connect()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._command("observe_property", 1, "time-pos")
        self._wait_loaded()

    def _connect(self) -> socket.socket:
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            try:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.connect(self._socket_path)
                return sock
            except OSError:
                sock.close()
                time.sleep(0.05)
        self.close()
        raise MissingTool("mpv did not start (is the audio file readable?)")

    def _wait_loaded(self) -> None:
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if self._command("get_property", "duration").get("error") == "success":
                return
            time.sleep(0.05)
        self.close()
        raise MissingTool("mpv could not open the audio file")

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = self._sock.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                with self._changed:
                    self._playing = False
                    self._changed.notify_all()
                return
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                with contextlib.suppress(ValueError):
                    self._handle(json.loads(line))

    def _handle(self, message: dict[str, Any]) -> None:
        pause = False
        with self._changed:
            if "request_id" in message:
                self._replies[int(message["request_id"])] = message
            elif message.get("event") == "property-change" and message.get("id") == 1:
                pos = message.get("data")
                # positions from before the seek may still arrive: only those past it count
                if isinstance(pos, (int, float)) and self._playing and pos >= self._from - 0.05:
                    self._pos = float(pos)
                    first = self.reached[0] if self.reached else self._pos
                    self.reached = (first, self._pos)
                    if self._end is not None and self._pos >= self._end:
                        self._playing, self._end, pause = False, None, True
            elif message.get("event") == "playback-restart":  # a seek has landed
                self._restarts += 1
            elif message.get("event") in ("end-file", "eof-reached"):
                self._playing = False
            self._changed.notify_all()
        if pause:
            self._send({"command": ["set_property", "pause", True]})

    def _send(self, payload: dict[str, Any]) -> None:
        with contextlib.suppress(OSError):
            self._sock.sendall(json.dumps(payload).encode() + b"\n")

    def _command(self, *command: Any, timeout: float = 5.0) -> dict[str, Any]:
        with self._lock:
            self._next_id += 1
            request = self._next_id
        self._send({"command": list(command), "request_id": request})
        deadline = time.monotonic() + timeout
        with self._changed:
            while request not in self._replies:
                left = deadline - time.monotonic()
                if left <= 0 or self._process.poll() is not None:
                    return {"error": "no answer"}
                self._changed.wait(left)
            return self._replies.pop(request)

    def play(self, start: float, end: float | None, speed: float = 1.0) -> None:
        start = max(0.0, start)
        with self._changed:
            self._playing = False
            restarts = self._restarts
        self._command("set_property", "pause", True)
        self._command("set_property", "speed", speed)
        self._command("seek", start, "absolute+exact")
        with self._changed:  # wait (briefly) for the seek to land before playing on
            self._changed.wait_for(lambda: self._restarts > restarts, timeout=2.0)
            self._end, self._playing, self.reached, self._pos = end, True, None, start
            self._from = start
        self._command("set_property", "pause", False)

    def stop(self) -> None:
        with self._changed:
            self._playing, self._end = False, None
        self._command("set_property", "pause", True)

    def speed(self) -> float | None:
        reply = self._command("get_property", "speed")
        data = reply.get("data")
        return float(data) if isinstance(data, (int, float)) else None

    def position(self) -> float | None:
        with self._lock:
            return self._pos

    @property
    def playing(self) -> bool:
        with self._lock:
            return self._playing

    def wait(self, timeout: float) -> bool:
        """Wait until the stretch being played ends; False if it still plays after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._playing:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
        return True

    def close(self) -> None:
        if self._process.poll() is None:
            self._send({"command": ["quit"]})
            try:
                self._process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=3)
        with contextlib.suppress(AttributeError, OSError):
            self._sock.close()
        shutil.rmtree(self._dir, ignore_errors=True)


class FfplayPlayer:
    """ffplay, one process per stretch played; the position is reckoned from the clock."""

    name = "ffplay"

    def __init__(self, audio: Path, program: str = "ffplay") -> None:
        self._audio = audio
        self._program = program
        self._process: subprocess.Popen[bytes] | None = None
        self._started = 0.0
        self._from = 0.0
        self._end: float | None = None
        self._speed = 1.0

    def play(self, start: float, end: float | None, speed: float = 1.0) -> None:
        self.stop()
        args = [self._program, "-nodisp", "-autoexit", "-loglevel", "error", "-ss", f"{start:.3f}"]
        if end is not None:
            args += ["-t", f"{max(0.05, end - start):.3f}"]
        if speed != 1.0:
            args += ["-af", f"atempo={speed:g}"]
        env = dict(os.environ)
        if env.get(OUTPUT_ENV) == "null":
            env["SDL_AUDIODRIVER"] = "dummy"
        self._process = subprocess.Popen(
            [*args, str(self._audio)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self._started, self._from, self._end, self._speed = time.monotonic(), start, end, speed

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=3)

    def position(self) -> float | None:
        if self._process is None:
            return None
        pos = self._from + (time.monotonic() - self._started) * self._speed
        return min(pos, self._end) if self._end is not None else pos

    @property
    def playing(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def wait(self, timeout: float) -> bool:
        if self._process is None:
            return True
        try:
            self._process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        return True

    @property
    def returncode(self) -> int | None:
        return None if self._process is None else self._process.returncode

    def close(self) -> None:
        self.stop()
