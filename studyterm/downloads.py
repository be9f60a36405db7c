"""Downloads of untrusted feeds, transcripts and audio, over `studyterm.net`.

`net` gives every transfer a per-read timeout, an overall deadline, a size cap and http(s)-only
redirects. Here on top: a bounded number of retries for failures that may pass (no connection,
a reset, HTTP 408/429/5xx) within the same deadline, a body announced larger than the cap refused
before it is read, a cut-off body noticed (fewer bytes than announced), the HTTP status kept on
the error, and a (done, total) progress callback. Only http and https URLs are fetched.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from studyterm import __version__, net
from studyterm.errors import InputError

__all__ = ["FetchError", "Limits", "Progress", "Writer", "copy_capped", "fetch", "open_url"]

Progress = Callable[[int, int | None], None]  # (bytes so far, total or None)

_RETRY_STATUS = {408, 429, 500, 502, 503, 504}


class FetchError(InputError):
    """A URL could not be fetched: unreachable, refused, too slow, too large, an HTTP error."""

    def __init__(self, message: str, *, path: str, status: int | None = None) -> None:
        super().__init__(message, path=path)
        self.status = status  # the HTTP status, when the server answered with an error


@dataclass(frozen=True)
class Limits:
    """How long and how much one fetch may take."""

    max_bytes: int = 20 * 1024 * 1024
    read_timeout: float = 20.0  # seconds without a byte before giving up
    deadline: float = 120.0  # seconds for the whole fetch, retries included
    retries: int = 2  # further tries after a failure that may pass
    backoff: float = 0.5  # seconds before the first retry, doubled after each

    def left(self, started: float) -> net.Limits:
        """`net`'s limits for what remains of the deadline."""
        remaining = self.deadline - (time.monotonic() - started)
        return net.Limits(
            read_timeout=max(0.1, min(self.read_timeout, remaining)),
            deadline=max(0.0, remaining),
            max_bytes=self.max_bytes,
        )


class Writer(Protocol):
    def write(self, data: bytes, /) -> int: ...


def open_url(
    url: str, limits: Limits, headers: dict[str, str] | None = None, started: float | None = None
) -> http.client.HTTPResponse:
    """Open `url`, retrying failures that may pass; the response (2xx) or FetchError."""
    if urllib.parse.urlparse(url).scheme.lower() not in ("http", "https"):
        raise FetchError("not an http(s) URL", path=url)
    started = time.monotonic() if started is None else started
    request = urllib.request.Request(
        url, headers={"User-Agent": f"studyterm/{__version__}", **(headers or {})}
    )
    wait, attempt = limits.backoff, 0
    while True:
        if time.monotonic() - started >= limits.deadline:
            raise FetchError(f"gave up after {limits.deadline:g} s: the server is too slow", path=url)
        try:
            return net.open_url(request, limits.left(started))
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code not in _RETRY_STATUS or attempt >= limits.retries:
                raise FetchError(f"HTTP {exc.code} {exc.reason}", path=url, status=exc.code) from exc
            failure: Exception = exc
        except net.FetchError as exc:
            if attempt >= limits.retries:
                raise FetchError(exc.message, path=url) from exc
            failure = exc
        attempt += 1
        if time.monotonic() - started + wait >= limits.deadline:
            raise FetchError(f"gave up after {attempt} tries: {failure}", path=url) from failure
        time.sleep(wait)
        wait *= 2


def copy_capped(
    response: http.client.HTTPResponse,
    out: Writer,
    url: str,
    limits: Limits,
    started: float,
    already: int = 0,
    progress: Progress | None = None,
) -> int:
    """Copy the body to `out` (after `already` bytes from an earlier try); the bytes copied.
    FetchError when it is announced or turns out larger than the cap, too slow, or cut off."""
    length = response.headers.get("Content-Length")
    announced = int(length) if length and length.strip().isdigit() else None
    total = already + announced if announced is not None else None
    if total is not None and total > limits.max_bytes:
        raise FetchError(f"is {total:,} bytes, over the {limits.max_bytes:,}-byte limit", path=url)
    left = limits.left(started)
    capped = net.Limits(left.read_timeout, left.deadline, limits.max_bytes - already)
    try:
        done = net.copy_body(
            response,
            out,
            url,
            capped,
            started=started,
            progress=None if progress is None else (lambda n: progress(already + n, total)),
        )
    except net.FetchError as exc:
        raise FetchError(exc.message, path=url) from exc
    if announced is not None and done < announced:
        raise FetchError(f"the connection closed after {already + done:,} of {total:,} bytes", path=url)
    return done


class _Collect:
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes, /) -> int:
        self.parts.append(data)
        return len(data)


def fetch(url: str, limits: Limits | None = None, progress: Progress | None = None) -> bytes:
    """The body of `url`, within the limits."""
    limits = limits or Limits()
    started = time.monotonic()
    sink = _Collect()
    with open_url(url, limits, started=started) as response:
        copy_capped(response, sink, url, limits, started, progress=progress)
    return b"".join(sink.parts)
