"""Embedding chapters: PyAV reads them back from MP4, MOV, M4A and MKV with the right times
and titles, every stream and tag survives untouched, old chapters are replaced, and a
failure never leaves a half-written file or touches the original."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest

from tests.conftest import ffmpeg
from vidmark.errors import InputError, MediaError
from vidmark.export import embed as embed_module
from vidmark.export.embed import EmbedOptions, embed_chapters
from vidmark.model import Chapter

from .conftest import TRICKY_TITLES, chapters_of, packet_digest, streams_of, tags_of, tricky_chapters


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("source_suffix", "suffix"), [(".mp4", ".mp4"), (".mp4", ".mov"), (".mkv", ".mkv"), (".mp4", ".mkv")])
def test_chapters_read_back_and_streams_intact(rich_sources, tmp_path, source_suffix, suffix):
    source = rich_sources[source_suffix]
    before, original = streams_of(source), _digest(source)
    chapters = tricky_chapters(step=0.5)
    out = embed_chapters(source, chapters, tmp_path / f"out{suffix}")
    got = chapters_of(out)
    assert [title for *_, title in got] == TRICKY_TITLES
    assert [t for s, e, _ in got for t in (s, e)] == pytest.approx(
        [t for c in chapters for t in (c.start_seconds, c.end_seconds)], abs=2e-3)
    if source_suffix == suffix:
        assert streams_of(out) == before
    else:  # MP4 text subtitles become SRT: the empty gap samples of mov_text go
        assert [s[::3] for s in streams_of(out) if s[0] != "subtitle"] == [s[::3] for s in before if s[0] != "subtitle"]
        assert [s[0] for s in streams_of(out)] == [s[0] for s in before]
    assert tags_of(out) == {"title": "My film", "artist": "Me"}
    assert _digest(source) == original
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


@pytest.mark.parametrize("suffix", [".mp4", ".mkv"])
def test_the_same_container_is_spliced_not_remuxed(rich_sources, tmp_path, monkeypatch, suffix):
    """Same container in and out: the packets are the source's, and ffmpeg never runs."""
    def no_remux(*args):
        raise AssertionError("remuxed")

    monkeypatch.setattr(embed_module, "_remux", no_remux)
    out = embed_chapters(rich_sources[suffix], tricky_chapters(step=0.5), tmp_path / f"out{suffix}")
    assert [title for *_, title in chapters_of(out)] == TRICKY_TITLES
    assert packet_digest(out) == packet_digest(rich_sources[suffix])
    assert out.stat().st_size - rich_sources[suffix].stat().st_size < 2000


@pytest.mark.parametrize(("name", "make", "chapters"), [
    ("fragmented.mp4", ("-movflags", "frag_keyframe+empty_moov"), [(0, 1), (1, 4)]),
    ("gaps.mp4", (), [(0, 1), (2, 4)]),
    ("late-start.mp4", (), [(1, 2), (2, 4)]),
])
def test_layouts_the_splicer_declines_are_remuxed(rich_sources, tmp_path, monkeypatch, name, make, chapters):
    source = tmp_path / name
    ffmpeg("-i", str(rich_sources[Path(name).suffix]), "-map", "0", "-c", "copy", *make, str(source))
    remuxed = []
    monkeypatch.setattr(embed_module, "_remux", lambda *args: remuxed.append(embed_remux(*args)))
    marks = [Chapter(start_seconds=s, end_seconds=e, title=f"at {s}") for s, e in chapters]
    out = embed_chapters(source, marks, tmp_path / f"out{source.suffix}")
    assert remuxed
    got = chapters_of(out)
    assert [title for *_, title in got] == [f"at {s}" for s, _ in chapters]
    assert [round(s, 2) for s, *_ in got[1:]] == [s for s, _ in chapters[1:]]  # MP4 readers start the first at 0


embed_remux = embed_module._remux


def test_m4a_gets_chapters(tmp_path):
    audio = tmp_path / "talk.m4a"
    ffmpeg("-f", "lavfi", "-i", "sine=duration=6", "-c:a", "aac", str(audio))
    out = embed_chapters(audio, [Chapter(start_seconds=0, end_seconds=2, title="中文"),
                                 Chapter(start_seconds=2, end_seconds=6, title="🎬")], tmp_path / "out.m4b")
    assert [(round(s, 3), title) for s, _, title in chapters_of(out)] == [(0.0, "中文"), (2.0, "🎬")]


@pytest.mark.parametrize("suffix", [".mp4", ".mkv"])
def test_embedding_again_replaces_the_chapters(rich_sources, tmp_path, suffix):
    first = embed_chapters(rich_sources[suffix], tricky_chapters(step=0.5), tmp_path / f"first{suffix}")
    second = embed_chapters(first, [Chapter(start_seconds=0, end_seconds=1, title="one"),
                                    Chapter(start_seconds=1, end_seconds=4, title="two")], tmp_path / f"second{suffix}")
    assert [title for *_, title in chapters_of(second)] == ["one", "two"]
    with av.open(str(second)) as container, av.open(str(first)) as before:
        assert len(container.streams) == len(before.streams)  # no second chapter track


@pytest.mark.parametrize("suffix", [".mp4", ".mkv"])
def test_chapters_past_the_end_are_cut_and_the_duration_kept(rich_sources, tmp_path, suffix, caplog):
    marks = [Chapter(start_seconds=0, end_seconds=3, title="in"), Chapter(start_seconds=3, end_seconds=9, title="over"),
             Chapter(start_seconds=12, end_seconds=20, title="after")]
    out = embed_chapters(rich_sources[suffix], marks, tmp_path / f"out{suffix}")
    assert [(title, round(end, 1)) for _, end, title in chapters_of(out)] == [("in", 3.0), ("over", 4.0)]
    with av.open(str(out)) as after, av.open(str(rich_sources[suffix])) as before:
        assert after.duration == pytest.approx(before.duration, rel=0.01)
    assert "left out the chapters that start after its end (1)" in caplog.text


def test_an_open_last_chapter_runs_to_the_end(rich_sources, tmp_path):
    out = embed_chapters(rich_sources[".mkv"], [Chapter(start_seconds=0, end_seconds=1, title="a"),
                                                Chapter(start_seconds=1, end_seconds=1, title="b")], tmp_path / "o.mkv")
    assert chapters_of(out)[-1][1] == pytest.approx(4.0, abs=0.1)


@pytest.mark.parametrize("name", ["out.ts", "out.h264", "out"])
def test_containers_without_chapters_are_refused(rich_sources, tmp_path, name):
    with pytest.raises(InputError, match=r"cannot hold chapters; containers that can: MP4.*Matroska \(\.mkv"):
        embed_chapters(rich_sources[".mp4"], tricky_chapters(), tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_an_mpeg_ts_source_can_be_remuxed_into_mkv(tmp_path):
    source = tmp_path / "in.ts"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=160x120:r=25:d=3", "-c:v", "libx264", str(source))
    out = embed_chapters(source, [Chapter(start_seconds=0, end_seconds=3, title="x")], tmp_path / "out.mkv")
    assert [title for *_, title in chapters_of(out)] == ["x"]


def test_ffmpeg_failure_leaves_nothing_behind(rich_sources, tmp_path):
    """H.264 cannot go into WebM: ffmpeg fails, and neither output nor temp file stays."""
    with pytest.raises(MediaError, match="cannot embed chapters"):
        embed_chapters(rich_sources[".mp4"], tricky_chapters(), tmp_path / "out.webm")
    assert list(tmp_path.iterdir()) == []


def test_an_interrupt_leaves_nothing_behind(rich_sources, tmp_path, monkeypatch):
    def interrupted(source, chapters, muxer, splice, hidden, subtitles, part):
        part.write_bytes(b"half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(embed_module, "_write_embedded", interrupted)
    with pytest.raises(KeyboardInterrupt):
        embed_chapters(rich_sources[".mp4"], tricky_chapters(), tmp_path / "out.mp4")
    assert list(tmp_path.iterdir()) == []


def test_in_place_only_when_asked(rich_sources, tmp_path):
    video = tmp_path / "video.mkv"
    video.write_bytes(rich_sources[".mkv"].read_bytes())
    video.chmod(0o640)
    with pytest.raises(InputError, match="in-place"):
        embed_chapters(video, tricky_chapters(), video)
    assert chapters_of(video) == []
    embed_chapters(video, [Chapter(start_seconds=0, end_seconds=4, title="all")], options=EmbedOptions(in_place=True))
    assert [title for *_, title in chapters_of(video)] == ["all"]
    assert video.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["video.mkv"]


_SLOW_EMBED = """
import sys, time
from pathlib import Path
from vidmark.export import embed
from vidmark.model import Chapter

def slow(source, chapters, muxer, splice, hidden, subtitles, part):
    part.write_bytes(b"half a file")
    time.sleep(60)

embed._write_embedded = slow
embed.embed_chapters(sys.argv[1], [Chapter(start_seconds=0, end_seconds=1, title="x")], sys.argv[2])
"""


def test_sigterm_leaves_nothing_behind(rich_sources, tmp_path):
    """A process killed (SIGTERM) while embedding removes its temp file on the way out."""
    folder = tmp_path / "out"
    folder.mkdir()
    process = subprocess.Popen([sys.executable, "-c", _SLOW_EMBED, str(rich_sources[".mkv"]), str(folder / "o.mkv")],
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not list(folder.iterdir()) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert list(folder.iterdir()), "the embed never started writing"
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    assert process.returncode != 0
    assert list(folder.iterdir()) == []
