"""Publisher transcripts: choose the best `<podcast:transcript>` link and read it as an episode.

Preference, as the Podcasting 2.0 spec suggests for apps that show text in step with audio:
WebVTT, then SubRip (both timed, read by our subtitle importers), then the namespace's JSON
(timed segments), then HTML and plain text (untimed). The type attribute decides; the URL's
extension only when the type is missing or unknown.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from urllib.parse import urlparse

from studyterm.errors import InputError
from studyterm.feeds.notes import html_to_text
from studyterm.feeds.parse import TranscriptLink
from studyterm.ingest import Extras, parse_episode
from studyterm.ingest.detect import decode_bytes
from studyterm.ingest.subtitles import episode_from_cues
from studyterm.model import Episode, Segment

__all__ = ["KINDS", "best_transcript", "episode_from_transcript", "kind_of"]

KINDS = ("vtt", "srt", "json", "html", "text")  # best first
_TYPES = {
    "text/vtt": "vtt",
    "application/x-subrip": "srt",
    "application/srt": "srt",
    "text/srt": "srt",
    "application/x-srt": "srt",
    "text/x-srt": "srt",
    "application/json": "json",
    "text/json": "json",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
_EXTENSIONS = {".vtt": "vtt", ".srt": "srt", ".json": "json", ".html": "html", ".htm": "html", ".txt": "text"}


def kind_of(link: TranscriptLink) -> str | None:
    """vtt, srt, json, html, text, or None for a transcript type we cannot read."""
    kind = _TYPES.get(link.type.split(";")[0].strip())
    if kind is None:
        kind = _EXTENSIONS.get(PurePosixPath(urlparse(link.url).path).suffix.lower())
    return kind


def best_transcript(links: list[TranscriptLink]) -> TranscriptLink | None:
    """The most useful readable link (timed before untimed; English first among equals)."""
    readable = [
        (KINDS.index(k), not (link.language or "en").lower().startswith("en"), i, link)
        for i, link in enumerate(links)
        if (k := kind_of(link)) is not None
    ]
    return min(readable)[3] if readable else None


def episode_from_transcript(data: bytes, kind: str, url: str, extras: Extras) -> Episode:
    """Read a fetched transcript with the importer for its kind; InputError when broken."""
    if kind == "json":
        episode = _podcast_json(decode_bytes(data, url), url, extras)
    elif kind in ("vtt", "srt"):
        # the importers name the file in errors and tell formats by its extension
        episode = parse_episode(data, f"{url}#.{kind}", extras)
    else:
        text = decode_bytes(data, url)
        if kind == "html":
            text = html_to_text(text)
        episode = parse_episode(text.encode("utf-8"), f"{url}#.txt", extras)
    episode.source = url
    return episode


def _podcast_json(text: str, url: str, extras: Extras) -> Episode:
    """The Podcasting 2.0 JSON transcript: {"segments": [{"startTime", "endTime", "body",
    "speaker"}]}. Segments are often single words: runs of them are joined into sentences."""
    try:
        data = json.loads(text)
        raw = data["segments"] if isinstance(data, dict) else None
        if not isinstance(raw, list):
            raise TypeError("no list of segments")
        cues: list[Segment] = []
        pending: list[tuple[str, float, float, str | None]] = []

        def flush() -> None:
            if pending:
                cues.append(
                    Segment(" ".join(p[0] for p in pending), pending[0][1], pending[-1][2], pending[0][3])
                )
                pending.clear()

        for seg in raw:
            body = " ".join(str(seg.get("body") or "").split())
            if not body:
                continue
            start, end = float(seg["startTime"]), float(seg["endTime"])
            speaker = seg.get("speaker")
            speaker = str(speaker) if speaker else None
            if pending and pending[0][3] != speaker:
                flush()
            pending.append((body, start, end, speaker))
            if body.endswith((".", "?", "!", '."', '?"', '!"')):
                flush()
        flush()
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise InputError(f"broken JSON transcript: {exc}", path=url) from exc
    return episode_from_cues(cues, url, extras, "json")
