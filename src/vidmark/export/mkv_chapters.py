"""Chapters into Matroska and WebM by patching a byte-for-byte copy, as mkvpropedit does.

Nothing moves, so no cluster or cue position changes: the old ``Chapters`` element becomes
``Void``, and the new one (laid out as ffmpeg writes it) goes into free space before the
first cluster where it fits, else at the end of the segment, whose size is then updated.
The first ``SeekHead`` is rewritten within its own room (itself plus the ``Void`` behind
it, which muxers reserve for this) to point at the new element.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from vidmark.export.splice import Unsplicable, copy_range, open_part
from vidmark.model import Chapter

EBML, SEGMENT, SEEKHEAD, SEEK, SEEK_ID, SEEK_POSITION = 0x1A45DFA3, 0x18538067, 0x114D9B74, 0x4DBB, 0x53AB, 0x53AC
CHAPTERS, EDITION, EDITION_DEFAULT, ATOM, ATOM_UID = 0x1043A770, 0x45B9, 0x45DB, 0xB6, 0x73C4
TIME_START, TIME_END, DISPLAY, STRING, LANGUAGE = 0x91, 0x92, 0x80, 0x85, 0x437C
CLUSTER, VOID, CRC32 = 0x1F43B675, 0xEC, 0xBF


@dataclass(frozen=True)
class Element:
    """One element's ID and where it lies in the file: header start, data start, end."""

    id: int
    start: int
    data: int
    end: int
    open_ended: bool = False


def splice_mkv_chapters(source: Path, part: Path, chapters: Sequence[Chapter]) -> None:
    """Write ``source`` with ``chapters`` (replacing any it has) to ``part``."""
    with open(source, "rb") as src:
        size = os.fstat(src.fileno()).st_size
        segment, children = _layout(src, size)
        patches = _patches(src, segment, children, element(CHAPTERS, chapters_body(chapters)) if chapters else b"")
        with open_part(part) as out:
            copy_range(src, out, 0, size)
            for offset, data in patches:
                os.pwrite(out.fileno(), data, offset)


def chapters_body(chapters: Sequence[Chapter]) -> bytes:
    """The body of a ``Chapters`` element: one default edition, one atom per chapter."""
    atoms = b"".join(element(ATOM, element(ATOM_UID, _uint(number)) + element(TIME_START, _ns(chapter.start_seconds))
                             + element(TIME_END, _ns(max(chapter.end_seconds, chapter.start_seconds)))
                             + element(DISPLAY, element(STRING, chapter.title.encode("utf-8"))
                                       + element(LANGUAGE, b"und")))
                     for number, chapter in enumerate(chapters, 1))
    return _with_crc(element(EDITION, element(EDITION_DEFAULT, b"\x01") + atoms))


def element(element_id: int, body: bytes, size_length: int | None = None) -> bytes:
    """An encoded element; ``size_length`` widens the size field to fill an exact room."""
    return _id_bytes(element_id) + _size_bytes(len(body), size_length) + body


def _patches(src: BinaryIO, segment: Element, children: list[Element], new: bytes) -> list[tuple[int, bytes]]:
    """(offset, bytes) writes that turn a copy of the file into one with ``new`` chapters."""
    seekheads = [child for child in children if child.id == SEEKHEAD]
    head_room = _room_after(children, seekheads[0]) if seekheads else (0, 0)
    if any(kind == CHAPTERS for head in seekheads[1:] for kind, _ in _entries_of(src, head)[0]):
        raise Unsplicable("a second SeekHead points at chapters")
    first_cluster = next((child.start for child in children if child.id == CLUSTER), segment.end)
    filled = {room: _fill(new, room[1] - room[0]) if new else None for room in _free_rooms(children, head_room)}
    fitting = [room for room, data in filled.items() if data is not None]
    chosen = min(fitting, key=lambda room: (room[0] > first_cluster, room[0]), default=None)
    patches = []
    for (start, end), data in filled.items():
        if (start, end) == chosen:
            patches.append((start, data))
        elif any(start <= child.start < end for child in children if child.id == CHAPTERS):
            patches.append((start, void(end - start)))
    placed = chosen[0] if chosen else None
    if new and placed is None:
        placed = segment.end
        patches += [(placed, new), *_grown_segment(segment, len(new))]
    needs_seek = placed is not None and placed >= first_cluster
    if seekheads:
        patches.append(_seekhead_patch(src, seekheads[0], head_room, segment, placed, needs_seek))
    elif needs_seek:
        raise Unsplicable("no SeekHead to point at chapters behind the clusters")
    return patches


def _layout(src: BinaryIO, size: int) -> tuple[Element, list[Element]]:
    """The segment and its top-level children (every one must have a known size)."""
    src.seek(0)
    header = _read_element(src, size)
    if header is None or header.id != EBML:
        raise Unsplicable("no EBML header")
    src.seek(header.end)
    segment = _read_element(src, size, open_ended=True)
    if segment is None or segment.id != SEGMENT:
        raise Unsplicable("no Segment after the EBML header")
    if segment.end != size:
        raise Unsplicable("bytes after the segment")
    children, offset = [], segment.data
    while offset < segment.end:
        src.seek(offset)
        child = _read_element(src, segment.end)
        if child is None:
            raise Unsplicable(f"an unreadable element at byte {offset}")
        children.append(child)
        offset = child.end
    return segment, children


def _read_element(src: BinaryIO, limit: int, open_ended: bool = False) -> Element | None:
    start = src.tell()
    header = _header(src.read(12))
    if header is None:
        return None
    element_id, size, header_length, unknown = header
    if unknown and not open_ended:
        return None
    data = start + header_length
    end = limit if unknown else data + size
    return Element(element_id, start, data, end, unknown) if end <= limit else None


def _header(data: bytes, at: int = 0) -> tuple[int, int, int, bool] | None:
    """The element header at ``at``: (ID, size, where the body starts, whether the size is
    "unknown"), or None if the bytes there are no header."""
    id_length = _vint_length(data[at]) if at < len(data) else 0
    size_at = at + id_length
    if not id_length or id_length > 4 or size_at >= len(data):
        return None
    size_length = _vint_length(data[size_at])
    body_at = size_at + size_length
    if not size_length or body_at > len(data):
        return None
    unknown = (1 << (7 * size_length)) - 1
    size = int.from_bytes(data[size_at:body_at], "big") & unknown
    return int.from_bytes(data[at:size_at], "big"), size, body_at, size == unknown


def _vint_length(first: int) -> int:
    return 9 - first.bit_length() if first else 0


def _free_rooms(children: list[Element], reserved: tuple[int, int]) -> Iterator[tuple[int, int]]:
    """Runs of neighbouring Void and old Chapters elements outside ``reserved``, as (start, end)."""
    run: tuple[int, int] | None = None
    for child in children:
        if child.id in (VOID, CHAPTERS) and not reserved[0] <= child.start < reserved[1]:
            run = (run[0] if run else child.start, child.end)
            continue
        if run:
            yield run
        run = None
    if run:
        yield run


def _room_after(children: list[Element], head: Element) -> tuple[int, int]:
    """The SeekHead's own bytes plus any Void right behind it."""
    end = head.end
    for child in children[children.index(head) + 1:]:
        if child.id != VOID:
            break
        end = child.end
    return head.start, end


def _seekhead_patch(src: BinaryIO, head: Element, room: tuple[int, int], segment: Element, placed: int | None,
                    needs_seek: bool) -> tuple[int, bytes]:
    entries, with_crc = _entries_of(src, head)
    entries = [entry for entry in entries if entry[0] != CHAPTERS]
    candidates = [entries + [(CHAPTERS, placed - segment.data)]] if placed is not None else []
    if not needs_seek:
        candidates.append(entries)
    for candidate in candidates:
        seeks = b"".join(element(SEEK, element(SEEK_ID, _id_bytes(kind)) + element(SEEK_POSITION, _uint(position)))
                         for kind, position in candidate)
        filled = _fill(element(SEEKHEAD, _with_crc(seeks) if with_crc else seeks), room[1] - room[0])
        if filled is not None:
            return room[0], filled
    raise Unsplicable("no room in the SeekHead for a chapters entry")


def _entries_of(src: BinaryIO, head: Element) -> tuple[list[tuple[int, int]], bool]:
    """(element ID, position) of each Seek in a SeekHead, and whether it carries a CRC-32."""
    src.seek(head.data)
    body = src.read(head.end - head.data)
    return _seek_entries(body), body[:1] == bytes([CRC32])


def _seek_entries(body: bytes) -> list[tuple[int, int]]:
    entries = []
    for seek_id, seek_body in _children(body):
        if seek_id == SEEK:
            fields = dict(_children(seek_body))
            if SEEK_ID in fields and SEEK_POSITION in fields:
                entries.append((int.from_bytes(fields[SEEK_ID], "big"), int.from_bytes(fields[SEEK_POSITION], "big")))
    return entries


def _children(body: bytes) -> Iterator[tuple[int, bytes]]:
    offset = 0
    while offset < len(body):
        header = _header(body, offset)
        if header is None:
            raise Unsplicable("an unreadable SeekHead")
        element_id, size, data, _ = header
        yield element_id, body[data:data + size]
        offset = data + size


def _grown_segment(segment: Element, extra: int) -> list[tuple[int, bytes]]:
    """The new size field of a segment with ``extra`` bytes appended (an open one stays open)."""
    if segment.open_ended:
        return []
    length = segment.data - segment.start - len(_id_bytes(SEGMENT))
    try:
        return [(segment.data - length, _size_bytes(segment.end - segment.data + extra, length))]
    except ValueError:
        raise Unsplicable("the segment size field is too short for the new size") from None


def _fill(data: bytes, room: int) -> bytes | None:
    """``data`` padded with a Void to exactly ``room`` bytes, or None if that cannot be done.
    A one-byte gap (too small for a Void) is closed by widening the element's size field."""
    gap = room - len(data)
    if gap == 0 or gap >= 2:
        return data + void(gap) if gap else data
    if gap == 1:
        element_id, body = next(_children(data))
        width = len(data) - len(body) - len(_id_bytes(element_id)) + 1
        return element(element_id, body, width) if width <= 8 else None
    return None


def void(length: int) -> bytes:
    """A Void element exactly ``length`` (at least 2) bytes long."""
    if length <= 128:
        return element(VOID, bytes(length - 2), 1)
    return element(VOID, bytes(length - 9), 8)


def _with_crc(body: bytes) -> bytes:
    return element(CRC32, struct.pack("<I", zlib.crc32(body))) + body


def _id_bytes(element_id: int) -> bytes:
    return element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")


def _size_bytes(size: int, length: int | None = None) -> bytes:
    length = length or next(n for n in range(1, 9) if size < (1 << (7 * n)) - 1)
    if size >= (1 << (7 * length)) - 1:
        raise ValueError(f"{size} does not fit a {length}-byte size")
    return ((1 << (7 * length)) | size).to_bytes(length, "big")


def _uint(value: int) -> bytes:
    return value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")


def _ns(seconds: float) -> bytes:
    return _uint(round(seconds * 1_000_000_000))
