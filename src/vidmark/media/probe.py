"""Probing: what a media file holds (streams, duration, rotation, chapters), cheaply.

Probing reads the container headers and decodes a single frame. The frame proves the
video stream can be decoded and carries the display rotation, which FFmpeg 7+ exposes
as frame side data rather than stream metadata. An audio-only file (a podcast, a meeting
recording; cover art is no video) is described with ``video=None``: its first audio frame
proves it decodes, and its duration is the audio's.
"""

from __future__ import annotations

import os
from fractions import Fraction

import av

from vidmark.errors import ConfigError, MediaError
from vidmark.media.container import (
    container_seconds,
    container_origin,
    declared_video_seconds,
    is_truncated,
    media_error,
    open_media,
    packet_seconds,
    picture_streams,
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
        if not picture_streams(container) and container.streams.audio:
            return _audio_only(container, path)
        stream = video_stream(container, path)
        rotation = _first_frame_rotation(container, stream, path)
        check_tail(container, stream, path)
        duration = _duration(container, stream) or scan_stream(path).end_seconds
        return _described(container, path, duration, _video_info(stream, rotation))


def _audio_only(container: av.container.InputContainer, path: str | os.PathLike[str]) -> VideoInfo:
    """A file with sound and no pictures, checked as a video is: its first frame decodes and
    its packets reach the end its headers declare."""
    streams = container.streams.audio
    stream = next((s for s in streams if s.disposition & av.stream.Disposition.default), streams[0])
    _first_frame(container, stream, path, "audio")
    check_tail(container, stream, path)
    return _described(container, path, _duration(container, stream) or _packets_end(path, stream.index), None)


def _described(container: av.container.InputContainer, path: str | os.PathLike[str], duration: float,
               video: VideoStreamInfo | None) -> VideoInfo:
    origin = container_origin(container)
    return VideoInfo(
        path=str(path),
        size_bytes=os.path.getsize(path),
        container=container.format.name,
        duration_seconds=duration,
        start_time_seconds=origin,
        bit_rate=container.bit_rate or None,
        video=video,
        audio=[_audio_info(s) for s in container.streams.audio],
        subtitles=[_subtitle_info(s) for s in container.streams.subtitles],
        chapters=_chapters(container, origin),
        tags={str(k): str(v) for k, v in container.metadata.items()},
    )


def require_pictures(video: VideoInfo, engine: str) -> None:
    """A ConfigError when an engine that reads pictures is given an audio-only file."""
    if video.audio_only:
        raise ConfigError(f"{video.path} is audio only, and the {engine} engine reads pictures; "
                          "chapter it from its sound with --engine offline")


def embedded_chapters(path: str | os.PathLike[str]) -> tuple[list[EmbeddedChapter], float, bool]:
    """The chapters a media file carries, its duration, and whether :func:`probe` can describe
    it (it has a video or an audio stream; a file of chapters alone has neither)."""
    with open_media(path) as container:
        playable = any(stream.type in ("video", "audio") for stream in container.streams)
        return _chapters(container, container_origin(container)), container_seconds(container), playable


def _duration(container: av.container.InputContainer, stream: av.stream.Stream) -> float:
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
    return int(round(_first_frame(container, stream, path, "video").rotation or 0)) % 360


def _first_frame(container, stream, path, kind: str) -> av.frame.Frame:
    try:
        for frame in container.decode(stream):
            return frame
    except av.error.FFmpegError as exc:
        raise media_error(path, f"the {kind} stream cannot be decoded", exc) from exc
    raise media_error(path, f"the {kind} stream has no decodable frame", ValueError("no frames"))


def _packets_end(path: str | os.PathLike[str], index: int) -> float:
    """Where the packets of stream ``index`` end, for a file whose headers give no duration."""
    end = 0.0
    with open_media(path) as container:
        stream = container.streams[index]
        origin = container_origin(container)
        try:
            for packet in container.demux(stream):
                time = packet_seconds(packet, origin)
                if time is not None:
                    end = max(end, time + float((packet.duration or 0) * stream.time_base))
        except av.error.FFmpegError:
            pass  # a damaged tail ends the scan where the packets stop
    return end


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
    if container.format.name == "mp3":
        origin = 0.0  # ID3 CHAP times count from the first audible sample, which is vidmark's 0
    chapters = []
    for chapter in container.chapters():
        base = chapter["time_base"]
        start = max(float(chapter["start"] * base) - origin, 0.0)
        end = max(float(chapter["end"] * base) - origin, start)
        chapters.append(
            EmbeddedChapter(start_seconds=start, end_seconds=end, title=chapter["metadata"].get("title", ""))
        )
    return sorted(chapters, key=lambda c: c.start_seconds)  # ID3 stores CHAP frames in any order
