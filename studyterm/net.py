"""HTTP for studyterm's downloads and AnkiConnect: urllib, with limits on everything.

A server can hang a client in more ways than silence: dribbling a byte every few seconds keeps
every per-read timeout happy for ever, an endless body fills the disk, a huge reply fills the
memory, and redirects can loop or lead off to other schemes. So every transfer here has a
per-read timeout *and* an overall deadline, a size cap (the announced size plus a margin, or a
fixed ceiling), and redirects are followed only to http(s) addresses, ten at most. Each failure
is one line naming the URL.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any, Protocol
from urllib.parse import urlsplit

from studyterm.errors import StudytermError

__all__ = ["FetchError", "Limits", "Writer", "copy_body", "open_url", "read_body"]

_CHUNK = 64 * 1024
_MARGIN = 64 * 1024  # bytes allowed beyond an announced size before the transfer is stopped


class FetchError(StudytermError):
    """A transfer that failed or was stopped; `resumable` when what arrived so far is good."""

    def __init__(self, message: str, *, path: str, resumable: bool = False) -> None:
        super().__init__(message, path=path)
        self.resumable = resumable


@dataclass(frozen=True)
class Limits:
    """How long and how much: per read (and to connect), for the whole transfer, in bytes."""

    read_timeout: float = 60.0
    deadline: float = 3600.0
    max_bytes: int = 512 * 1024 * 1024


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only (urllib would follow ftp: too)."""

    max_redirections = 10

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        scheme = urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(
                f"the server redirects to a {scheme or 'relative'}: address "
                f"({newurl}); studyterm only follows http and https",
                path=req.full_url,
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def open_url(
    request: urllib.request.Request, limits: Limits = Limits(), *, direct: bool = False
) -> http.client.HTTPResponse:
    """Send the request; the response (status 2xx) or urllib's HTTPError for other statuses.
    `direct` bypasses proxies set in the environment (for this computer's own services)."""
    handlers: list[urllib.request.BaseHandler] = [_HttpOnlyRedirects()]
    if direct:
        handlers.append(urllib.request.ProxyHandler({}))
    opener = urllib.request.build_opener(*handlers)
    try:
        response = opener.open(request, timeout=limits.read_timeout)
    except urllib.error.HTTPError as exc:
        if str(exc.msg).startswith(urllib.request.HTTPRedirectHandler.inf_msg):
            exc.close()
            raise FetchError(
                "too many redirects (the server redirects in a loop)", path=request.full_url
            ) from exc
        raise
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise FetchError(f"cannot reach the server ({reason})", path=request.full_url) from exc
    assert isinstance(response, http.client.HTTPResponse)
    return response


def _cap(response: http.client.HTTPResponse, limits: Limits) -> int:
    length = response.headers.get("Content-Length")
    if length and length.strip().isdigit():
        return min(int(length) + _MARGIN, limits.max_bytes)
    return limits.max_bytes


class Writer(Protocol):
    def write(self, data: bytes, /) -> int: ...


def copy_body(
    response: http.client.HTTPResponse,
    out: Writer,
    url: str,
    limits: Limits = Limits(),
    *,
    started: float | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Copy the response body to `out` within the limits; the number of bytes copied.

    Reads take what has arrived (`read1`), so a server sending a byte at a time is stopped by
    the deadline (counted from `started`, default now), not only by the per-read timeout.
    FetchError when it is cut off, too slow or too big; `resumable` says the bytes so far are good.
    """
    start = time.monotonic() if started is None else started
    cap = _cap(response, limits)
    done = 0
    try:
        while chunk := response.read1(_CHUNK):
            done += len(chunk)
            if done > cap:
                raise FetchError(
                    f"the server sent more than {_size(cap)} (the most expected): stopped", path=url
                )
            out.write(chunk)
            if progress is not None:
                progress(done)
            if time.monotonic() - start > limits.deadline:
                raise FetchError(
                    f"stopped after {limits.deadline:g} s with {_size(done)} "
                    "received: the server is too slow",
                    path=url,
                    resumable=True,
                )
    except http.client.IncompleteRead as exc:
        raise FetchError(
            f"the server closed the connection early ({_size(done)} received)", path=url, resumable=True
        ) from exc
    except (OSError, http.client.HTTPException) as exc:  # a timeout, a reset connection
        if isinstance(exc, TimeoutError):
            reason = f"nothing arrived for {limits.read_timeout:g} s"
        else:
            reason = str(exc) or type(exc).__name__
        raise FetchError(
            f"the transfer broke off after {_size(done)} ({reason})", path=url, resumable=True
        ) from exc
    return done


class _Collect:
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(data)
        return len(data)


def read_body(response: http.client.HTTPResponse, url: str, limits: Limits = Limits()) -> bytes:
    """The whole response body in memory, within the limits (for small replies)."""
    sink = _Collect()
    copy_body(response, sink, url, limits)
    return b"".join(sink.parts)


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"
