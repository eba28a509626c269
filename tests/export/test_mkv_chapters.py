"""Splicing chapters into Matroska and WebM: nothing moves, the chapters land in reserved
space or at the end, the SeekHead points at them, and MKVToolNix, ffmpeg and PyAV read the
result back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FFMPEG, ffmpeg
from vidmark.export import mkv_chapters
from vidmark.export.mkv_chapters import CHAPTERS, CLUSTER, SEEKHEAD, splice_mkv_chapters
from vidmark.export.splice import Unsplicable
from vidmark.model import Chapter

from .conftest import TRICKY_TITLES, chapters_of, packet_digest, tricky_chapters

MKVMERGE, MKVEXTRACT = shutil.which("mkvmerge"), shutil.which("mkvextract")
needs_mkvtoolnix = pytest.mark.skipif(MKVMERGE is None or MKVEXTRACT is None,
                                      reason="MKVToolNix is not installed (Debian package mkvtoolnix)")


def _layout(path: Path) -> list[mkv_chapters.Element]:
    with open(path, "rb") as handle:
        return mkv_chapters._layout(handle, os.path.getsize(path))[1]


def _clusters(path: Path) -> bytes:
    data, children = path.read_bytes(), _layout(path)
    first = next(child.start for child in children if child.id == CLUSTER)
    last = [child.end for child in children if child.id == CLUSTER][-1]
    return data[first:last]


def _mkvtoolnix_view(path: Path) -> tuple[dict, list[str]]:
    """mkvmerge's identification (errors, warnings, chapter count) and mkvextract's titles."""
    identified = json.loads(subprocess.run([MKVMERGE, "-J", str(path)], capture_output=True, check=True).stdout)
    xml = subprocess.run([MKVEXTRACT, str(path), "chapters", "-"], capture_output=True, text=True, check=True).stdout
    titles = [line.strip()[len("<ChapterString>"):-len("</ChapterString>")]
              for line in xml.splitlines() if "<ChapterString>" in line]
    return identified, titles


def _ffmpeg_mkv(source: Path, out: Path, *extra: str) -> Path:
    ffmpeg("-i", str(source), "-map", "0", "-c", "copy", *extra, str(out))
    return out


@needs_mkvtoolnix
def test_an_ffmpeg_file_gets_chapters_at_the_end(rich_sources, tmp_path):
    """ffmpeg reserves no room for chapters: they go after the cues, and the SeekHead (with
    its CRC-32) points at them; every cluster stays byte for byte."""
    source, out = rich_sources[".mkv"], tmp_path / "out.mkv"
    chapters = tricky_chapters(step=0.5)
    splice_mkv_chapters(source, out, chapters)
    assert _clusters(out) == _clusters(source)
    assert [child.id for child in _layout(out)][-1] == CHAPTERS
    identified, titles = _mkvtoolnix_view(out)
    assert (identified["errors"], identified["warnings"], identified["chapters"]) == ([], [], [{"num_entries": 7}])
    assert [title.replace("&quot;", '"').replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&amp;", "&") for title in titles[:3]] == TRICKY_TITLES[:3]
    assert chapters_of(out) == [(c.start_seconds, c.end_seconds, c.title) for c in chapters]


@needs_mkvtoolnix
def test_an_mkvmerge_file_gets_chapters_in_its_reserved_space(rich_sources, tmp_path):
    """mkvmerge leaves a Void before the clusters: the chapters fit there and the file keeps
    its size."""
    source, out = tmp_path / "mkvmerge.mkv", tmp_path / "out.mkv"
    subprocess.run([MKVMERGE, "-q", "-o", str(source), str(rich_sources[".mkv"])], check=True)
    splice_mkv_chapters(source, out, [Chapter(start_seconds=0, end_seconds=1, title="one"),
                                      Chapter(start_seconds=1, end_seconds=4, title="two")])
    assert out.stat().st_size == source.stat().st_size
    children = _layout(out)
    first_cluster = next(i for i, child in enumerate(children) if child.id == CLUSTER)
    assert CHAPTERS in [child.id for child in children[:first_cluster]]
    identified, titles = _mkvtoolnix_view(out)
    assert (identified["errors"], identified["warnings"], titles) == ([], [], ["one", "two"])
    assert packet_digest(out) == packet_digest(source)


@needs_mkvtoolnix
def test_chapters_are_replaced_then_removed(rich_sources, tmp_path):
    first, second, cleared = tmp_path / "first.mkv", tmp_path / "second.mkv", tmp_path / "cleared.mkv"
    splice_mkv_chapters(rich_sources[".mkv"], first, tricky_chapters(step=0.5))
    splice_mkv_chapters(first, second, [Chapter(start_seconds=0, end_seconds=4, title="only")])
    splice_mkv_chapters(second, cleared, [])
    assert [child.id for child in _layout(second)].count(CHAPTERS) == 1
    assert _mkvtoolnix_view(second)[1] == ["only"]
    assert second.stat().st_size == first.stat().st_size  # the new chapters fit where the old were
    assert CHAPTERS not in [child.id for child in _layout(cleared)]
    assert chapters_of(cleared) == []
    assert _mkvtoolnix_view(cleared)[0]["errors"] == []


def test_an_open_ended_live_segment_is_appended_to(rich_sources, tmp_path):
    """A live recording's segment has no size: the chapters are appended and it stays open."""
    source = _ffmpeg_mkv(rich_sources[".mkv"], tmp_path / "live.mkv", "-live", "1")
    out = tmp_path / "out.mkv"
    splice_mkv_chapters(source, out, [Chapter(start_seconds=0, end_seconds=4, title="live")])
    assert [title for *_, title in chapters_of(out)] == ["live"]
    assert out.read_bytes()[:200] .count(b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff") == 1


def test_webm(tmp_path):
    source, out = tmp_path / "in.webm", tmp_path / "out.webm"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=64x48:r=10:d=2", "-c:v", "libvpx-vp9", "-deadline", "realtime", str(source))
    splice_mkv_chapters(source, out, [Chapter(start_seconds=0, end_seconds=1, title="a"),
                                      Chapter(start_seconds=1, end_seconds=2, title="b")])
    assert [title for *_, title in chapters_of(out)] == ["a", "b"]
    result = subprocess.run([FFMPEG, "-v", "error", "-i", str(out), "-f", "null", "-"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == ""


def test_a_cluster_of_unknown_size_is_declined(rich_sources, tmp_path):
    source = tmp_path / "open-cluster.mkv"
    data = bytearray(rich_sources[".mkv"].read_bytes())
    cluster = next(child for child in _layout(rich_sources[".mkv"]) if child.id == CLUSTER)
    assert cluster.data - cluster.start == 7  # four ID bytes, three size bytes
    data[cluster.start + 4:cluster.data] = b"\x3f\xff\xff"
    source.write_bytes(bytes(data))
    with pytest.raises(Unsplicable, match="unreadable element"):
        splice_mkv_chapters(source, tmp_path / "out.mkv", tricky_chapters())


def test_a_seekhead_without_room_is_declined(rich_sources, tmp_path):
    """Chapters behind the clusters need a SeekHead entry; with no Void to grow into, the
    splicer declines rather than overwrite the Info element."""
    source = tmp_path / "tight.mkv"
    data = bytearray(rich_sources[".mkv"].read_bytes())
    children = _layout(rich_sources[".mkv"])
    head = next(i for i, child in enumerate(children) if child.id == SEEKHEAD)
    assert children[head + 1].id == mkv_chapters.VOID
    void = children[head + 1]
    data[void.start:void.end] = mkv_chapters.element(0xEB, bytes(void.end - void.start - 2), 1)  # an unknown element
    source.write_bytes(bytes(data))
    with pytest.raises(Unsplicable, match="no room in the SeekHead"):
        splice_mkv_chapters(source, tmp_path / "out.mkv", tricky_chapters())


@pytest.mark.parametrize("room", [2, 3, 127, 128, 129, 130, 5000])
def test_void_fills_any_room_of_two_bytes_or_more(room):
    void = mkv_chapters.void(room)
    assert len(void) == room
    assert next(mkv_chapters._children(void)) == (mkv_chapters.VOID, bytes(len(void) - (2 if room <= 128 else 9)))


def test_a_one_byte_gap_is_closed_by_widening_the_size_field():
    data = mkv_chapters.element(CHAPTERS, b"x" * 10)
    filled = mkv_chapters._fill(data, len(data) + 1)
    assert len(filled) == len(data) + 1
    assert next(mkv_chapters._children(filled)) == (CHAPTERS, b"x" * 10)
    assert mkv_chapters._fill(data, len(data) - 1) is None
