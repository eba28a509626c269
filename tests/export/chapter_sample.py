"""A three-chapter annotation shared by the youtube, webvtt and vidchapters tests: an
arrow in a title, a summary with a blank line, Chinese, and a chapter past one hour."""

from __future__ import annotations

from vidmark.model import Chapter

from .conftest import annotation_of

ANNOTATION = annotation_of(
    [Chapter(start_seconds=0, end_seconds=61.25, title="Intro --> start", summary="Hello.\n\nWorld."),
     Chapter(start_seconds=61.25, end_seconds=3600, title="安装 Python"),
     Chapter(start_seconds=3600, end_seconds=3725.5, title="Wrap-up")],
    duration=3725.5)
