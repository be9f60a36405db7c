"""Fetching untrusted URLs: feeds, transcripts and audio come from servers we do not control.

Every fetch has a timeout on each read (a server that stops sending), an overall deadline (a
server that trickles a byte a second), a size cap (read at most cap + 1 bytes, so a huge answer is
never held whole), and a bounded number of retries for errors that may pass (connection refused,
reset, HTTP 429/5xx). Only http and https URLs are fetched. Errors are `FetchError`: one line.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from studyterm import __version__
from studyterm.errors import InputError

__all__ = ["FetchError", "Limits", "Progress", "fetch", "open_url", "read_capped"]

Progress = Callable[[int, int | None], None]  # (bytes so far, total or None)

_CHUNK = 64 * 1024
_RETRY_STATUS = {408, 429, 500, 502, 503, 504}


class FetchError(InputError):
    """A URL could not be fetched: unreachable, refused, too slow, too large, an HTTP error."""

    status: int | None = None  # the HTTP status, when the server answered with an error


@dataclass(frozen=True)
class Limits:
    """How long and how much one fetch may take."""

    max_bytes: int = 20 * 1024 * 1024
    read_timeout: float = 20.0  # seconds without a byte before giving up
    deadline: float = 120.0  # seconds for the whole fetch, retries included
    retries: int = 2  # further tries after a failure that may pass
    backoff: float = 0.5  # seconds before the first retry, doubled after each


def _check_scheme(url: str) -> None:
    scheme = urllib.parse.urlparse(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"not an http(s) URL (scheme {scheme or 'missing'!r})", path=url)


def open_url(
    url: str, limits: Limits, headers: dict[str, str] | None = None, started: float | None = None
) -> IO[bytes]:
    """Open `url` (with retries) and return the response, whose reads time out after
    `limits.read_timeout`; the caller reads it with `read_capped` or `copy_capped`."""
    _check_scheme(url)
    started = time.monotonic() if started is None else started
    request = urllib.request.Request(
        url, headers={"User-Agent": f"studyterm/{__version__}", **(headers or {})}
    )
    wait = limits.backoff
    attempt = 0
    while True:
        remaining = limits.deadline - (time.monotonic() - started)
        if remaining <= 0:
            raise FetchError(f"gave up after {limits.deadline:g} s (the server is too slow)", path=url)
        try:
            response: IO[bytes] = urllib.request.urlopen(request, timeout=min(limits.read_timeout, remaining))
            return response
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code not in _RETRY_STATUS or attempt >= limits.retries:
                error = FetchError(f"HTTP {exc.code} {exc.reason}", path=url)
                error.status = exc.code
                raise error from exc
            failure: Exception = exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
                raise FetchError(f"no answer within {limits.read_timeout:g} s", path=url) from exc
            if attempt >= limits.retries:
                raise FetchError(f"cannot connect: {reason}", path=url) from exc
            failure = exc
        attempt += 1
        if time.monotonic() - started + wait >= limits.deadline:
            raise FetchError(f"gave up after {attempt} tries: {failure}", path=url) from failure
        time.sleep(wait)
        wait *= 2


def read_capped(
    response: IO[bytes],
    url: str,
    limits: Limits,
    started: float,
    sink: IO[bytes] | None = None,
    already: int = 0,
    progress: Progress | None = None,
) -> bytes:
    """Read the response to its end: into `sink` when given (returning b""), else into memory.
    FetchError past the size cap, the deadline, or a read timeout; the bytes read so far stay
    in `sink` (a download resumes from them)."""
    length = response.headers.get("Content-Length") if hasattr(response, "headers") else None
    total = already + int(length) if length and length.isdigit() else None
    if total is not None and total > limits.max_bytes:
        raise FetchError(f"is {total:,} bytes, over the {limits.max_bytes:,}-byte limit", path=url)
    chunks: list[bytes] = []
    done = already
    # read1 returns what has arrived, so a trickling server meets the deadline check often
    read = getattr(response, "read1", response.read)
    while True:
        if time.monotonic() - started > limits.deadline:
            raise FetchError(f"gave up after {limits.deadline:g} s (the server is too slow)", path=url)
        try:
            chunk = read(_CHUNK)
        except TimeoutError as exc:
            raise FetchError(f"the server stopped sending for {limits.read_timeout:g} s", path=url) from exc
        except (OSError, urllib.error.URLError) as exc:
            raise FetchError(f"connection lost after {done:,} bytes: {exc}", path=url) from exc
        if not chunk:
            break
        done += len(chunk)
        if done > limits.max_bytes:
            raise FetchError(f"is larger than the {limits.max_bytes:,}-byte limit", path=url)
        if sink is not None:
            sink.write(chunk)
        else:
            chunks.append(chunk)
        if progress is not None:
            progress(done, total)
    if total is not None and done < total:
        raise FetchError(f"connection closed after {done:,} of {total:,} bytes", path=url)
    return b"".join(chunks)


def fetch(url: str, limits: Limits | None = None, progress: Progress | None = None) -> bytes:
    """The body of `url`, within the limits."""
    limits = limits or Limits()
    started = time.monotonic()
    with open_url(url, limits, started=started) as response:
        return read_capped(response, url, limits, started, progress=progress)
