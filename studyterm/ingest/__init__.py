"""Ingest: episode files in, `Episode` out. The format is detected from the content.

Formats are a registry of importers (one module each, sharing `base.Importer`). Detection tries the
distinctive formats first (studyterm JSON, WebVTT, SubRip, PodQuest pages) and falls back to a plain
transcript. The file extension is only a tie-breaker: a `.srt` whose content is not SubRip is
reported as broken SubRip rather than read as prose.
"""

from __future__ import annotations

from pathlib import Path

from studyterm.errors import InputError
from studyterm.ingest.base import Extras, Importer
from studyterm.ingest.detect import DEFAULT_MAX_BYTES, decode_bytes, display_name, read_input
from studyterm.ingest.jsonfile import JsonImporter
from studyterm.ingest.plaintext import PlainTextImporter
from studyterm.ingest.podquest import PodQuestImporter
from studyterm.ingest.srt import SrtImporter
from studyterm.ingest.times import check_times
from studyterm.ingest.vtt import VttImporter
from studyterm.model import Episode, SummaryItem

__all__ = ["DEFAULT_MAX_BYTES", "IMPORTERS", "Extras", "load_episode", "parse_episode", "read_summary"]

IMPORTERS: tuple[Importer, ...] = (
    JsonImporter(),
    VttImporter(),
    SrtImporter(),
    PodQuestImporter(),
    PlainTextImporter(),
)


def parse_episode(data: bytes, path: str, extras: Extras | None = None) -> Episode:
    """Decode and parse bytes; InputError with a one-line reason when they are not an episode."""
    extras = extras or Extras()
    text = decode_bytes(data, path)
    suffix = Path(path).suffix.lower()
    by_ext = {".srt": "srt", ".vtt": "vtt", ".json": "json"}.get(suffix)
    for importer in IMPORTERS:
        # a name that promises this format when the content is not it: reported as broken
        if importer.sniff(text) or importer.name == by_ext:
            episode = importer.parse(text, path, extras)
            check_times(episode.segments, path)  # whatever the importer let through
            return episode
    raise InputError("unknown format: not a transcript, subtitles or studyterm JSON", path=path)


def load_episode(
    path: str | Path, extras: Extras | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Episode:
    """Read, decode and parse an episode file."""
    return parse_episode(read_input(path, max_bytes), display_name(path), extras)


def read_summary(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[SummaryItem, ...]:
    """A Chinese summary file for `--summary-zh`: paragraphs, optionally "speaker: text". A line
    with a speaker label starts an item of its own, so a file with one `speaker: text` a line
    gives one item per line; lines without a label continue the item above them."""
    text = decode_bytes(read_input(path, max_bytes), display_name(path))
    items: list[SummaryItem] = []
    for para in (p.strip() for p in text.split("\n\n")):
        current: tuple[str | None, list[str]] | None = None
        for line in (x.strip() for x in para.split("\n")):
            if not line:
                continue
            speaker, sep, body = line.partition("：") if "：" in line[:20] else line.partition(":")
            if sep and 0 < len(speaker.strip()) <= 20 and body.strip():
                if current is not None:
                    items.append(_summary_item(*current))
                current = (speaker.strip(), [body])
            elif current is None:
                current = (None, [line])
            else:
                current[1].append(line)
        if current is not None:
            items.append(_summary_item(*current))
    return tuple(items)


def _summary_item(speaker: str | None, lines: list[str]) -> SummaryItem:
    return SummaryItem(speaker, " ".join(" ".join(lines).split()))
