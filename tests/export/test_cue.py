"""CUE sheets: written with 75-frame INDEX times, read back, found by name and content, refused when malformed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vidmark.errors import FormatError
from vidmark.export import format_for_path, format_names, get_format, render
from vidmark.export.cue import cue_time, parse_cue_time
from vidmark.model import Chapter

from .chapter_sample import ANNOTATION
from .conftest import TRICKY_TITLES, annotation_of, tricky_chapters


def test_cue_times_are_minutes_seconds_and_75ths() -> None:
    assert cue_time(0) == "00:00:00" and cue_time(61.25) == "01:01:19" and cue_time(3725.6) == "62:05:45"
    assert cue_time(6000.0) == "100:00:00" and parse_cue_time("100:00:00") == 6000.0
    assert parse_cue_time("01:01:19") == pytest.approx(61 + 19 / 75)
    for bad in ("1:2:3", "01:60:00", "01:00:75", "ab:cd:ef"):
        with pytest.raises(FormatError, match="not a CUE time"):
            parse_cue_time(bad)


def test_cue_writes_a_track_per_chapter() -> None:
    text = render(ANNOTATION, "cue")
    assert text.splitlines() == [
        'REM GENERATOR "vidmark"', "REM DURATION 3725.500", 'FILE "talk.mp4" WAVE',
        "  TRACK 01 AUDIO", '    TITLE "Intro --> start"', '    REM SUMMARY "Hello. World."', "    INDEX 01 00:00:00",
        "  TRACK 02 AUDIO", '    TITLE "安装 Python"', "    INDEX 01 01:01:19",
        "  TRACK 03 AUDIO", '    TITLE "Wrap-up"', "    INDEX 01 60:00:00"]


def test_cue_round_trip_within_a_frame() -> None:
    annotation = annotation_of(tricky_chapters(), duration=7 * 12.345)
    back = get_format("cue").read(render(annotation, "cue"))
    assert back.duration_seconds == pytest.approx(7 * 12.345)
    assert [c.title for c in back.chapters] == [" ".join(t.split()) for t in TRICKY_TITLES]
    assert [c.summary for c in back.chapters] == [" ".join(c.summary.split()) for c in annotation.chapters]
    for read, written in zip(back.chapters, annotation.chapters):
        assert abs(read.start_seconds - written.start_seconds) <= 0.5 / 75
        assert abs(read.end_seconds - written.end_seconds) <= 0.5 / 75


def test_cue_reads_a_sheet_from_another_tool() -> None:
    sheet = ('\ufeffPERFORMER "Some Podcast"\nTITLE "Episode 12"\nFILE "episode12.mp3" MP3\n'
             '  TRACK 01 AUDIO\n    TITLE "Cold open"\n    INDEX 01 00:00:00\n'
             '  TRACK 02 AUDIO\n    TITLE "News"\n    PERFORMER "Host"\n    INDEX 00 04:59:00\n    INDEX 01 05:00:00\n')
    assert get_format("cue").sniff(sheet)
    chapters = get_format("cue").read(sheet)
    assert [(c.start_seconds, c.end_seconds, c.title) for c in chapters.chapters] == [
        (0.0, 300.0, "Cold open"), (300.0, 300.0, "News")]
    assert chapters.duration_seconds is None


def test_cue_refuses_what_it_cannot_hold_or_read() -> None:
    many = annotation_of([Chapter(start_seconds=i, end_seconds=i + 1, title=str(i)) for i in range(100)])
    with pytest.raises(FormatError, match="at most 99 tracks"):
        render(many, "cue")
    cases = {"no tracks": 'FILE "a.wav" WAVE\n', "no index": 'FILE "a.wav" WAVE\n  TRACK 01 AUDIO\n',
             "two files": 'FILE "a.wav" WAVE\n TRACK 01 AUDIO\n INDEX 01 00:00:00\nFILE "b.wav" WAVE\n',
             "going back": ' TRACK 01 AUDIO\n INDEX 01 00:10:00\n TRACK 02 AUDIO\n INDEX 01 00:05:00\n'}
    for name, text in cases.items():
        with pytest.raises(FormatError):
            get_format("cue").read(text)


def test_cue_is_registered_found_by_name_and_listed(tmp_path: Path) -> None:
    assert "cue" in format_names(readable_only=True) and format_for_path("show.cue").name == "cue"
    listed = subprocess.run([str(Path(sys.executable).with_name("vidmark")), "formats"], capture_output=True, text=True)
    assert any(line.split()[:2] == ["cue", "read/write"] for line in listed.stdout.splitlines())
    text = render(ANNOTATION, "cue")
    assert [n for n in format_names() if get_format(n).readable and get_format(n).sniff(text)] == ["cue"]
