"""`studyterm audio EPISODE FILE|URL` end to end: the file kept in the library, sentence times
from alignment or from the transcript, resumed downloads, and refusals that change nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

from studyterm.store import Store
from tests.audio.speech import Speech
from tests.lexicon.dicts import assert_one_line_error, library_state
from tests.loopback import loopback

TABLES = ("episodes", "episode_audio", "sentence_times")


def _import(run_cli, path: Path) -> str:  # type: ignore[no-untyped-def]
    result = run_cli("import", str(path), "--title", "Railway")
    assert result.code == 0, result.err
    return result.out.split()[0]


def _audio_files(library: Path) -> list[str]:
    folder = library / "audio"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_local_file_is_kept_and_aligned(run_cli, library: Path, speech: Speech) -> None:
    episode = _import(run_cli, speech.text)
    result = run_cli("audio", episode, str(speech.wav))
    assert result.code == 0, result.err
    assert "4 sentences: 4 aligned" in result.out
    assert _audio_files(library) == [f"{episode}.wav"]
    assert (library / "audio" / f"{episode}.wav").read_bytes() == speech.wav.read_bytes()
    with Store.open(library) as store:
        times = store.sentence_times(episode)
        assert store.audio(episode).source == str(speech.wav.resolve())  # type: ignore[union-attr]
    assert [t.method for t in times] == ["aligned"] * 4
    assert all(abs(t.start - s) < 0.4 for t, s in zip(times, speech.starts, strict=True))
    text = speech.text.read_text(encoding="utf-8")
    assert text[times[1].char_start : times[1].char_end] == speech.sentences[1]

    # attaching again replaces the file and the times, and leaves no second copy
    again = run_cli("audio", episode, str(speech.wav))
    assert again.code == 0, again.err
    assert _audio_files(library) == [f"{episode}.wav"]


def test_a_timed_transcript_keeps_its_own_times(
    run_cli, library: Path, speech: Speech, tmp_path: Path
) -> None:
    vtt = tmp_path / "railway.vtt"
    vtt.write_text(
        "WEBVTT\n\n"
        + "".join(
            f"00:00:{int(s):02d}.000 --> 00:00:{int(s) + 2:02d}.000\n{t}\n\n"
            for s, t in zip(speech.starts, speech.sentences, strict=True)
        ),
        encoding="utf-8",
    )
    episode = _import(run_cli, vtt)
    result = run_cli("audio", episode, str(speech.wav))
    assert result.code == 0, result.err
    assert "4 timed by the transcript" in result.out
    with Store.open(library) as store:
        times = store.sentence_times(episode)
    assert [(t.segment, t.start, t.method) for t in times] == [
        (i, float(int(s)), "transcript") for i, s in enumerate(speech.starts)
    ]


def test_a_download_resumes_where_it_stopped(run_cli, library: Path, speech: Speech) -> None:
    episode = _import(run_cli, speech.text)
    body = speech.wav.read_bytes()
    with loopback() as server:
        # the server promises more than it sends: the transfer breaks off
        url = server.serve("/ep.wav", body, lie_length=len(body) + 5000)
        first = run_cli("audio", episode, url)
        assert_one_line_error(first, url)
        assert "resume" in first.err
        assert library_state(library, TABLES[1:]) == {"episode_audio": [], "sentence_times": []}
        assert [p for p in _audio_files(library) if p.endswith(".part")]

        server.serve("/ep.wav", body)
        second = run_cli("audio", episode, url)
        assert second.code == 0, second.err
        assert server.hits[-1] == ("/ep.wav", f"bytes={len(body)}-")
        assert _audio_files(library) == [f"{episode}.wav"]
        assert (library / "audio" / f"{episode}.wav").read_bytes() == body


def test_the_feed_audio_link_is_used_by_default(run_cli, library: Path, speech: Speech) -> None:
    text = " ".join(speech.sentences)
    with loopback() as server:
        audio = server.serve("/ep.wav", speech.wav.read_bytes())
        server.serve("/t.txt", text, content_type="text/plain")
        feed = server.serve(
            "/feed.xml",
            f"""<?xml version="1.0"?><rss version="2.0"
 xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>Rail</title><item>
<title>Railway</title><guid>r1</guid><enclosure url="{audio}" type="audio/wav" length="9"/>
<podcast:transcript url="/t.txt" type="text/plain"/></item></channel></rss>""",
        )
        assert run_cli("feed", "add", feed).code == 0
        result = run_cli("audio", "Railway")
        assert result.code == 0, result.err
        assert "4 aligned" in result.out


def test_refusals_leave_the_library_as_it_was(run_cli, library: Path, speech: Speech, tmp_path: Path) -> None:
    episode = _import(run_cli, speech.text)
    before = library_state(library, TABLES)
    fake = tmp_path / "not-audio.mp3"
    fake.write_text("this is text, not sound\n" * 50, encoding="utf-8")
    assert_one_line_error(run_cli("audio", episode, str(fake)), str(fake))
    big = tmp_path / "big.wav"
    big.write_bytes(os.urandom(1024 * 1024 + 10))
    result = run_cli("audio", episode, str(big), "--max-audio", "1")
    assert_one_line_error(result, str(big))
    assert "limit" in result.err
    missing = run_cli("audio", episode)
    assert_one_line_error(missing, "FILE or URL", code=2)
    assert library_state(library, TABLES) == before
    assert _audio_files(library) == []
    assert json.loads(run_cli("list", "--format", "json").out)[0]["id"] == episode
