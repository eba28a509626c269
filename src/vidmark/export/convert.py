"""Chapters from anywhere into any format: chapter files of every readable format, and
chapters already embedded in a media file (MP4, M4A/M4B, MKV, MP3's ID3v2 chapters, ...).

``vidmark export`` and ``vidmark embed`` load their input through :func:`load_annotation`.
A chapter file knows nothing of its video, so unless the video is given the annotation
carries a stand-in :class:`~vidmark.model.VideoInfo` (container ``"none"``) whose duration
is the end of the last chapter.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vidmark.errors import InputError
from vidmark.export import get_format, read_chapters
from vidmark.export.common import close_last
from vidmark.media import probe
from vidmark.media.probe import embedded_chapters
from vidmark.model import Annotation, Chapter, RunInfo, VideoInfo, VideoStreamInfo

_SNIFF_BYTES = 4096


class ConvertOptions(BaseModel):
    """What to read and how to write: formats, the video the chapters belong to, format options."""

    model_config = ConfigDict(extra="forbid")

    to: str
    source_format: str | None = Field(default=None, description="format of the input chapter file; guessed when None")
    video: str | None = Field(default=None, description="the video the chapters belong to (duration, thumbnails)")
    format_options: dict[str, Any] = Field(default_factory=dict)


def convert(source: str | os.PathLike[str], options: ConvertOptions) -> str:
    """The chapters of ``source`` (a chapter file or a media file) as text in ``options.to``."""
    fmt = get_format(options.to, options.format_options)
    return fmt.write(load_annotation(source, options.source_format, options.video))


def load_annotation(source: str | os.PathLike[str], source_format: str | None = None,
                    video: str | os.PathLike[str] | None = None) -> Annotation:
    """An annotation holding the chapters of a chapter file or of a media file's chapters."""
    path = Path(source)
    if source_format is None and is_media_file(path):
        return _embedded(path)
    listing = read_chapters(path, source_format)
    end = max((c.end_seconds for c in listing.chapters), default=0.0)
    info = probe(video) if video else _stand_in(path, listing.duration_seconds or end)
    chapters = close_last(listing.chapters, listing.duration_seconds or info.duration_seconds)
    return Annotation(video=info, chapters=chapters, run=RunInfo(engine="import", notes=[f"chapters read from {path}"]))


def is_media_file(path: Path) -> bool:
    """Whether ``path`` holds binary data (media) rather than text (a chapter file)."""
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    with path.open("rb") as handle:
        return b"\x00" in handle.read(_SNIFF_BYTES)


def _embedded(path: Path) -> Annotation:
    """The chapters in a media file (MP4, M4A/M4B, Matroska, MP3's ID3 CHAP frames, ...)."""
    found, duration, playable = embedded_chapters(path)
    if not found:
        raise InputError(f"{path} has no chapters embedded in it")
    info = probe(path) if playable else _stand_in(path, duration)
    chapters = [Chapter(start_seconds=c.start_seconds, end_seconds=c.end_seconds, title=c.title) for c in found]
    return Annotation(video=info, chapters=chapters, run=RunInfo(engine="embedded", notes=[f"chapters read from {path}"]))


def _stand_in(path: Path, duration_seconds: float) -> VideoInfo:
    return VideoInfo(
        path=str(path.parent / path.name.split(".")[0]),
        size_bytes=0,
        container="none",
        duration_seconds=duration_seconds,
        video=VideoStreamInfo(index=0, codec="none", width=1, height=1),
    )
