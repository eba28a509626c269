"""Chapters into MP4, M4A and MOV by rebuilding only the movie box (``moov``).

The media data is copied byte for byte, as ``cp`` copies it. In the movie box the old
chapters go (the tracks that a ``chap`` track reference names, and the Nero ``chpl`` atom)
and the new ones come in both forms, laid out as ffmpeg lays them out: a disabled text track
that every other track names in ``tref/chap`` (QuickTime, Apple players, ffmpeg) and
``udta/chpl`` (Nero, mutagen, many players). When the movie box sits before the media (fast
start) and changes size, every chunk offset behind it moves by the difference. The chapter
titles, the text track's samples, go into a small ``mdat`` at the end of the file.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from vidmark.export.splice import Unsplicable, copy_range, open_part
from vidmark.model import Chapter

_CONTAINERS = frozenset({b"moov", b"trak", b"mdia", b"minf", b"stbl", b"udta", b"tref"})
_STBL_PATH = (b"mdia", b"minf", b"stbl")
_TIMESCALE = 1000  # the chapter track counts milliseconds
_NERO_MAX = 255  # chpl stores the count in one byte; the chapter track has no such limit
_GAP_SECONDS = 0.001
_U32 = 1 << 32
# constant parts of the chapter track, as ffmpeg writes them
_GMHD = bytes.fromhex("00000018676d696e000000000040800080008000000000000000002c746578740001000000000000000000"
                      "00000000000001000000000000000000000000000040000000")
_DINF = bytes.fromhex("0000001c6472656600000000000000010000000c75726c2000000001")
_TEXT_ENTRY = bytes.fromhex("00000000000000010000000100000000000000000000000000000000000000010000000000000000"
                            "000d667461620001000100")
_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
_UTF8_MARK = bytes.fromhex("0000000c656e636400000100")  # 'encd' atom: the sample text is UTF-8


@dataclass(frozen=True)
class Box:
    """One box: a leaf keeps its payload, a container its children."""

    kind: bytes
    payload: bytes = b""
    children: tuple[Box, ...] | None = None

    def encode(self) -> bytes:
        body = b"".join(child.encode() for child in self.children) if self.children is not None else self.payload
        return struct.pack(">I4s", len(body) + 8, self.kind) + body

    def first(self, kind: bytes) -> Box | None:
        return next((child for child in self.children or () if child.kind == kind), None)

    def find(self, *path: bytes) -> Box | None:
        box: Box | None = self
        for kind in path:
            box = box.first(kind) if box else None
        return box


def splice_mp4_chapters(source: Path, part: Path, chapters: Sequence[Chapter]) -> None:
    """Write ``source`` with ``chapters`` (replacing any it has) to ``part``."""
    spans = _spans_ms(chapters)
    with open(source, "rb") as src:
        size = os.fstat(src.fileno()).st_size
        moov_start, moov_end = _movie_box_range(src, size)
        src.seek(moov_start)
        raw = src.read(moov_end - moov_start)
        tail = size - moov_end
        movie = _movie_bytes(raw, spans, chapters, moov_end, lambda moov_size: moov_start + moov_size + tail + 8)
        with open_part(part) as out:
            copy_range(src, out, 0, moov_start)
            out.write(movie)
            copy_range(src, out, moov_end, tail)
            if spans:
                samples = b"".join(_text_sample(chapter.title) for chapter in chapters)
                out.write(struct.pack(">I4s", len(samples) + 8, b"mdat") + samples)


def parse_boxes(data: bytes) -> list[Box]:
    """The boxes in ``data``; containers on the way to chunk offsets, references and user data
    are parsed, everything else is kept as bytes."""
    boxes, offset = [], 0
    while len(data) - offset >= 8:
        kind, size, header = _box_header(data, offset)
        if size == 0:
            size = len(data) - offset
        if size < header or offset + size > len(data):
            raise Unsplicable(f"a {kind!r} box runs past its parent")
        body = data[offset + header:offset + size]
        boxes.append(Box(kind, children=tuple(parse_boxes(body))) if kind in _CONTAINERS else Box(kind, body))
        offset += size
    if any(data[offset:]):
        raise Unsplicable("stray bytes after the last box")
    return boxes


def _box_header(data: bytes, offset: int = 0) -> tuple[bytes, int, int]:
    """(kind, size, header length) of the box header at ``offset``; a size of 0 means "to the
    end", and a 64-bit size cut off by the end of ``data`` stays 1 (too small for any box)."""
    size, kind = struct.unpack_from(">I4s", data, offset)
    if size == 1 and len(data) >= offset + 16:
        return kind, struct.unpack_from(">Q", data, offset + 8)[0], 16
    return kind, size, 8


def _spans_ms(chapters: Sequence[Chapter]) -> list[tuple[int, int]]:
    """(start, duration) of each chapter in milliseconds: QuickTime chapters are one text
    track that runs from 0 without gaps, so other lists are left to ffmpeg."""
    if chapters and chapters[0].start_seconds > _GAP_SECONDS:
        raise Unsplicable("the first chapter starts after 0")
    for before, after in zip(chapters, chapters[1:]):
        if abs(after.start_seconds - before.end_seconds) > _GAP_SECONDS:
            raise Unsplicable("the chapters have gaps or overlaps")
    edges = [round(chapter.start_seconds * _TIMESCALE) for chapter in chapters]
    edges.append(round(chapters[-1].end_seconds * _TIMESCALE) if chapters else 0)
    spans = [(start, end - start) for start, end in zip(edges, edges[1:])]
    if any(duration <= 0 for _, duration in spans):
        raise Unsplicable("a chapter shorter than a millisecond")
    return spans


def _movie_box_range(src: BinaryIO, size: int) -> tuple[int, int]:
    """Where the one ``moov`` box lies; only plain (unfragmented) files with sized boxes."""
    offset, found = 0, []
    while offset < size:
        src.seek(offset)
        header = src.read(16)
        if len(header) < 8:
            raise Unsplicable("a truncated box header at the end")
        kind, box_size, _ = _box_header(header)
        if box_size < 8 or offset + box_size > size:
            raise Unsplicable(f"the {kind!r} box at byte {offset} has no usable size")
        if kind in (b"moof", b"mvex"):
            raise Unsplicable("a fragmented file")
        if kind == b"moov":
            found.append((offset, offset + box_size))
        offset += box_size
    if len(found) != 1:
        raise Unsplicable(f"{len(found)} movie boxes")
    return found[0]


def _movie_bytes(raw: bytes, spans: list[tuple[int, int]], chapters: Sequence[Chapter], moved_from: int,
                 chapter_offset: Callable[[int], int]) -> bytes:
    """The new movie box for the old one (``raw``); the media behind ``moved_from`` moves by
    the change in size, and the chapter samples lie at ``chapter_offset(new size)``."""
    moov = parse_boxes(raw)[0]
    if moov.find(b"mvex"):
        raise Unsplicable("a fragmented file")
    size = len(_rebuilt(moov, spans, chapters, 0, 0, wide=False).encode())
    wide = chapter_offset(size) >= _U32
    size = len(_rebuilt(moov, spans, chapters, 0, 0, wide=wide).encode())
    shift = size - len(raw)
    if shift and any(kind in raw for kind in (b"saio", b"iloc")):
        raise Unsplicable("absolute offsets outside the chunk tables")
    return _rebuilt(moov, spans, chapters, moved_from, shift, wide, chapter_offset(size)).encode()


def _rebuilt(moov: Box, spans: list[tuple[int, int]], chapters: Sequence[Chapter], moved_from: int, shift: int,
             wide: bool, offset: int = 0) -> Box:
    old = _chapter_track_ids(moov)
    mvhd = moov.first(b"mvhd")
    if mvhd is None or len(mvhd.payload) < 100:
        raise Unsplicable("no movie header")
    kept = [trak for trak in moov.children if trak.kind == b"trak" and _track_id(trak) not in old]
    new_id = max([struct.unpack(">I", mvhd.payload[-4:])[0], *(_track_id(trak) + 1 for trak in kept)])
    reference = new_id if spans else None
    children: list[Box | None] = []
    for box in moov.children:
        if box.kind == b"trak" and _track_id(box) not in old:
            children.append(_shifted(_referencing(box, reference), moved_from, shift))
        elif box.kind == b"mvhd":
            children.append(_movie_header(box, new_id + 1 if spans else None, sum(d for _, d in spans)))
        elif box.kind not in (b"trak", b"udta"):
            children.append(box)
    if spans:
        sizes = [len(_text_sample(chapter.title)) for chapter in chapters]
        children.append(_chapter_track(new_id, spans, sizes, _movie_timescale(mvhd), offset, wide))
    children.append(_user_data(moov.first(b"udta"), chapters))
    return Box(b"moov", children=tuple(box for box in children if box is not None))


def _chapter_track_ids(moov: Box) -> set[int]:
    ids: set[int] = set()
    for trak in moov.children or ():
        chap = trak.find(b"tref", b"chap")
        if trak.kind == b"trak" and chap:
            ids.update(struct.unpack(f">{len(chap.payload) // 4}I", chap.payload[:len(chap.payload) // 4 * 4]))
    return ids


def _track_id(trak: Box) -> int:
    tkhd = trak.first(b"tkhd")
    if tkhd is None or len(tkhd.payload) < 24:
        raise Unsplicable("a track without a track header")
    return _field_after_times(tkhd)


def _movie_timescale(mvhd: Box) -> int:
    return _field_after_times(mvhd)


def _field_after_times(header: Box) -> int:
    """The 32-bit field after a header's creation and modification times (32-bit in
    version 0, 64-bit in version 1): the track ID of a tkhd, the timescale of an mvhd."""
    return struct.unpack_from(">I", header.payload, 20 if header.payload[0] == 1 else 12)[0]


def _movie_header(mvhd: Box, next_id: int | None, chapters_ms: int) -> Box:
    """mvhd with the next free track id and a duration that covers the chapters."""
    payload = bytearray(mvhd.payload)
    if next_id is not None:
        if next_id >= _U32:
            raise Unsplicable("no free track id")
        payload[-4:] = struct.pack(">I", next_id)
    wide = payload[0] == 1
    at, form = (24, ">Q") if wide else (16, ">I")
    duration = max(struct.unpack_from(form, payload, at)[0], _to_movie(chapters_ms, _movie_timescale(mvhd)))
    if not wide and duration >= _U32:
        raise Unsplicable("the movie duration no longer fits its header")
    struct.pack_into(form, payload, at, duration)
    return Box(b"mvhd", bytes(payload))


def _to_movie(milliseconds: int, movie_timescale: int) -> int:
    return round(milliseconds * movie_timescale / _TIMESCALE)


def _referencing(trak: Box, chapter_id: int | None) -> Box:
    """The track naming ``chapter_id`` as its chapter track (or, if None, naming none)."""
    tref = trak.first(b"tref")
    kept = tuple(box for box in (tref.children if tref else ()) if box.kind != b"chap")
    if chapter_id is not None:
        kept += (Box(b"chap", struct.pack(">I", chapter_id)),)
    new_tref = Box(b"tref", children=kept) if kept else None
    children = [box for box in trak.children if box.kind != b"tref"]
    at = next((i for i, box in enumerate(children) if box.kind == b"mdia"), len(children))
    if new_tref is not None:
        children.insert(at, new_tref)
    return Box(b"trak", children=tuple(children))


def _shifted(trak: Box, moved_from: int, shift: int) -> Box:
    """The track with each chunk offset at or after ``moved_from`` moved by ``shift``."""
    if not shift:
        return trak
    return _edit(trak, _STBL_PATH, lambda stbl: Box(b"stbl", children=tuple(
        _shifted_offsets(box, moved_from, shift) if box.kind in (b"stco", b"co64") else box for box in stbl.children)))


def _shifted_offsets(table: Box, moved_from: int, shift: int) -> Box:
    width = ">u8" if table.kind == b"co64" else ">u4"
    count = struct.unpack_from(">I", table.payload, 4)[0]
    if len(table.payload) < 8 + count * np.dtype(width).itemsize:
        raise Unsplicable("a truncated chunk offset table")
    offsets = np.frombuffer(table.payload, dtype=width, count=count, offset=8).astype(np.int64)
    moved = np.where(offsets >= moved_from, offsets + shift, offsets)
    if count and int(moved.max()) >= (_U32 if width == ">u4" else 1 << 63):
        raise Unsplicable("chunk offsets outgrow 32 bits")
    return Box(table.kind, table.payload[:8] + moved.astype(width).tobytes())


def _edit(box: Box, path: tuple[bytes, ...], change: Callable[[Box], Box]) -> Box:
    """``box`` with the descendant at ``path`` replaced by ``change(descendant)``."""
    if not path:
        return change(box)
    return Box(box.kind, children=tuple(_edit(child, path[1:], change) if child.kind == path[0] else child
                                        for child in box.children or ()))


def _chapter_track(track_id: int, spans: list[tuple[int, int]], sizes: list[int], movie_timescale: int, offset: int,
                   wide: bool) -> Box:
    total = sum(duration for _, duration in spans)
    movie_total = _to_movie(total, movie_timescale)
    if max(total, movie_total) >= _U32:
        raise Unsplicable("the chapters outrun a 32-bit duration")
    tkhd = Box(b"tkhd", struct.pack(">I5I8x4H", 2, 0, 0, track_id, 0, movie_total, 0, 0, 0, 0) + _MATRIX + bytes(8))
    mdhd = Box(b"mdhd", struct.pack(">5I2H", 0, 0, 0, _TIMESCALE, total, 0x55C4, 0))
    hdlr = Box(b"hdlr", struct.pack(">II4s12x", 0, 0, b"text") + b"Chapters\0")
    minf = Box(b"minf", children=(Box(b"gmhd", _GMHD), Box(b"dinf", _DINF), _sample_table(spans, sizes, offset, wide)))
    return Box(b"trak", children=(tkhd, Box(b"mdia", children=(mdhd, hdlr, minf))))


def _sample_table(spans: list[tuple[int, int]], sizes: list[int], offset: int, wide: bool) -> Box:
    """One chunk holding one text sample per chapter."""
    runs: list[list[int]] = []
    for _, duration in spans:
        if runs and runs[-1][1] == duration:
            runs[-1][0] += 1
        else:
            runs.append([1, duration])
    stsd = struct.pack(">II", 0, 1) + struct.pack(">I4s", len(_TEXT_ENTRY) + 8, b"text") + _TEXT_ENTRY
    stts = struct.pack(f">II{2 * len(runs)}I", 0, len(runs), *(n for run in runs for n in run))
    stsc = struct.pack(">5I", 0, 1, 1, len(spans), 1)
    stsz = struct.pack(f">III{len(sizes)}I", 0, 0, len(sizes), *sizes)
    stco = struct.pack(">IIQ", 0, 1, offset) if wide else struct.pack(">III", 0, 1, offset)
    return Box(b"stbl", children=(Box(b"stsd", stsd), Box(b"stts", stts), Box(b"stsc", stsc),
                                  Box(b"stsz", stsz), Box(b"co64" if wide else b"stco", stco)))


def _text_sample(title: str) -> bytes:
    text = _cut(title, 0xFFFF)
    return struct.pack(">H", len(text)) + text + _UTF8_MARK


def _user_data(udta: Box | None, chapters: Sequence[Chapter]) -> Box | None:
    """udta without the old ``chpl`` and with the new one (Nero chapters: 100 ns units, the
    first 255 chapters)."""
    kept = tuple(box for box in (udta.children if udta else ()) if box.kind != b"chpl")
    if chapters:
        nero = chapters[:_NERO_MAX]
        entries = b"".join(struct.pack(">QB", round(c.start_seconds * 10_000_000), len(_cut(c.title, 255)))
                           + _cut(c.title, 255) for c in nero)
        kept += (Box(b"chpl", struct.pack(">IIB", 0x01000000, 0, len(nero)) + entries),)
    return Box(b"udta", children=kept) if kept else None


def _cut(title: str, limit: int) -> bytes:
    """The title in at most ``limit`` UTF-8 bytes, not cut inside a character."""
    return title.encode("utf-8")[:limit].decode("utf-8", errors="ignore").encode("utf-8")
