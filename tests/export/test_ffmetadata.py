"""FFMETADATA1: the escaping FFmpeg documents, and reading files FFmpeg itself wrote."""

from __future__ import annotations

import subprocess

import imageio_ffmpeg
import pytest

from vidmark.errors import FormatError
from vidmark.export.ffmetadata import FfMetadata, escape, ffmetadata_text
from vidmark.model import Chapter


def test_special_characters_are_escaped_with_a_backslash():
    assert escape("a=b;c#d\\e\nf") == "a\\=b\\;c\\#d\\\\e\\\nf"


def test_every_chapter_states_its_timebase():
    text = ffmetadata_text([Chapter(start_seconds=1.2345, end_seconds=2.5, title="x=1")])
    assert text.splitlines() == [";FFMETADATA1", "[CHAPTER]", "TIMEBASE=1/1000", "START=1234", "END=2500", "title=x\\=1"]


def test_reads_what_ffmpeg_writes(clip, tmp_path):
    """ffmpeg -f ffmetadata dumps a file's chapters; the dump reads back with the same titles."""
    source = tmp_path / "source.ffmetadata"
    title = "a=b; c#d \\ e\n二行目 🎬"
    source.write_text(ffmetadata_text([Chapter(start_seconds=0, end_seconds=1.5, title=title),
                                       Chapter(start_seconds=1.5, end_seconds=4, title="two")]), encoding="utf-8")
    with_chapters, dump = tmp_path / "with.mkv", tmp_path / "dump.ffmetadata"
    ffmpeg = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y"]
    subprocess.run([*ffmpeg, "-i", str(clip), "-f", "ffmetadata", "-i", str(source), "-map", "0",
                    "-map_chapters", "1", "-c", "copy", str(with_chapters)], check=True)
    subprocess.run([*ffmpeg, "-i", str(with_chapters), "-f", "ffmetadata", str(dump)], check=True)
    chapters = FfMetadata().read(dump.read_text(encoding="utf-8")).chapters
    assert [c.title for c in chapters] == [title, "two"]
    assert [t for c in chapters for t in (c.start_seconds, c.end_seconds)] == pytest.approx([0, 1.5, 1.5, 4], abs=1e-3)


def test_bad_times_are_a_format_error():
    with pytest.raises(FormatError, match="START"):
        FfMetadata().read(";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=abc\nEND=5\n")
