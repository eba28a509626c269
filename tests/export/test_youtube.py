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


def _chapters(*starts: float, end: float) -> list:
    from vidmark.model import Chapter

    edges = [*starts, end]
    return [Chapter(start_seconds=a, end_seconds=b, title=f"part {i}") for i, (a, b) in enumerate(zip(edges, edges[1:]), 1)]


def test_youtube_fixes_what_breaks_its_rules_and_says_so(caplog) -> None:
    from vidmark.refine import youtube_problems

    from .conftest import annotation_of

    broken = annotation_of(_chapters(0, 4, 30, 36, end=90), duration=90)  # a 4 s and a 6 s chapter
    with caplog.at_level("WARNING", logger="vidmark.export.youtube"):
        text = render(broken, "youtube")
    lines = text.splitlines()
    assert lines[0].startswith("0:00 ") and len(lines) >= 3
    read = get_format("youtube").read(text)
    closed = [c.model_copy(update={"end_seconds": 90.0}) if i == len(read.chapters) - 1 else c
              for i, c in enumerate(read.chapters)]
    assert youtube_problems(closed) == []
    assert len([r for r in caplog.records if r.name == "vidmark.export.youtube"]) == 1
    assert "under 10 s" in caplog.records[-1].getMessage()
    two = annotation_of(_chapters(0, 60, end=120), duration=120)
    assert len(render(two, "youtube").splitlines()) == 3  # the longest is split to make three


def test_youtube_check_and_off_and_what_cannot_be_fixed(caplog) -> None:
    from .conftest import annotation_of

    late = annotation_of(_chapters(5, 40, 80, end=120), duration=120)
    with pytest.raises(FormatError, match="YouTube would not show these chapters: the first chapter must start at 0:00"):
        get_format("youtube", {"rules": "check"}).write(late)
    assert get_format("youtube", {"rules": "off"}).write(late).startswith("0:05 part 1\n")
    assert render(late, "youtube").startswith("0:00 part 1\n")
    short = annotation_of(_chapters(0, 8, end=20), duration=20)
    with caplog.at_level("WARNING", logger="vidmark.export.youtube"):
        assert render(short, "youtube") == "0:00 part 1\n0:08 part 2\n"
    assert "cannot be fixed: YouTube chapters need a video of at least 30 s" in caplog.records[-1].getMessage()
