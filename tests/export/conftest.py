"""Helpers for the export tests: annotations built from plain chapter lists, titles that
exercise every escaping rule, and media files with what embedding must keep."""

from __future__ import annotations

import hashlib
from pathlib import Path

import av
import pytest

from tests.conftest import ffmpeg

from vidmark.model import Annotation, Chapter, RunInfo, VideoInfo, VideoStreamInfo

#: titles with Chinese, emoji, quotes, markup and the FFMETADATA special characters
TRICKY_TITLES = [
    "开场 Intro",
    "Demo 🎬🚀 time",
    "\"Quoted\" and 'single'",
    "a=b; c#d \\ e",
    "line one\nline two",
    "<script>alert('x')</script> & [link](x) *bold*",
    "=SUM(A1:A2)",
]


def annotation_of(chapters: list[Chapter], duration: float | None = None, path: str = "/nowhere/talk.mp4",
                  fps: float | None = 25.0, language: str | None = None) -> Annotation:
    """An annotation for a video that need not exist, as a chapter file gives it."""
    end = duration if duration is not None else max((c.end_seconds for c in chapters), default=0.0)
    video = VideoInfo(path=path, size_bytes=0, container="none", duration_seconds=end,
                      video=VideoStreamInfo(index=0, codec="none", width=1, height=1, fps=fps))
    return Annotation(video=video, chapters=chapters, run=RunInfo(engine="test"), language=language)


def tricky_chapters(step: float = 12.345) -> list[Chapter]:
    return [Chapter(start_seconds=i * step, end_seconds=(i + 1) * step, title=t, summary=f"summary {i}: {t}")
            for i, t in enumerate(TRICKY_TITLES)]


@pytest.fixture
def tricky() -> Annotation:
    return annotation_of(tricky_chapters())


@pytest.fixture(scope="session")
def rich_sources(tmp_path_factory) -> dict[str, Path]:
    """4 s clips with video, two audio tracks, a subtitle track and tags, as MP4 and MKV."""
    folder = tmp_path_factory.mktemp("embed")
    subtitles = folder / "subs.srt"
    subtitles.write_text("1\n00:00:00,500 --> 00:00:02,000\nhello\n", encoding="utf-8")
    inputs = ["-f", "lavfi", "-i", "testsrc2=s=160x120:r=25:d=4", "-f", "lavfi", "-i", "sine=frequency=440:duration=4",
              "-f", "lavfi", "-i", "sine=frequency=880:duration=4", "-i", str(subtitles)]
    common = ["-map", "0", "-map", "1", "-map", "2", "-map", "3", "-c:v", "libx264", "-g", "25", "-c:a", "aac",
              "-metadata", "title=My film", "-metadata", "artist=Me", "-metadata:s:a:0", "language=eng",
              "-metadata:s:a:1", "language=fra", "-metadata:s:s:0", "language=deu"]
    sources = {}
    for suffix, subtitle_codec in ((".mp4", "mov_text"), (".mkv", "srt")):
        path = folder / f"rich{suffix}"
        ffmpeg(*inputs, *common, "-c:s", subtitle_codec, str(path))
        sources[suffix] = path
    return sources


def streams_of(path: Path) -> list[tuple]:
    """Each shown stream's kind, codec, language and packet count (hidden chapter tracks left out)."""
    with av.open(str(path)) as container:
        shown = [s for s in container.streams if s.discard != av.stream.Discard.all]
        counts = {s.index: 0 for s in shown}
        for packet in container.demux(shown):
            if packet.size:
                counts[packet.stream.index] += 1
        return [(s.type, s.codec_context.name if s.codec_context else None, s.metadata.get("language"), counts[s.index])
                for s in shown]


def chapters_of(path: Path) -> list[tuple[float, float, str]]:
    with av.open(str(path)) as container:
        return [(float(c["start"] * c["time_base"]), float(c["end"] * c["time_base"]), c["metadata"].get("title", ""))
                for c in container.chapters()]


def tags_of(path: Path) -> dict[str, str]:
    with av.open(str(path)) as container:
        return {k.lower(): v for k, v in container.metadata.items() if k.lower() in ("title", "artist")}


def packet_digest(path: Path) -> str:
    """A digest of every shown stream's packets (stream, timestamps, bytes)."""
    digest = hashlib.sha256()
    with av.open(str(path)) as container:
        shown = [s for s in container.streams if s.discard != av.stream.Discard.all]
        for packet in container.demux(shown):
            if packet.size:
                digest.update(f"{packet.stream.index}:{packet.pts}:{packet.dts}:{packet.duration}".encode())
                digest.update(bytes(packet))
    return digest.hexdigest()
