"""Helpers for the export tests: annotations built from plain chapter lists, and titles
that exercise every escaping rule."""

from __future__ import annotations

import pytest

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
