"""`studyterm feed` end to end against a real HTTP server on 127.0.0.1: a good feed with every
kind of transcript, and each way a feed goes wrong (huge, malformed, slow, a transcript that
404s, an entity bomb), each one line with the library as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.lexicon.dicts import assert_one_line_error, library_state
from tests.loopback import Server, loopback

VTT = """WEBVTT

00:00:00.000 --> 00:00:04.000
<v Host>Welcome to the show about renewable energy.

00:00:04.000 --> 00:00:09.500
<v Guest>Solar capacity expanded dramatically across the region last year.
"""
TEXT_TRANSCRIPT = "A plain transcript that must lose to the WebVTT one.\n"
PODCAST_JSON = json.dumps(
    {
        "version": "1.0.0",
        "segments": [
            {"speaker": "Anna", "startTime": 0.0, "endTime": 0.6, "body": "Diplomats"},
            {"speaker": "Anna", "startTime": 0.6, "endTime": 1.8, "body": "negotiated a ceasefire."},
            {
                "speaker": "Ben",
                "startTime": 2.0,
                "endTime": 4.5,
                "body": "Observers remain sceptical about its durability.",
            },
        ],
    }
)
NOTES_TRANSCRIPT = (
    "<p>In this episode we talk about trade.</p><h3>Transcript</h3>"
    "<p>Tariffs have reshaped global supply chains in recent years.</p>"
    "<p>Manufacturers are relocating factories to reduce their exposure, "
    "and economists debate whether the shift is permanent or temporary.</p>"
)


def item(
    guid: str,
    title: str,
    *,
    transcripts: str = "",
    notes: str = "Short notes.",
    day: int = 1,
    audio: str | None = None,
) -> str:
    return f"""<item><title>{title}</title><guid>{guid}</guid>
<pubDate>Tue, {day:02d} Jul 2025 08:00:00 GMT</pubDate>
<description><![CDATA[{notes}]]></description>
<enclosure url="{audio or f"http://127.0.0.1:9/{guid}.mp3"}" length="1234" type="audio/mpeg"/>
{transcripts}</item>"""


def rss(*items: str, title: str = "Energy Weekly") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel>'
        f"<title>{title}</title><link>http://127.0.0.1/</link>{''.join(items)}"
        "</channel></rss>"
    )


def good_feed(server: Server) -> str:
    server.serve("/t/ep1.vtt", VTT, content_type="text/vtt")
    server.serve("/t/ep1.txt", TEXT_TRANSCRIPT, content_type="text/plain")
    server.serve("/t/ep2.json", PODCAST_JSON, content_type="application/json")
    return server.serve(
        "/feed.xml",
        rss(
            item(
                "ep1",
                "Solar power",
                day=3,
                transcripts=(
                    '<podcast:transcript url="/t/ep1.txt" type="text/plain"/>'
                    '<podcast:transcript url="/t/ep1.vtt" type="text/vtt" language="en"/>'
                ),
            ),
            item(
                "ep2",
                "Ceasefire talks",
                day=2,
                transcripts='<podcast:transcript url="/t/ep2.json" type="application/json"/>',
            ),
            item("ep3", "Trade &amp; tariffs", day=1, notes=NOTES_TRANSCRIPT),
            item("ep4", "Bonus: listener questions", day=4),
        ),
        content_type="application/rss+xml",
    )


def db_state(library: Path) -> Any:
    """Every row of the tables a feed command may write (None before the library exists)."""
    return library_state(library, ("episodes", "analyses", "feeds", "feed_items"))


def episodes(run_cli) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    listed = json.loads(run_cli("list", "--format", "json").out)
    return {e["title"]: e for e in listed}


def test_good_feed_imports_each_transcript_with_times(run_cli, library: Path) -> None:
    with loopback() as server:
        result = run_cli("feed", "add", good_feed(server))
        assert result.code == 0, result.err
        assert "3 imported, 1 no transcript" in result.out
        assert "[4/4]" in result.err  # the progress lines
        # the best transcript was fetched, never the worse one beside it
        fetched = [path for path, _ in server.hits]
        assert "/t/ep1.vtt" in fetched and "/t/ep1.txt" not in fetched

        eps = episodes(run_cli)
        assert set(eps) == {"Solar power", "Ceasefire talks", "Trade & tariffs"}
        assert {e["podcast"] for e in eps.values()} == {"Energy Weekly"}
        assert eps["Solar power"]["date"] == "2025-07-03"
        solar = json.loads(run_cli("show", eps["Solar power"]["id"], "--format", "json").out)
        assert [(s["start"], s["end"], s["speaker"]) for s in solar["segments"]] == [
            (0.0, 4.0, "Host"),
            (4.0, 9.5, "Guest"),
        ]
        talks = json.loads(run_cli("show", eps["Ceasefire talks"]["id"], "--format", "json").out)
        # word-level JSON segments joined into sentences, keeping their times and speakers
        assert [(s["text"], s["start"], s["end"], s["speaker"]) for s in talks["segments"]] == [
            ("Diplomats negotiated a ceasefire.", 0.0, 1.8, "Anna"),
            ("Observers remain sceptical about its durability.", 2.0, 4.5, "Ben"),
        ]
        trade = json.loads(run_cli("show", eps["Trade & tariffs"]["id"], "--format", "json").out)
        assert trade["segments"][0]["text"].startswith("Tariffs have reshaped")
        assert "In this episode" not in json.dumps(trade)  # only the part after the heading

        items = json.loads(run_cli("feed", "list", "energy-weekly", "--format", "json").out)
        states = {i["title"]: i["state"] for i in items}
        assert states["Bonus: listener questions"] == "no transcript"
        assert all(i["audio"].endswith(".mp3") for i in items)

        # the second update fetches the feed again and adds nothing
        before = db_state(library)
        again = run_cli("feed", "update", "energy-weekly")
        assert again.code == 0, again.err
        assert "no new episodes" in again.out
        assert db_state(library)["episodes"] == before["episodes"]
        assert db_state(library)["feed_items"] == before["feed_items"]


def test_update_imports_only_new_items_and_retries_a_404(run_cli, library: Path) -> None:
    with loopback() as server:
        server.serve("/t/a.vtt", VTT)
        url = server.serve(
            "/feed.xml",
            rss(item("a", "First", transcripts=('<podcast:transcript url="/t/a.vtt" type="text/vtt"/>'))),
        )
        assert run_cli("feed", "add", url, "--name", "news").code == 0
        before = db_state(library)

        # a new item whose transcript is missing on the server: one line, nothing stored
        server.serve(
            "/feed.xml",
            rss(
                item(
                    "b",
                    "Second",
                    transcripts='<podcast:transcript url="/t/gone.srt" type="application/x-subrip"/>',
                ),
                item("a", "First", transcripts='<podcast:transcript url="/t/a.vtt" type="text/vtt"/>'),
            ),
        )
        result = run_cli("feed", "update", "news")
        assert_one_line_error(result, "/t/gone.srt")
        assert "404" in result.err
        after = db_state(library)
        assert after["episodes"] == before["episodes"] and after["feed_items"] == before["feed_items"]

        # the publisher fixes it: the next update imports the item, and only it
        server.serve(
            "/t/gone.srt", "1\n00:00:01,000 --> 00:00:03,000\nMarkets rallied on the announcement.\n"
        )
        hits = len(server.hits)
        fixed = run_cli("feed", "update")
        assert fixed.code == 0, fixed.err
        assert "news: 1 imported" in fixed.out
        assert [p for p, _ in server.hits[hits:]] == ["/feed.xml", "/t/gone.srt"]
        assert set(episodes(run_cli)) == {"First", "Second"}


def test_feed_from_a_local_file_reads_transcripts_beside_it(run_cli, library: Path, tmp_path: Path) -> None:
    (tmp_path / "ep.vtt").write_text(VTT, encoding="utf-8")
    feed = tmp_path / "feed.xml"
    feed.write_text(
        rss(
            item(
                "x",
                "Local",
                transcripts='<podcast:transcript url="ep.vtt" type="text/vtt"/>',
                audio="audio/ep.mp3",
            )
        ),
        encoding="utf-8",
    )
    result = run_cli("feed", "add", str(feed))
    assert result.code == 0, result.err
    assert "Local" in episodes(run_cli)
    items = json.loads(run_cli("feed", "list", "energy-weekly", "--format", "json").out)
    assert items[0]["audio"] == str(tmp_path / "audio" / "ep.mp3")  # beside the feed file
    listed = json.loads(run_cli("feed", "list", "--format", "json").out)
    assert listed[0]["name"] == "energy-weekly" and listed[0]["items"] == 1
    assert run_cli("feed", "remove", "energy-weekly").code == 0
    assert json.loads(run_cli("feed", "list", "--format", "json").out) == []
    assert "Local" in episodes(run_cli)  # episodes stay after unsubscribing


def _refused(run_cli, library: Path, url: str, *args: str) -> str:  # type: ignore[no-untyped-def]
    """Run `feed add`, assert one line naming the URL, exit 1 and an untouched library."""
    run_cli("list")  # the library exists, empty
    before = db_state(library)
    result = run_cli(*args, "feed", "add", url)
    assert_one_line_error(result, url)
    assert db_state(library) == before
    return result.err


def test_huge_feed_is_refused(run_cli, library: Path) -> None:
    with loopback() as server:
        huge = rss(*(item(f"g{i}", "Filler " * 40) for i in range(5000)))
        assert len(huge) > 2 * 1024 * 1024
        url = server.serve("/huge.xml", huge)
        err = _refused(run_cli, library, url, "--max-size", "1")
        assert "limit" in err


def test_malformed_feed_is_refused(run_cli, library: Path) -> None:
    with loopback() as server:
        url = server.serve("/bad.xml", rss(item("a", "Fine"))[:-40] + "<item><title>cut")
        assert "not well-formed" in _refused(run_cli, library, url)
        html = server.serve("/page.html", "<html><body><p>Not a feed at all</p></body></html>")
        assert_one_line_error(run_cli("feed", "add", html), html)


def test_slow_server_meets_the_deadline(run_cli, library: Path) -> None:
    with loopback() as server:
        # 16 bytes every 0.2 s: each read is quick, the whole would take minutes
        url = server.serve("/slow.xml", rss(*(item(f"s{i}", "Slow") for i in range(20))), delay=0.2)
        run_cli("list")
        before = db_state(library)
        result = run_cli("feed", "add", url, "--timeout", "1")
        assert_one_line_error(result, url)
        assert "too slow" in result.err
        assert db_state(library) == before


def test_entity_bomb_is_refused(run_cli, library: Path) -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "aaaaaaaaaa">\n'
        + "".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">\n' for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + ']>\n<rss version="2.0"><channel><title>&i;</title></channel></rss>'
    )
    with loopback() as server:
        url = server.serve("/bomb.xml", bomb)
        assert "entities" in _refused(run_cli, library, url)
