"""Downloads and AnkiConnect calls against misbehaving servers on 127.0.0.1: a deadline stops a
server that dribbles, a cap stops an endless body, redirects go to http(s) only and a loop is
one line, a cut-off chunked body is said as such."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from studyterm.errors import ExportError
from studyterm.export.ankiconnect import invoke
from studyterm.lexicon.install import download
from studyterm.net import FetchError, Limits

Route = Callable[[BaseHTTPRequestHandler], None]
MAX_SECONDS = 20  # no handler here runs longer, whatever the client does


def _dribble(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Length", "1000")
    h.end_headers()
    for _ in range(int(MAX_SECONDS / 0.2)):
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(0.2)


def _endless(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)  # no Content-Length: the body ends when the server closes
    h.end_headers()
    h.close_connection = True
    for _ in range(1000):  # 64 MB at most
        h.wfile.write(b"y" * 65536)


def _redirect(to: str) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", to)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return route


def _cut_chunked(h: BaseHTTPRequestHandler) -> None:
    h.protocol_version = "HTTP/1.1"
    h.send_response(200)
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    h.wfile.write(b"400\r\n" + b"z" * 100)  # a 1024-byte chunk cut after 100 bytes
    h.close_connection = True


ROUTES: dict[str, Route] = {
    "/dribble.csv": _dribble,
    "/endless.csv": _endless,
    "/ftp.csv": _redirect("ftp://127.0.0.1/ecdict.csv"),
    "/loop-a.csv": _redirect("/loop-b.csv"),
    "/loop-b.csv": _redirect("/loop-a.csv"),
    "/cut.csv": _cut_chunked,
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        route = ROUTES.get(self.path)
        if route is None:
            self.send_error(404)
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)  # a client that gives up early is what these tests want

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_dribbling_server_is_stopped_by_the_deadline(server: str, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="too slow") as info:
        download(server + "/dribble.csv", tmp_path, limits=Limits(read_timeout=5, deadline=1.0))
    assert info.value.resumable and "run the command again to resume" in str(info.value)
    [part] = tmp_path.glob("*.part")  # kept for the next try
    assert 0 < part.stat().st_size < 1000


def test_an_endless_body_is_stopped_by_the_cap(server: str, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=r"more than 1\.0 MB") as info:
        download(
            server + "/endless.csv",
            tmp_path,
            limits=Limits(read_timeout=5, deadline=MAX_SECONDS, max_bytes=1024 * 1024),
        )
    assert "deleted" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_redirects_to_other_schemes_are_not_followed(server: str, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="only follows http and https"):
        download(server + "/ftp.csv", tmp_path)


def test_a_redirect_loop_is_one_line(run_cli, library: Path, server: str) -> None:
    result = run_cli("dict", "install", "ecdict", "--url", server + "/loop-a.csv")
    assert result.code == 1
    [line] = [ln for ln in result.err.splitlines() if ln.startswith("studyterm:")]
    assert "too many redirects" in line and "loop-a.csv" in line


def test_a_cut_off_chunked_body_is_said_plainly(server: str, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="closed the connection early") as info:
        download(server + "/cut.csv", tmp_path, limits=Limits(read_timeout=5, deadline=10))
    assert "IncompleteRead" not in str(info.value) and info.value.resumable


def test_an_ankiconnect_reply_is_capped(server: str) -> None:
    with pytest.raises(ExportError, match=r"more than 1\.0 MB"):
        invoke(server + "/endless.csv", "version", max_reply=1024 * 1024, timeout=MAX_SECONDS)


def test_an_ankiconnect_reply_has_a_deadline(server: str) -> None:
    with pytest.raises(ExportError, match="too slow"):
        invoke(server + "/dribble.csv", "version", timeout=1.0)
