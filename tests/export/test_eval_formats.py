"""The youtube, webvtt and vidchapters chapter formats: write, read back, sniff, reject."""

from __future__ import annotations

import json

import pytest

from vidmark.errors import FormatError
from vidmark.export import format_for_path, get_format, render
from vidmark.model import Annotation, Chapter, RunInfo, VideoInfo, VideoStreamInfo

VIDEO = VideoInfo(path="talk.mp4", size_bytes=1, container="mp4", duration_seconds=3725.5,
                  video=VideoStreamInfo(index=0, codec="h264", width=320, height=240))
ANNOTATION = Annotation(
    video=VIDEO,
    chapters=[Chapter(start_seconds=0, end_seconds=61.25, title="Intro --> start", summary="Hello.\n\nWorld."),
              Chapter(start_seconds=61.25, end_seconds=3600, title="安装 Python"),
              Chapter(start_seconds=3600, end_seconds=3725.5, title="Wrap-up")],
    run=RunInfo(engine="test"),
)


def test_youtube_writes_description_lines_and_reads_them_back() -> None:
    text = render(ANNOTATION, "youtube")
    assert text == "0:00 Intro --> start\n1:01 安装 Python\n1:00:00 Wrap-up\n"
    chapters = get_format("youtube").read("My video!\n\n" + text + "\nSubscribe")
    assert [(c.start_seconds, c.end_seconds, c.title) for c in chapters.chapters] == [
        (0, 61, "Intro --> start"), (61, 3600, "安装 Python"), (3600, 3600, "Wrap-up")]
    assert chapters.duration_seconds is None


@pytest.mark.parametrize("line", ["[0:00] Intro", "(0:00) - Intro", "0:00 – Intro", "00:00 | Intro"])
def test_youtube_reads_common_line_styles(line: str) -> None:
    assert get_format("youtube").read(line).chapters[0].title == "Intro"


def test_youtube_rejects_text_without_chapters_or_out_of_order() -> None:
    with pytest.raises(FormatError, match="no '0:00 Title'"):
        get_format("youtube").read("just a description")
    with pytest.raises(FormatError, match="must increase"):
        get_format("youtube").read("0:00 A\n2:00 B\n1:00 C")


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


def test_vidchapters_record_round_trip() -> None:
    record = json.loads(render(ANNOTATION, "vidchapters"))
    assert record == {"duration": 3725.5, "chapters": [
        {"label": "Intro --> start", "time": 0.0}, {"label": "安装 Python", "time": 61.25},
        {"label": "Wrap-up", "time": 3600.0}]}
    back = get_format("vidchapters").read(json.dumps({"vid123": record}))
    assert back.duration_seconds == 3725.5
    assert [(c.start_seconds, c.end_seconds) for c in back.chapters] == [(0, 61.25), (61.25, 3600), (3600, 3725.5)]


@pytest.mark.parametrize(("data", "message"), [
    ({"chapters": []}, "duration"),
    ({"duration": 10, "chapters": [{"label": "a", "time": 5}, {"label": "b", "time": 5}]}, "increase"),
    ({"duration": 10, "chapters": [{"label": "a", "time": 11}]}, "after the duration"),
    ({"duration": 10, "chapters": [{"label": "a", "time": "0:05"}]}, "chapter 0 time"),
    ([1, 2], "must be an object"),
])
def test_vidchapters_rejects_inconsistent_records(data: object, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        get_format("vidchapters").read(json.dumps(data))


def test_formats_are_found_by_name_and_by_content() -> None:
    assert format_for_path("a.youtube.txt").name == "youtube"
    assert format_for_path("a.chapters.vtt").name == "webvtt"
    assert format_for_path("a.vidchapters.json").name == "vidchapters"
    for name in ("youtube", "webvtt", "vidchapters"):
        text = render(ANNOTATION, name)
        assert [n for n in ("youtube", "webvtt", "vidchapters") if get_format(n).sniff(text)] == [name]
