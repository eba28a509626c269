"""Opening media files with PyAV, and turning FFmpeg's failures into vidmark errors.

Every other media module opens files through :func:`open_media`, so a missing file, a
directory, an empty file or bytes that are not media all fail with the same one-line
message, whichever command met them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import av
import av.container

from vidmark.errors import InputError, MediaError

_AV_TIME_BASE = 1_000_000
#: demuxers that read one still picture, not a video
_STILL_IMAGE_FORMATS = ("image2", "_pipe")


def check_media_path(path: str | os.PathLike[str]) -> Path:
    """The path as a Path, if it names a readable, non-empty regular file."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"no such file: {p}")
    if p.is_dir():
        raise InputError(f"{p} is a directory, not a video file")
    if p.is_fifo():  # opening a pipe blocks until someone writes to it: never open one here
        raise InputError(f"{p} is a named pipe: 'vidmark annotate' reads pipes as streams; this command needs a file")
    if not os.access(p, os.R_OK):
        raise InputError(f"cannot read {p}: permission denied")
    if p.stat().st_size == 0:
        raise MediaError(f"{p} is an empty file (0 bytes)")
    return p


@contextlib.contextmanager
def open_media(path: str | os.PathLike[str]) -> Iterator[av.container.InputContainer]:
    """Open a media file for reading; closes it on exit."""
    p = check_media_path(path)
    try:
        container = av.open(str(p), mode="r", metadata_errors="replace")
    except av.error.FFmpegError as exc:
        raise MediaError(f"cannot read {p}: not a readable media file ({_reason(exc)})") from exc
    try:
        yield container
    finally:
        container.close()


def picture_streams(container: av.container.InputContainer) -> list[av.video.stream.VideoStream]:
    """The video streams that move: cover art (an attached picture) is not one."""
    return [s for s in container.streams.video if not _is_attached_picture(s)]


def video_stream(container: av.container.InputContainer, path: str | os.PathLike[str]) -> av.video.stream.VideoStream:
    """The file's main video stream (the default one, else the first), or a MediaError."""
    streams = picture_streams(container)
    if streams and container.format.name.endswith(_STILL_IMAGE_FORMATS):
        raise MediaError(f"{path} is a still image ({container.format.name}), not a video")
    if not streams:
        kinds = sorted({s.type for s in container.streams}) or ["none"]
        raise MediaError(f"{path} has no video stream (streams found: {', '.join(kinds)})")
    default = [s for s in streams if s.disposition & av.stream.Disposition.default]
    return (default or streams)[0]


def container_origin(container: av.container.InputContainer) -> float:
    """The container's start time in seconds: vidmark's time 0."""
    start = container.start_time
    return start / _AV_TIME_BASE if start is not None and start > 0 else 0.0


def container_seconds(container: av.container.InputContainer) -> float:
    """How long the container says the file lasts; 0.0 when it does not say."""
    return container.duration / _AV_TIME_BASE if container.duration and container.duration > 0 else 0.0


def declared_video_seconds(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> float:
    """How long the headers say the video lasts (the container's duration when they don't)."""
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return container_seconds(container)


def is_truncated(declared_seconds: float, reached_seconds: float) -> bool:
    """Whether packets that stop at ``reached_seconds`` fall well short of the declared end."""
    missing = declared_seconds - reached_seconds
    return declared_seconds > 0 and missing > max(2.0, 0.1 * declared_seconds)


def packet_seconds(packet: av.Packet, origin: float) -> float | None:
    """The packet's presentation time on vidmark's timeline (its decode time if it has no pts)."""
    stamp = packet.pts if packet.pts is not None else packet.dts
    if stamp is None or packet.time_base is None:
        return None
    return max(float(stamp * packet.time_base) - origin, 0.0)


def _is_attached_picture(stream: av.stream.Stream) -> bool:
    return bool(stream.disposition & av.stream.Disposition.attached_pic)


def _reason(exc: av.error.FFmpegError) -> str:
    return (getattr(exc, "strerror", None) or str(exc)).strip().rstrip(".")


def media_error(path: str | os.PathLike[str], what: str, exc: Exception) -> MediaError:
    """A MediaError for a failure while reading ``path``, naming FFmpeg's reason."""
    reason = _reason(exc) if isinstance(exc, av.error.FFmpegError) else str(exc)
    return MediaError(f"cannot read {path}: {what} ({reason})")
