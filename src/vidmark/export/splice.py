"""Ground shared by the chapter splicers: copy a media file's bytes the way ``cp`` does and
patch only its chapter index, so embedding chapters costs what copying the file costs.

A splicer that meets a layout it does not handle raises :class:`Unsplicable`; embedding
then falls back to ffmpeg's remux, which is slower but takes anything ffmpeg can read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

_CHUNK_BYTES = 1 << 30


class Unsplicable(Exception):
    """This file's layout is one the splicer leaves to ffmpeg (the message says why)."""


def open_part(part: Path) -> BinaryIO:
    """``part`` opened for unbuffered writing, empty. An empty file is not truncated: ext4
    flushes a file truncated to nothing when it is closed (``auto_da_alloc``), which would
    make embedding wait for the disk where ``cp`` does not."""
    handle = open(os.open(part, os.O_WRONLY | os.O_CREAT, 0o666), "wb", buffering=0, closefd=True)
    if os.fstat(handle.fileno()).st_size:
        handle.truncate(0)
    return handle


def copy_range(source: BinaryIO, target: BinaryIO, offset: int, count: int) -> None:
    """Append ``count`` bytes of ``source`` from ``offset`` to ``target`` (an unbuffered file).

    ``copy_file_range`` lets the kernel copy (or share) the blocks without passing them through
    this process, as ``cp`` does; where it is refused the bytes go through ``sendfile``, then
    through memory."""
    source_fd, target_fd = source.fileno(), target.fileno()
    while count > 0:
        step = min(count, _CHUNK_BYTES)
        copied = _kernel_copy(source_fd, target_fd, offset, step)
        if copied <= 0:
            raise Unsplicable(f"the file ended {count} bytes early")
        offset += copied
        count -= copied


def _kernel_copy(source_fd: int, target_fd: int, offset: int, count: int) -> int:
    for copy in (_copy_file_range, _sendfile):
        try:
            return copy(source_fd, target_fd, offset, count)
        except (AttributeError, OSError):
            continue
    data = os.pread(source_fd, min(count, 1 << 24), offset)
    return os.write(target_fd, data) if data else 0


def _copy_file_range(source_fd: int, target_fd: int, offset: int, count: int) -> int:
    return os.copy_file_range(source_fd, target_fd, count, offset)


def _sendfile(source_fd: int, target_fd: int, offset: int, count: int) -> int:
    return os.sendfile(target_fd, source_fd, offset, count)
