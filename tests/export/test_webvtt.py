"""WebVTT chapter tracks: write, read back, reject."""

from __future__ import annotations

import pytest

from vidmark.errors import FormatError
from vidmark.export import format_for_path, get_format, render

from .chapter_sample import ANNOTATION


def test_webvtt_round_trip_keeps_milliseconds_titles_and_summaries() -> None:
    text = render(ANNOTATION, "webvtt")
    assert text.startswith("WEBVTT")
    back = get_format("webvtt").read(text).chapters
    assert [(c.start_seconds, c.end_seconds) for c in back] == [(0, 61.25), (61.25, 3600), (3600, 3725.5)]
    assert back[0].title == "Intro -> start" and back[0].summary == "Hello. World."
    assert back[1].title == "安装 Python"


def test_webvtt_rejects_bad_files() -> None:
    with pytest.raises(FormatError, match="not a valid WebVTT"):
        get_format("webvtt").read("0:00 Intro\n")
    with pytest.raises(FormatError, match="before start"):
        get_format("webvtt").read("WEBVTT\n\n00:00:10.000 --> 00:00:05.000\nA\n")


def test_webvtt_is_found_by_file_name_and_by_content() -> None:
    assert format_for_path("a.chapters.vtt").name == "webvtt"
    text = render(ANNOTATION, "webvtt")
    assert [n for n in ("json", "json-full", "youtube", "webvtt", "vidchapters") if get_format(n).sniff(text)] == ["webvtt"]
