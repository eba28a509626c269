"""Loading chapters for conversion: from chapter files of any format and from media files."""

from __future__ import annotations

import pytest

from tests.conftest import ffmpeg
from vidmark.errors import FormatError, InputError
from vidmark.export import get_format
from vidmark.export.convert import ConvertOptions, convert, load_annotation
from vidmark.export.embed import embed_chapters
from vidmark.model import Chapter

from .conftest import annotation_of, tricky_chapters


def test_chapters_embedded_in_a_video(clip, tmp_path):
    video = embed_chapters(clip, [Chapter(start_seconds=0, end_seconds=1.5, title="一"),
                                  Chapter(start_seconds=1.5, end_seconds=4, title="two")], tmp_path / "v.mp4")
    annotation = load_annotation(video)
    assert annotation.run.engine == "embedded"
    assert [(round(c.start_seconds, 3), c.title) for c in annotation.chapters] == [(0.0, "一"), (1.5, "two")]
    assert annotation.video.path == str(video)


def test_chapters_embedded_in_an_audio_only_file(tmp_path):
    """An M4B audiobook has no video: its chapters still export, and the last ends with it."""
    audio = tmp_path / "talk.m4a"
    ffmpeg("-f", "lavfi", "-i", "sine=duration=6", "-c:a", "aac", str(audio))
    book = embed_chapters(audio, [Chapter(start_seconds=0, end_seconds=2, title="中文"),
                                  Chapter(start_seconds=2, end_seconds=2, title="🎬")], tmp_path / "book.m4b")
    assert convert(book, ConvertOptions(to="youtube")) == "0:00 中文\n0:02 🎬\n"
    annotation = load_annotation(book)
    assert [(c.start_seconds, round(c.end_seconds, 1)) for c in annotation.chapters] == [(0.0, 2.0), (2.0, 6.0)]


def test_a_video_without_chapters_says_so(clip):
    with pytest.raises(InputError, match="no chapters embedded"):
        load_annotation(clip)


def test_start_only_formats_end_at_the_video_when_it_is_given(clip, tmp_path):
    chapters = [Chapter(start_seconds=0, end_seconds=1, title="a"), Chapter(start_seconds=1, end_seconds=4, title="b")]
    path = tmp_path / "talk.psc.xml"
    path.write_text(get_format("podlove").write(annotation_of(chapters)), encoding="utf-8")
    assert load_annotation(path).chapters[-1].end_seconds == 1.0  # the file does not say where b ends
    with_video = load_annotation(path, video=clip)
    assert with_video.chapters[-1].end_seconds == pytest.approx(4.0, abs=0.05)
    assert with_video.video.path == str(clip)


def test_convert_between_formats(tmp_path):
    source = tmp_path / "talk.chapters.json"
    source.write_text(get_format("json").write(annotation_of(tricky_chapters(step=10))), encoding="utf-8")
    text = convert(source, ConvertOptions(to="ogm"))
    assert text.splitlines()[:2] == ["CHAPTER01=00:00:00.000", "CHAPTER01NAME=开场 Intro"]


def test_an_unknown_text_file_is_a_format_error(tmp_path):
    source = tmp_path / "notes.data"
    source.write_text("nothing to see\n", encoding="utf-8")
    with pytest.raises(FormatError, match="cannot tell the chapter format"):
        load_annotation(source)
