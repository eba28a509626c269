"""Probing: what a media file holds (streams, duration, rotation, chapters), cheaply.

Probing reads the container headers and decodes a single frame. The frame proves the
video stream can be decoded and carries the display rotation, which FFmpeg 7+ exposes
as frame side data rather than stream metadata.
"""

from __future__ import annotations

import os
from fractions import Fraction

import av

from vidmark.errors import MediaError
from vidmark.media.container import (
    container_seconds,
    container_origin,
    declared_video_seconds,
    is_truncated,
    media_error,
    open_media,
    packet_seconds,
    video_stream,
)
from vidmark.media.frames import scan_stream
from vidmark.model import (
    AudioStreamInfo,
    EmbeddedChapter,
    SubtitleStreamInfo,
    VideoInfo,
    VideoStreamInfo,
)

_TAIL_PACKETS = 5000


def probe(path: str | os.PathLike[str]) -> VideoInfo:
    """Describe a media file: container, video/audio/subtitle streams, chapters, tags."""
    with open_media(path) as container:
        stream = video_stream(container, path)
        origin = container_origin(container)
        rotation = _first_frame_rotation(container, stream, path)
        check_tail(container, stream, path)
        return VideoInfo(
            path=str(path),
            size_bytes=os.path.getsize(path),
            container=container.format.name,
            duration_seconds=_duration(container, stream) or scan_stream(path).end_seconds,
            start_time_seconds=origin,
            bit_rate=container.bit_rate or None,
            video=_video_info(stream, rotation),
            audio=[_audio_info(s) for s in container.streams.audio],
            subtitles=[_subtitle_info(s) for s in container.streams.subtitles],
            chapters=_chapters(container, origin),
            tags={str(k): str(v) for k, v in container.metadata.items()},
        )


def embedded_chapters(path: str | os.PathLike[str]) -> tuple[list[EmbeddedChapter], float, bool]:
    """The chapters a media file carries, its duration, and whether it has a video stream.

    Unlike :func:`probe` this takes any media file, audio-only ones (M4B audiobooks,
    podcast episodes) included."""
    with open_media(path) as container:
        has_video = any(stream.type == "video" for stream in container.streams)
        return _chapters(container, container_origin(container)), container_seconds(container), has_video


def _duration(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> float:
    seconds = container_seconds(container)
    if not seconds and stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return seconds


def check_tail(container, stream, path) -> None:
    """A MediaError when the packets stop well before the declared end (a cut-off download).

    Seeks to a few seconds before the declared end and reads on: cheap however long the
    file, where sampling's full scan reads every packet.
    """
    declared = declared_video_seconds(container, stream)
    origin = container_origin(container)
    reached = 0.0
    try:
        container.seek(int((origin + max(declared - 5.0, 0.0)) / stream.time_base), stream=stream)
        for count, packet in enumerate(container.demux(stream)):
            time = packet_seconds(packet, origin)
            if time is not None:
                reached = max(reached, time + float((packet.duration or 0) * stream.time_base))
            if count > _TAIL_PACKETS:
                return
    except av.error.FFmpegError:
        return  # not seekable, or damaged: sampling's scan judges such files
    if is_truncated(declared, reached):
        raise MediaError(f"{path} is truncated: its packets end at {reached:.1f} s of a declared {declared:.1f} s")


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
        variable_frame_rate=_variable(average, base),
        pixel_format=ctx.pix_fmt,
        bit_rate=ctx.bit_rate or None,
    )


def _variable(average: float | None, base: float | None) -> bool:
    """Whether the average rate strays from the stream's base rate. A base rate of twice the
    average is H.264 counting fields (raw and interlaced streams), not a varying rate."""
    if not (average and base):
        return False
    return all(abs(average * factor - base) / base > 0.01 for factor in (1, 2))


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
