"""Files the service reads and writes: streamed uploads, confined server paths, thumbnails.

Uploads go to disk chunk by chunk as they arrive (a multipart parser fed from the request
stream), so a large video is never held in memory and an upload over the limit is cut
off as soon as it passes it. Server-side paths are resolved (following symlinks) and
must land inside a configured media root.
"""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import BinaryIO

from PIL import Image
from python_multipart.multipart import MultipartParser, parse_options_header

from vidmark.errors import InputError
from vidmark.media import SamplingOptions, sample_frames
from vidmark.media.audio import AUDIO_EXTENSIONS
from vidmark.service.errors import Forbidden, PayloadTooLarge

VIDEO_EXTENSIONS = (".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mpg", ".mpeg", ".ts", ".ogv", ".flv", ".wmv")
#: what the media roots are browsed for: videos, and audio-only files (podcasts, recordings)
MEDIA_EXTENSIONS = VIDEO_EXTENSIONS + AUDIO_EXTENSIONS
_MAX_FIELD_BYTES = 64 * 1024
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str, default_stem: str = "video") -> str:
    """A file name without folders or odd characters, its extension kept, for storing an upload."""
    path = Path(name.replace("\\", "/"))
    stem = _SAFE_NAME.sub("_", path.stem).strip("._")[:100] or default_stem
    suffix = _SAFE_NAME.sub("", path.suffix.lower())[:12]
    return stem + (suffix if len(suffix) > 1 else "")


def check_content_length(headers: Mapping[str, str], limit: int) -> None:
    """Refuse a request whose declared size is over ``limit`` before reading any of it."""
    raw = headers.get("content-length")
    if raw and raw.isdigit() and int(raw) > limit:
        raise PayloadTooLarge(f"request of {int(raw):,} bytes is over the limit of {limit:,} bytes")


class _MultipartSink:
    """Callbacks for python-multipart: text fields into a dict, the file part onto disk."""

    def __init__(self, dest_dir: Path, max_file_bytes: int) -> None:
        self.dest_dir, self.max_file_bytes = dest_dir, max_file_bytes
        self.fields: dict[str, str] = {}
        self.file_path: Path | None = None
        self.file_name: str | None = None
        self._header_name = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._name = ""
        self._buffer = bytearray()
        self._handle: BinaryIO | None = None
        self._in_file = False
        self._file_bytes = 0

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self._part_begin, "on_header_field": self._header_field,
            "on_header_value": self._header_value_cb, "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished, "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        }

    def _part_begin(self) -> None:
        self._headers, self._buffer = {}, bytearray()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _header_value_cb(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._header_name.lower()] = self._header_value
        self._header_name, self._header_value = b"", b""

    def _headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = params.get(b"name", b"").decode("utf-8", "replace")
        filename = params.get(b"filename")
        self._in_file = filename is not None
        if filename is not None:
            if self._name != "file":
                raise InputError(f"the video must be sent in the form field 'file', not {self._name!r}")
            if self._handle is not None:
                raise InputError("send one video file per job")
            self.file_name = filename.decode("utf-8", "replace")
            self.dest_dir.mkdir(parents=True, exist_ok=True)
            self.file_path = self.dest_dir / safe_filename(self.file_name)
            self._handle = self.file_path.open("wb")

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._in_file and self._handle is not None:
            self._file_bytes += end - start
            if self._file_bytes > self.max_file_bytes:
                raise PayloadTooLarge(f"upload is over the limit of {self.max_file_bytes:,} bytes")
            self._handle.write(data[start:end])
            return
        self._buffer += data[start:end]
        if len(self._buffer) > _MAX_FIELD_BYTES:
            raise PayloadTooLarge(f"form field {self._name!r} is over {_MAX_FIELD_BYTES:,} bytes")

    def _part_end(self) -> None:
        if self._in_file and self._handle is not None:
            self._handle.close()
        elif self._name:
            self.fields[self._name] = self._buffer.decode("utf-8", "replace")

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


async def receive_multipart(content_type: str, chunks: AsyncIterator[bytes], dest_dir: Path,
                            max_file_bytes: int) -> tuple[dict[str, str], Path | None, str | None]:
    """Parse a multipart body as it streams in: (text fields, saved file path, original name)."""
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise InputError("multipart body without a boundary")
    sink = _MultipartSink(dest_dir, max_file_bytes)
    parser = MultipartParser(boundary, sink.callbacks())
    try:
        async for chunk in chunks:
            parser.write(chunk)
        parser.finalize()
    except Exception:
        sink.close()
        if sink.file_path is not None:
            sink.file_path.unlink(missing_ok=True)
        raise
    if sink.file_path is not None and sink.file_path.stat().st_size == 0:
        sink.file_path.unlink()
        raise InputError(f"the uploaded file {sink.file_name!r} is empty")
    return sink.fields, sink.file_path, sink.file_name


def resolve_media_path(raw: str, roots: list[Path]) -> Path:
    """The real path of a video named by the client, if it lies inside a media root."""
    if not roots:
        raise Forbidden("server-side paths are disabled: start the server with --media-root DIR")
    if not raw or "\x00" in raw:
        raise InputError("empty or invalid path")
    given = Path(raw)
    if ".." in given.parts:
        raise Forbidden(f"path {raw!r} contains '..'")
    candidates = [given] if given.is_absolute() else [root / given for root in roots]
    for candidate in candidates:
        real = candidate.resolve()
        if any(real.is_relative_to(root) for root in roots):
            if not real.is_file():
                raise InputError(f"no such video file: {raw!r}")
            return real
    raise Forbidden(f"path {raw!r} is outside the media roots")


def list_media(roots: list[Path], limit: int = 500) -> list[str]:
    """Video files under the media roots (paths relative to their root), sorted."""
    found: list[str] = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() in MEDIA_EXTENSIONS and path.is_file():
                try:
                    resolve_media_path(str(path), roots)
                except InputError:
                    continue
                found.append(str(path.relative_to(root)) if len(roots) == 1 else str(path))
                if len(found) >= limit:
                    return found
    return found


def thumbnail_strip(video: Path, duration_seconds: float, count: int, height: int) -> bytes:
    """A JPEG of ``count`` frames side by side, frame i taken at the middle of slice i."""
    times = [duration_seconds * (i + 0.5) / count for i in range(count)]
    options = SamplingOptions(mode="exact", timestamps_seconds=times, max_side=max(height * 3, 64), every_seconds=None)
    frames = [Image.fromarray(frame.image) for frame in sample_frames(video, options)]
    if not frames:
        raise InputError(f"no frames could be read from {video.name}")
    width = max(1, round(frames[0].width * height / frames[0].height))
    strip = Image.new("RGB", (width * count, height))
    for i in range(count):
        tile = frames[min(i, len(frames) - 1)].resize((width, height))
        strip.paste(tile, (i * width, 0))
    buffer = io.BytesIO()
    strip.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()
