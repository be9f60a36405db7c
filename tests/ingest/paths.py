"""Where the ingest tests find their inputs: the bundled sample and the hand-written fixtures."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "episodes" / "china-daily-2025-06-17-sino-kazakh-cooperation.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
SRT = FIXTURES / "news.srt"
VTT = FIXTURES / "talk.vtt"
