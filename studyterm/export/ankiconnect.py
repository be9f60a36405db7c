"""Sending a deck to a running Anki through the AnkiConnect add-on (JSON over HTTP, urllib only).

Notes must be added or updated *by GUID*, so that a word sent to Anki this way and the same word
imported later from an .apkg are one note. AnkiConnect's note actions cannot do that: `addNote`
gives every note a random GUID and Anki's search cannot find a note by GUID. Its `importPackage`
action runs Anki's own package importer, which matches notes by GUID and note types by id — exactly
what the .apkg path relies on. So we build the same .apkg and ask Anki to import it. Anki reads the
file itself, which is why AnkiConnect must run on this computer (its default address, loopback).

Protocol: POST `{"action": A, "version": 6, "params": {...}}`, reply `{"result": R, "error": E}`.
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from studyterm.errors import ExportError, UsageError

__all__ = [
    "API_VERSION",
    "DEFAULT_URL",
    "MAX_REPLY_BYTES",
    "Sent",
    "check_note_type",
    "check_url",
    "invoke",
    "send_package",
]

DEFAULT_URL = "http://127.0.0.1:8765"
API_VERSION = 6
# AnkiConnect's replies to our calls are small (a version, a list of note ids): a reply larger
# than this is not AnkiConnect, and reading it whole would only fill the memory
MAX_REPLY_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Sent:
    """What Anki reported: notes of our note type before and after the import, and notes sent."""

    before: int
    after: int
    sent: int

    @property
    def added(self) -> int:
        return max(0, self.after - self.before)

    @property
    def updated(self) -> int:
        return max(0, self.sent - self.added)


def check_url(url: str) -> str:
    """An http(s) URL with a host, or UsageError (so a mistyped episode is not taken for a URL)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--ankiconnect {url!r} is not an http:// address like {DEFAULT_URL}")
    return url


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def invoke(
    url: str,
    action: str,
    params: dict[str, Any] | None = None,
    *,
    timeout: float = 30.0,
    max_reply: int = MAX_REPLY_BYTES,
) -> Any:
    """One AnkiConnect call; its `result`, or ExportError with AnkiConnect's message."""
    import urllib.error
    import urllib.request

    from studyterm.net import FetchError, Limits, open_url, read_body

    check_url(url)
    body = json.dumps({"action": action, "version": API_VERSION, "params": params or {}}).encode()
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    limits = Limits(read_timeout=timeout, deadline=timeout, max_bytes=max_reply)
    # a proxy set in the environment must not intercept a call to this computer's Anki
    direct = _is_loopback(urlsplit(url).hostname or "")
    try:
        response = open_url(request, limits, direct=direct)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise ExportError(f"AnkiConnect at {url} answered HTTP {exc.code} to {action}") from exc
    except FetchError as exc:
        raise ExportError(
            f"cannot reach AnkiConnect at {url} ({exc.message}): is Anki running with the AnkiConnect add-on?"
        ) from exc
    try:
        with response:
            raw = read_body(response, url, limits)
    except FetchError as exc:
        raise ExportError(f"AnkiConnect at {url} answered {action} badly: {exc.message}") from exc
    try:
        reply = json.loads(raw)
    except ValueError as exc:
        raise ExportError(f"{url} does not answer like AnkiConnect (not JSON)") from exc
    if not isinstance(reply, dict) or not {"result", "error"} <= reply.keys():
        raise ExportError(f"{url} does not answer like AnkiConnect (no result/error)")
    if reply["error"] is not None:
        raise ExportError(f"AnkiConnect refused {action}: {reply['error']}")
    return reply["result"]


def _count(url: str, model_name: str) -> int:
    found = invoke(url, "findNotes", {"query": f'"note:{model_name}"'})
    return len(found) if isinstance(found, list) else 0


def check_note_type(url: str) -> None:
    """ExportError when the learner changed the fields of studyterm's note type in Anki: Anki
    would then import every note of the deck into a copy (`studyterm vocabulary+`). The message
    names the fields and the ways out. A note type not there yet is fine."""
    from studyterm.export.anki import FIELDS, MODEL_NAME

    try:
        fields = invoke(url, "modelFieldNames", {"modelName": MODEL_NAME}, timeout=10.0)
    except ExportError as exc:
        if "not found" in str(exc).lower():
            return
        raise
    if not isinstance(fields, list) or list(fields) == list(FIELDS):
        return
    added = [str(f) for f in fields if f not in FIELDS]
    missing = [f for f in FIELDS if f not in fields]
    change = (
        f"has fields studyterm does not make ({', '.join(added)})"
        if added
        else f"lacks fields studyterm makes ({', '.join(missing)})"
        if missing
        else "has its fields in another order"
    )
    raise ExportError(
        f"your Anki note type {MODEL_NAME!r} {change}, so Anki would put this deck into a copy "
        f"({MODEL_NAME}+) instead of updating your notes. Either undo the change in Anki (Tools "
        "→ Manage Note Types → Fields), or write a file of the words not yet in Anki (-o new.apkg"
        ' --new-only) and import it with "Merge note types" ticked: new words join your note '
        "type and the notes you have are left as they are"
    )


def send_package(path: str | Path, notes: int, url: str = DEFAULT_URL) -> Sent:
    """Have Anki import the .apkg at `path` (add new notes, update existing ones by GUID)."""
    from studyterm.export.anki import MODEL_NAME

    version = invoke(url, "version", timeout=10.0)
    if not isinstance(version, int) or version < API_VERSION:
        raise ExportError(
            f"AnkiConnect at {url} speaks version {version!r}; studyterm needs {API_VERSION} or later"
        )
    before = _count(url, MODEL_NAME)
    done = invoke(url, "importPackage", {"path": str(Path(path).resolve())}, timeout=600.0)
    if done is not True:
        raise ExportError(f"Anki at {url} did not import the deck (is a profile open?)")
    return Sent(before, _count(url, MODEL_NAME), notes)
