"""YouTube description chapters: write, read back, reject."""

from __future__ import annotations

import pytest

from vidmark.errors import FormatError
from vidmark.export import format_for_path, get_format, render

from .chapter_sample import ANNOTATION


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


def test_youtube_is_found_by_file_name_and_by_content() -> None:
    assert format_for_path("a.youtube.txt").name == "youtube"
    text = render(ANNOTATION, "youtube")
    assert [n for n in ("json", "json-full", "youtube", "webvtt", "vidchapters") if get_format(n).sniff(text)] == ["youtube"]
