"""studyterm JSON: an Episode as written by `studyterm show EPISODE --format json`."""

from __future__ import annotations

import json

from studyterm.errors import InputError
from studyterm.ingest.base import Extras
from studyterm.ingest.times import check_times
from studyterm.model import Episode

__all__ = ["JsonImporter"]


class JsonImporter:
    name = "json"
    extensions = (".json",)

    def sniff(self, text: str) -> bool:
        head = text.lstrip()
        if head.startswith("{"):
            return True
        if not head.startswith("["):
            return False
        # "[Music] Welcome to…" is a transcript: a leading "[" is JSON only if it parses
        try:
            json.loads(head)
        except (ValueError, RecursionError):
            return False
        return True

    def parse(self, text: str, path: str, extras: Extras) -> Episode:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"broken JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", path=path
            ) from exc
        except (ValueError, RecursionError) as exc:  # a 5000-digit number, [[[[… nested too deep
            raise InputError(f"unreadable JSON: {str(exc).split(';')[0]}", path=path) from exc
        if not isinstance(data, dict) or data.get("studyterm") != "episode":
            raise InputError('JSON, but not a studyterm episode (no "studyterm": "episode")', path=path)
        try:
            episode = Episode.from_dict(data)
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
            raise InputError(f"studyterm episode JSON with a bad field: {exc}", path=path) from exc
        if not episode.segments or not any(s.text.strip() for s in episode.segments):
            raise InputError("studyterm episode JSON without transcript text", path=path)
        check_times(episode.segments, path)
        episode.source = episode.source or path
        return episode
