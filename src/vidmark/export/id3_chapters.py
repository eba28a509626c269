"""Chapters into MP3 files as ID3v2 ``CHAP`` and ``CTOC`` frames (the ID3v2 Chapter Frame
Addendum), which podcast players, ffmpeg/ffprobe and mutagen read.

The file's own ID3v2 tag is read with mutagen and written back with its old chapter frames
replaced by new ones: one ``CHAP`` per chapter (times in milliseconds, its title in a
``TIT2`` sub-frame) and one ordered, top-level ``CTOC`` listing them. Every other frame
(title, artist, cover art, ...) is kept. The new tag is rendered in memory, and the audio
after the old tag is copied byte for byte as ``cp`` copies it, so embedding costs a copy.
mutagen orders frames by size; the ``CHAP`` frames are put back in time order in their own
slots, because ffmpeg lists chapters in the order the frames stand in the file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from mutagen.id3 import CHAP, CTOC, ID3, TIT2, CTOCFlags, ID3NoHeaderError

from vidmark.errors import MediaError
from vidmark.export.splice import copy_range, open_part
from vidmark.model import Chapter

_NO_OFFSET = 0xFFFFFFFF  # CHAP byte offsets unused: players seek by time
_TOC_ID = "toc"


def splice_id3_chapters(source: Path, part: Path, chapters: Sequence[Chapter]) -> None:
    """Write a copy of the MP3 ``source`` to ``part`` with ``chapters`` in its ID3v2 tag."""
    tags, old_size = _read_tag(source)
    ids = [f"chp{i}" for i in range(len(chapters))]
    tags.delall("CHAP")
    tags.delall("CTOC")
    if chapters:
        tags.add(CTOC(element_id=_TOC_ID, flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids))
    for element, chapter in zip(ids, chapters):
        tags.add(CHAP(element_id=element, start_time=round(chapter.start_seconds * 1000),
                      end_time=round(chapter.end_seconds * 1000), start_offset=_NO_OFFSET, end_offset=_NO_OFFSET,
                      sub_frames=[TIT2(encoding=3, text=[chapter.title])]))
    version = 4 if tags.version >= (2, 4, 0) and old_size else 3
    rendered = io.BytesIO()
    tags.save(rendered, v1=0, v2_version=version, padding=lambda info: 1024)
    tag = _in_time_order(rendered.getvalue(), ids, version)
    with source.open("rb") as original, open_part(part) as target:
        target.write(tag)
        copy_range(original, target, old_size, source.stat().st_size - old_size)


def _read_tag(source: Path) -> tuple[ID3, int]:
    """The file's ID3v2 tag (an empty one if it has none) and how many bytes it takes."""
    try:
        tags = ID3(source)
    except ID3NoHeaderError:
        return ID3(), 0
    except Exception as exc:  # mutagen raises its own error kinds for every damaged tag
        raise MediaError(f"cannot read the ID3 tag of {source.name}: {exc}") from None
    return tags, tags.size


def _in_time_order(tag: bytes, ids: list[str], version: int) -> bytes:
    """The rendered tag with its CHAP frames, in the slots they occupy, in chapter order."""
    frames, end = _frames(tag, version)
    order = {element.encode("latin-1"): i for i, element in enumerate(ids)}
    chapters = sorted((f for f in frames if f[:4] == b"CHAP"), key=lambda f: order[f[10:].split(b"\0", 1)[0]])
    queue = iter(chapters)
    ordered = [next(queue) if f[:4] == b"CHAP" else f for f in frames]
    return tag[:10] + b"".join(ordered) + tag[end:]


def _frames(tag: bytes, version: int) -> tuple[list[bytes], int]:
    """Each frame of a tag mutagen wrote (header and body), and where the padding starts."""
    frames, at = [], 10
    while at + 10 <= len(tag) and tag[at:at + 4].strip(b"\0"):
        raw = tag[at + 4:at + 8]
        size = sum(b << (7 * (3 - i)) for i, b in enumerate(raw)) if version == 4 else int.from_bytes(raw, "big")
        frames.append(tag[at:at + 10 + size])
        at += 10 + size
    return frames, at
