"""Probing: what a media file holds (streams, duration, rotation, chapters), cheaply.

Probing reads the container headers and decodes a single frame. The frame proves the
video stream can be decoded and carries the display rotation, which FFmpeg 7+ exposes
as frame side data rather than stream metadata.
"""

from __future__ import annotations

import os
from fractions import Fraction

import av

from vidmark.media.container import container_origin, media_error, open_media, video_stream
from vidmark.model import (
    AudioStreamInfo,
    EmbeddedChapter,
    SubtitleStreamInfo,
    VideoInfo,
    VideoStreamInfo,
)

_AV_TIME_BASE = 1_000_000


def probe(path: str | os.PathLike[str]) -> VideoInfo:
    """Describe a media file: container, video/audio/subtitle streams, chapters, tags."""
    with open_media(path) as container:
        stream = video_stream(container, path)
        origin = container_origin(container)
        rotation = _first_frame_rotation(container, stream, path)
        return VideoInfo(
            path=str(path),
            size_bytes=os.path.getsize(path),
            container=container.format.name,
            duration_seconds=_duration(container, stream),
            start_time_seconds=origin,
            bit_rate=container.bit_rate or None,
            video=_video_info(stream, rotation),
            audio=[_audio_info(s) for s in container.streams.audio],
            subtitles=[_subtitle_info(s) for s in container.streams.subtitles],
            chapters=_chapters(container, origin),
            tags={str(k): str(v) for k, v in container.metadata.items()},
        )


def _duration(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> float:
    if container.duration and container.duration > 0:
        return container.duration / _AV_TIME_BASE
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return 0.0


def _first_frame_rotation(container, stream, path) -> int:
    try:
        for frame in container.decode(stream):
            return int(round(frame.rotation or 0)) % 360
    except av.error.FFmpegError as exc:
        raise media_error(path, "the video stream cannot be decoded", exc) from exc
    raise media_error(path, "the video stream has no decodable frame", ValueError("no frames"))


def _rate(value: Fraction | None) -> float | None:
    return float(value) if value else None


def _video_info(stream: av.video.stream.VideoStream, rotation: int) -> VideoStreamInfo:
    ctx = stream.codec_context
    average, base = _rate(stream.average_rate), _rate(stream.base_rate)
    return VideoStreamInfo(
        index=stream.index,
        codec=ctx.name,
        width=max(ctx.width, 1),
        height=max(ctx.height, 1),
        fps=average or base or _rate(stream.guessed_rate),
        frame_count=stream.frames or None,
        rotation_degrees=rotation,
        variable_frame_rate=bool(average and base and abs(average - base) / base > 0.01),
        pixel_format=ctx.pix_fmt,
        bit_rate=ctx.bit_rate or None,
    )


def _audio_info(stream: av.audio.stream.AudioStream) -> AudioStreamInfo:
    ctx = stream.codec_context
    return AudioStreamInfo(
        index=stream.index,
        codec=ctx.name if ctx else "unknown",
        sample_rate=ctx.sample_rate or None,
        channels=ctx.channels or None,
        language=stream.language,
    )


def _subtitle_info(stream: av.stream.Stream) -> SubtitleStreamInfo:
    return SubtitleStreamInfo(
        index=stream.index,
        codec=stream.codec_context.name if stream.codec_context else "unknown",
        language=stream.language,
        title=stream.metadata.get("title"),
    )


def _chapters(container: av.container.InputContainer, origin: float) -> list[EmbeddedChapter]:
    chapters = []
    for chapter in container.chapters():
        base = chapter["time_base"]
        start = max(float(chapter["start"] * base) - origin, 0.0)
        end = max(float(chapter["end"] * base) - origin, start)
        chapters.append(
            EmbeddedChapter(start_seconds=start, end_seconds=end, title=chapter["metadata"].get("title", ""))
        )
    return chapters
