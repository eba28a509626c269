"""Frame sampling: pictures at chosen times, with the times they are really shown at.

Three modes, one decoding loop:

* ``exact``: a frame at or just after each requested time (every frame is decodable, so
  the match is exact to the frame).
* ``keyframes``: only the stream's keyframes. Encoders put them at scene cuts and they
  decode on their own, so this costs almost nothing.
* ``auto`` (the default for annotation): keyframes first, then frames that fill the gaps
  where keyframes are further apart than the requested step. Non-reference frames are
  skipped by the decoder, so a fill is the first *reference* frame at or after its time.

A first, cheap pass demuxes the packets (no decoding) to learn where the keyframes are
and where the stream really ends. The second pass decodes a group of pictures only while
it holds a pending target, then flushes the decoder and skips packets to the next
keyframe. Frames come out as a generator, so memory stays flat however long the video.
"""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Literal

import av
import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from vidmark.errors import MediaError
from vidmark.media.container import media_error, open_media, video_stream
from vidmark.media.probe import container_origin
from vidmark.model import Frame

Mode = Literal["exact", "keyframes", "auto"]
MODES: tuple[str, ...] = ("exact", "keyframes", "auto")
_EPS = 5e-4
_MAX_DECODE_ERRORS = 200


class SamplingOptions(BaseModel):
    """What to sample: the mode, a step or explicit times, a size cap and a time range."""

    model_config = ConfigDict(extra="forbid")

    mode: Mode = "auto"
    every_seconds: float | None = Field(default=2.0, gt=0)
    timestamps_seconds: list[float] | None = Field(
        default=None, description="explicit times; overrides every_seconds (exact-style match)"
    )
    max_side: int | None = Field(default=448, ge=8, description="longest side of the output picture")
    start_seconds: float = Field(default=0.0, ge=0)
    end_seconds: float | None = Field(default=None, gt=0)
    threads: int = Field(default=0, ge=0, description="decoder threads, 0 = one per core")


class StreamMap(BaseModel):
    """What the demux-only pass learnt: keyframe times and where the packets end."""

    keyframe_seconds: list[float]
    end_seconds: float
    declared_seconds: float

    @property
    def truncated(self) -> bool:
        missing = self.declared_seconds - self.end_seconds
        return self.declared_seconds > 0 and missing > max(2.0, 0.1 * self.declared_seconds)


def sample_frames(path: str | os.PathLike[str], options: SamplingOptions | None = None) -> Iterator[Frame]:
    """Yield frames per ``options``, in time order, each stamped with its shown time."""
    options = options or SamplingOptions()
    stream_map = scan_stream(path)
    if stream_map.truncated:
        raise MediaError(
            f"{path} is truncated: its packets end at {stream_map.end_seconds:.1f} s "
            f"of a declared {stream_map.declared_seconds:.1f} s"
        )
    end = min(options.end_seconds or math.inf, stream_map.end_seconds)
    targets = plan_targets(options, stream_map.keyframe_seconds, options.start_seconds, end)
    skip = {"auto": "NONREF", "keyframes": "NONKEY", "exact": "DEFAULT"}[options.mode]
    if options.timestamps_seconds is not None:
        skip = "DEFAULT"
    yield from _decode_targets(path, targets, stream_map.keyframe_seconds, skip, options)


def scan_stream(path: str | os.PathLike[str]) -> StreamMap:
    """Demux the video stream's packets without decoding: keyframe times and the real end."""
    with open_media(path) as container:
        stream = video_stream(container, path)
        origin, base = container_origin(container), stream.time_base
        keys: list[float] = []
        end = 0.0
        try:
            for packet in container.demux(stream):
                stamp = packet.pts if packet.pts is not None else packet.dts
                if stamp is None or packet.size == 0:
                    continue
                time = float(stamp * base) - origin
                end = max(end, time + float((packet.duration or 0) * base))
                if packet.is_keyframe:
                    keys.append(max(time, 0.0))
        except av.error.FFmpegError:
            pass  # a damaged tail ends the scan; `end` says how far the packets got
        declared = container.duration / 1_000_000 if container.duration else 0.0
    return StreamMap(keyframe_seconds=keys, end_seconds=end, declared_seconds=declared)


def plan_targets(options: SamplingOptions, keyframes: list[float], start: float, end: float) -> list[float]:
    """The sorted times to fetch a frame for, in [start, end)."""
    if options.timestamps_seconds is not None:
        return sorted(t for t in options.timestamps_seconds if start <= t < end)
    step = options.every_seconds
    keys = [k for k in keyframes if start <= k < end]
    if options.mode == "exact" or not keys:
        return grid(start, end, step or 1.0)
    if options.mode == "keyframes":
        return thin(keys, (step or 0.0) / 2)
    return sorted(set(keys) | set(_fills([start, *keys, end], step or math.inf)))


def grid(start: float, end: float, step: float) -> list[float]:
    """start, start+step, ... below end."""
    count = max(0, math.ceil((end - start) / step - 1e-9))
    return [start + i * step for i in range(count)]


def thin(times: list[float], min_gap: float) -> list[float]:
    """Drop times closer than ``min_gap`` to the last kept one."""
    kept: list[float] = []
    for t in times:
        if not kept or t - kept[-1] >= min_gap:
            kept.append(t)
    return kept


def _fills(anchors: list[float], step: float) -> Iterable[float]:
    """Grid times inside every gap between anchors that is wider than ``step``."""
    for left, right in zip(anchors, anchors[1:]):
        t = left + step
        while t < right - 0.25 * step:
            yield t
            t += step


def _decode_targets(path, targets: list[float], keyframes: list[float], skip: str, options: SamplingOptions) -> Iterator[Frame]:
    if not targets:
        return
    with open_media(path) as container:
        stream = video_stream(container, path)
        stream.thread_type = "AUTO"
        stream.codec_context.thread_count = options.threads
        stream.codec_context.skip_frame = skip
        matcher = _Matcher(targets, container_origin(container), stream.time_base, options.max_side)
        try:
            yield from _walk(container, stream, keyframes, matcher)
        except av.error.FFmpegError as exc:
            raise media_error(path, "demuxing failed", exc) from exc
        if matcher.errors > _MAX_DECODE_ERRORS and not matcher.emitted:
            raise MediaError(f"cannot read {path}: {matcher.errors} packets failed to decode")


def _walk(container, stream, keyframes: list[float], matcher: "_Matcher") -> Iterator[Frame]:
    """Decode only the groups of pictures that hold a pending target."""
    codec = stream.codec_context
    gop, next_key = -1, keyframes[0] if keyframes else math.inf
    active = not keyframes
    for packet in container.demux(stream):
        if packet.size == 0:
            continue
        if packet.is_keyframe and keyframes:
            gop = min(gop + 1, len(keyframes) - 1)
            next_key = keyframes[gop + 1] if gop + 1 < len(keyframes) else math.inf
            wanted = matcher.pending and matcher.pending[0] < next_key
            if not wanted:
                if active:
                    yield from matcher.feed(_drain(codec))
                active = False
                if not matcher.pending:
                    return
                continue
            if not active:
                matcher.floor = keyframes[gop] - _EPS
            active = True
        if not active:
            continue
        yield from matcher.feed(matcher.decode(codec, packet))
        if not matcher.pending:
            return
        if matcher.pending[0] >= next_key:
            yield from matcher.feed(_drain(codec))
            active = False
    if active:
        yield from matcher.feed(_drain(codec))


def _drain(codec) -> list[av.VideoFrame]:
    """Flush the decoder's delayed frames and reset it for a jump to a later keyframe."""
    try:
        frames = list(codec.decode(None))
    except av.error.FFmpegError:
        frames = []
    codec.flush_buffers()
    return frames


class _Matcher:
    """Pairs decoded frames with pending target times; converts the ones it keeps."""

    def __init__(self, targets: list[float], origin: float, time_base, max_side: int | None) -> None:
        self.pending = deque(targets)
        self.origin = origin
        self.time_base = time_base
        self.max_side = max_side
        self.floor = -math.inf
        self.last_time = -math.inf
        self.errors = 0
        self.emitted = 0

    def decode(self, codec, packet) -> list[av.VideoFrame]:
        try:
            return list(codec.decode(packet))
        except av.error.FFmpegError:
            self.errors += 1
            return []

    def feed(self, frames: Iterable[av.VideoFrame]) -> Iterator[Frame]:
        for frame in frames:
            time = self._time(frame)
            if time < self.floor or not self.pending or time < self.pending[0] - _EPS:
                continue
            requested = self.pending.popleft()
            while self.pending and time >= self.pending[0] - _EPS:
                self.pending.popleft()
            self.emitted += 1
            yield Frame(
                timestamp_seconds=max(time, 0.0),
                image=to_rgb(frame, self.max_side),
                is_keyframe=bool(frame.key_frame),
                requested_seconds=requested,
            )

    def _time(self, frame: av.VideoFrame) -> float:
        if frame.pts is None:
            time = self.last_time + 1e-3
        else:
            time = float(frame.pts * self.time_base) - self.origin
        self.last_time = time
        return time


def to_rgb(frame: av.VideoFrame, max_side: int | None) -> np.ndarray:
    """The frame as an upright RGB array whose longest side is at most ``max_side``."""
    width, height = scaled_size(frame.width, frame.height, max_side)
    image = frame.reformat(width=width, height=height, format="rgb24").to_ndarray()
    turns = int(round((frame.rotation or 0) / 90)) % 4
    return np.ascontiguousarray(np.rot90(image, k=turns)) if turns else image


def scaled_size(width: int, height: int, max_side: int | None) -> tuple[int, int]:
    """(width, height) scaled down to fit ``max_side``, keeping the aspect; never upscaled."""
    if not max_side or max(width, height) <= max_side:
        return width, height
    scale = max_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))
