"""Splicing chapters into MP4, M4A and MOV: the media bytes stay as they were, the chunk
offsets follow a movie box that grows in front of them, and both chapter forms (the
QuickTime chapter track and Nero ``chpl``) read back on their own, through ffmpeg and
through mutagen."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

import mutagen.mp4
import pytest

from tests.conftest import FFMPEG, ffmpeg
from vidmark.export.mp4_chapters import Box, _movie_bytes, parse_boxes, splice_mp4_chapters
from vidmark.export.splice import Unsplicable
from vidmark.model import Chapter

from .conftest import TRICKY_TITLES, chapters_of, packet_digest, streams_of, tricky_chapters


def _top_level(path: Path) -> list[tuple[bytes, int, int]]:
    """(kind, start, end) of each top-level box."""
    data, boxes, offset = path.read_bytes(), [], 0
    while offset < len(data):
        size, kind = struct.unpack_from(">I4s", data, offset)
        boxes.append((kind, offset, offset + size))
        offset += size
    return boxes


def _range(path: Path, kind: bytes) -> bytes:
    (start, end), *_ = [(s, e) for k, s, e in _top_level(path) if k == kind]
    return path.read_bytes()[start:end]


def _rounded(chapters: list[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    return [(round(start, 3), round(end, 3), title) for start, end, title in chapters]


def _starts(chapters: list[tuple[float, float, str]]) -> list[tuple[float, str]]:
    return [(round(start, 3), title) for start, _, title in chapters]


def _decodes_cleanly(path: Path) -> None:
    result = subprocess.run([FFMPEG, "-v", "error", "-i", str(path), "-f", "null", "-"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == ""


def _without(path: Path, kind: bytes, out: Path) -> Path:
    """A copy of ``path`` with every ``kind`` box renamed to ``skip``, so readers ignore it."""
    out.write_bytes(path.read_bytes().replace(kind, b"skip"))
    return out


def test_media_bytes_stay_and_both_chapter_forms_read_back(rich_sources, tmp_path):
    source, out = rich_sources[".mp4"], tmp_path / "out.mp4"
    chapters = tricky_chapters(step=0.5)
    splice_mp4_chapters(source, out, chapters)
    assert _range(out, b"mdat") == _range(source, b"mdat")
    assert out.read_bytes().startswith(source.read_bytes()[:_top_level(source)[-1][1]])
    assert _rounded(chapters_of(out)) == [(c.start_seconds, c.end_seconds, c.title) for c in chapters]
    starts = [(c.start_seconds, c.title) for c in chapters]  # alone, either form ends the last chapter with the movie
    assert _starts(chapters_of(_without(out, b"chpl", tmp_path / "track-only.mp4"))) == starts
    assert _starts(chapters_of(_without(out, b"chap", tmp_path / "nero-only.mp4"))) == starts
    nero = mutagen.mp4.MP4(out).chapters
    assert [(c.start, c.title) for c in nero] == [(c.start_seconds, c.title) for c in chapters]
    _decodes_cleanly(out)


def test_fast_start_offsets_move_with_the_movie_box(rich_sources, tmp_path):
    source = tmp_path / "faststart.mp4"
    ffmpeg("-i", str(rich_sources[".mp4"]), "-map", "0", "-c", "copy", "-movflags", "+faststart", str(source))
    assert [kind for kind, *_ in _top_level(source)].index(b"moov") < [kind for kind, *_ in _top_level(source)].index(b"mdat")
    out = tmp_path / "out.mp4"
    splice_mp4_chapters(source, out, tricky_chapters(step=0.5))
    assert [kind for kind, *_ in _top_level(out)][:4] == [kind for kind, *_ in _top_level(source)][:4]
    assert packet_digest(out) == packet_digest(source)
    assert [title for *_, title in chapters_of(out)] == TRICKY_TITLES
    _decodes_cleanly(out)


def test_chapters_ffmpeg_wrote_are_replaced_and_removed(rich_sources, tmp_path):
    """A file with ffmpeg's own chapter track and chpl: splicing leaves one chapter track
    with the new titles, and an empty list leaves none."""
    metadata = tmp_path / "old.ffmeta"
    metadata.write_text(";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=4000\ntitle=old\n", encoding="utf-8")
    source = tmp_path / "chaptered.mp4"
    ffmpeg("-i", str(rich_sources[".mp4"]), "-i", str(metadata), "-map", "0", "-map_chapters", "1", "-c", "copy",
           str(source))
    replaced, cleared = tmp_path / "replaced.mp4", tmp_path / "cleared.mp4"
    splice_mp4_chapters(source, replaced, [Chapter(start_seconds=0, end_seconds=2, title="new"),
                                           Chapter(start_seconds=2, end_seconds=4, title="newer")])
    splice_mp4_chapters(source, cleared, [])
    assert [title for *_, title in chapters_of(replaced)] == ["new", "newer"]
    assert chapters_of(cleared) == []
    moov = parse_boxes(_range(replaced, b"moov"))[0]
    assert sum(box.kind == b"trak" for box in moov.children) == len(streams_of(source)) + 1
    assert [box.kind for box in parse_boxes(_range(cleared, b"moov"))[0].children].count(b"trak") == len(streams_of(source))
    assert b"chpl" not in _range(cleared, b"moov")
    assert streams_of(replaced) == streams_of(source)


@pytest.mark.parametrize(("make", "suffix"), [(("-c:v", "libx264", "-an"), ".mov"), (("-vn", "-c:a", "aac"), ".m4a")])
def test_quicktime_and_audio_only_files(tmp_path, make, suffix):
    source, out = tmp_path / f"in{suffix}", tmp_path / f"out{suffix}"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=160x120:r=25:d=3", "-f", "lavfi", "-i", "sine=duration=3", *make,
           str(source))
    splice_mp4_chapters(source, out, [Chapter(start_seconds=0, end_seconds=1, title="中文"),
                                      Chapter(start_seconds=1, end_seconds=3, title="🎬")])
    assert [(round(s, 3), title) for s, _, title in chapters_of(out)] == [(0.0, "中文"), (1.0, "🎬")]
    assert packet_digest(out) == packet_digest(source)


def test_more_chapters_than_chpl_holds(rich_sources, tmp_path):
    """chpl counts in one byte: it keeps the first 255; the chapter track keeps all."""
    chapters = [Chapter(start_seconds=i * 0.01, end_seconds=(i + 1) * 0.01, title=f"c{i}") for i in range(300)]
    out = tmp_path / "many.mp4"
    splice_mp4_chapters(rich_sources[".mp4"], out, chapters)
    assert len(mutagen.mp4.MP4(out).chapters) == 255
    assert [title for *_, title in chapters_of(_without(out, b"chpl", tmp_path / "track.mp4"))] == [
        c.title for c in chapters]


@pytest.mark.parametrize(("chapters", "reason"), [
    ([(0, 1), (2, 4)], "gaps"),
    ([(1, 2), (2, 4)], "starts after 0"),
    ([(0, 0.0002), (0.0002, 4)], "shorter than a millisecond"),
])
def test_chapter_lists_a_chapter_track_cannot_hold_are_declined(rich_sources, tmp_path, chapters, reason):
    marks = [Chapter(start_seconds=s, end_seconds=e, title="x") for s, e in chapters]
    with pytest.raises(Unsplicable, match=reason):
        splice_mp4_chapters(rich_sources[".mp4"], tmp_path / "out.mp4", marks)


def test_fragmented_files_are_declined(rich_sources, tmp_path):
    source = tmp_path / "fragmented.mp4"
    ffmpeg("-i", str(rich_sources[".mp4"]), "-map", "0", "-c", "copy", "-movflags", "frag_keyframe+empty_moov", str(source))
    with pytest.raises(Unsplicable, match="fragmented"):
        splice_mp4_chapters(source, tmp_path / "out.mp4", tricky_chapters(step=0.5))


def test_a_truncated_file_is_declined(rich_sources, tmp_path):
    source = tmp_path / "cut.mp4"
    source.write_bytes(rich_sources[".mp4"].read_bytes()[:-100])
    with pytest.raises(Unsplicable, match="no usable size"):
        splice_mp4_chapters(source, tmp_path / "out.mp4", tricky_chapters(step=0.5))


def test_chapter_samples_past_4_gib_get_64_bit_offsets(rich_sources):
    """Past 4 GiB the chapter track's chunk offset table is co64; nearer, stco."""
    moov = _range(rich_sources[".mp4"], b"moov")
    chapters = tricky_chapters(step=0.5)
    spans = [(round(c.start_seconds * 1000), 500) for c in chapters]
    for base, table in ((1000, b"stco"), (5 << 30, b"co64")):
        rebuilt = parse_boxes(_movie_bytes(moov, spans, chapters, 1 << 40, lambda size: base + size))[0]
        chapter_track = [trak for trak in rebuilt.children if trak.kind == b"trak"][-1]
        offsets = chapter_track.find(b"mdia", b"minf", b"stbl", table)
        assert isinstance(offsets, Box)
        assert int.from_bytes(offsets.payload[8:], "big") == base + len(rebuilt.encode())
