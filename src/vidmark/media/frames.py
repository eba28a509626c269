"""Frame sampling: pictures at chosen times, with the times they are really shown at.

Three modes, one decoding loop:

* ``exact``: the first frame shown at or after each requested time.
* ``keyframes``: only the stream's keyframes. Encoders put them at scene cuts and they
  decode on their own, so this costs almost nothing.
* ``auto`` (the default for annotation): keyframes first, then frames that fill the gaps
  where keyframes are further apart than the requested step, each fill exact like above,
  so no gap between sampled frames exceeds the step by more than one frame. Where the
  packets say the picture stands still (:mod:`vidmark.media.stillness`: nothing but
  frames too small to code a change since the previous sampled time), a sampled time
  gets a copy of the picture before it (``Frame.copied_from_seconds``) instead of a
  decode; after a change that settles before the sampled time, the picture decoded is
  the change's own frame. So a group of pictures where nothing moves costs its keyframe,
  one with a slide change costs the frames up to the change, and the frames that come
  out (their times and what they show) are those of a full decode.

A first, cheap pass demuxes the packets (no decoding) to learn where the keyframes are
and where the stream really ends. The second pass decodes a group of pictures only while
it holds a pending target, then flushes the decoder and skips packets to the next
keyframe. A range that starts far in (a window of a long video) starts with a seek to
its first keyframe, where a trial seek lands on it or before it (MP4, MKV and WebM have
an index; MPEG-TS and PS seeks that land late are not used, and those files are walked
from the start). Inside a group, frames that no other frame refers to are dropped by the
decoder until the pending target's time, and decoded from it on. Frames come out as a
generator, so memory stays flat however long the video.
"""

from __future__ import annotations

import bisect
import functools
import math
import os
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from typing import Literal

import av
import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from vidmark.errors import MediaError
from vidmark.media.container import (
    check_media_path,
    container_origin,
    declared_video_seconds,
    is_truncated,
    media_error,
    open_media,
    packet_seconds,
    video_stream,
)
from vidmark.media.stillness import Stillness, StillnessScan
from vidmark.model import Frame
from vidmark.resources import thread_limit

Mode = Literal["exact", "keyframes", "auto"]
MODES: tuple[str, ...] = ("exact", "keyframes", "auto")
_EPS = 5e-4
_MAX_DECODE_ERRORS = 200
_SEEK_AFTER_SECONDS = 30.0  # nearer the start, demuxing there costs less than a seek


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
    threads: int = Field(default_factory=thread_limit, ge=0, description="decoder threads, 0 = one per core")
    skip_still: bool = Field(
        default=True, description="auto mode: where the packets say the picture stands still, give a sampled "
        "time a copy of the picture before it instead of decoding it (Frame.copied_from_seconds)")


class StreamMap(BaseModel):
    """What the demux-only pass learnt: keyframe times, where the packets end, frame pacing."""

    keyframe_seconds: list[float]
    end_seconds: float
    declared_seconds: float
    timed: bool = Field(default=True, description="packets carry timestamps (raw H.264 does not)")
    frame_seconds: float = Field(default=0.04, description="the commonest packet duration")
    _stillness: Stillness | None = PrivateAttr(default=None)

    @property
    def stillness(self) -> Stillness | None:
        """Where the packets say the picture stands still (timed streams only)."""
        return self._stillness

    @property
    def truncated(self) -> bool:
        """Whether the packets stop well before the declared end."""
        return is_truncated(self.declared_seconds, self.end_seconds)


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
    targets = plan_targets(options, stream_map, options.start_seconds, end)
    yield from _decode_targets(path, _plan_sources(targets, _stillness(options, stream_map)), stream_map, options)


def scan_stream(path: str | os.PathLike[str]) -> StreamMap:
    """Demux the video stream's packets without decoding: keyframe times and the real end.

    Remembered per file version, so the windows of a long video (each one a sampling call)
    read the whole file once here rather than once per window.
    """
    check_media_path(path)
    stat = os.stat(path)
    return _scan_file(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _scan_file(path: str, size: int, mtime_ns: int) -> StreamMap:
    with open_media(path) as container:
        stream = video_stream(container, path)
        scan = _Scan(container_origin(container), stream.time_base, _nominal_frame_seconds(stream),
                     StillnessScan(stream.codec_context.width, stream.codec_context.height))
        try:
            for packet in container.demux(stream):
                scan.add(packet)
        except av.error.FFmpegError:
            pass  # a damaged tail ends the scan; the map says how far the packets got
        declared = declared_video_seconds(container, stream)
    return scan.result(declared)


def _nominal_frame_seconds(stream: av.video.stream.VideoStream) -> float:
    rate = stream.average_rate or stream.guessed_rate or stream.base_rate
    return 1 / float(rate) if rate else 0.04


class _Scan:
    """Accumulates what the packets say, one packet at a time, in constant memory."""

    def __init__(self, origin: float, time_base, nominal: float, still: StillnessScan) -> None:
        self.origin, self.time_base, self.nominal, self.still = origin, time_base, nominal, still
        self.keys: list[float] = []
        self.end = 0.0
        self.packets = self.untimed = 0
        self.durations: Counter[int] = Counter()

    def add(self, packet: av.Packet) -> None:
        """Take one demuxed packet into account."""
        if packet.size == 0:
            return
        self.packets += 1
        self.durations[packet.duration or 0] += 1
        time = packet_seconds(packet, self.origin)
        if time is None:  # untimed streams (raw H.264): frames follow one another
            time, self.untimed = self.end, self.untimed + 1
        self.end = max(self.end, time + (float((packet.duration or 0) * self.time_base) or self.nominal))
        if packet.is_keyframe:
            self.keys.append(time)
        delay = packet.pts - packet.dts if packet.pts is not None and packet.dts is not None else 0
        self.still.add(time, packet.size, packet.is_keyframe, float(delay * self.time_base))

    def result(self, declared: float) -> StreamMap:
        """The map of what was scanned, against the ``declared`` duration."""
        common = max(self.durations, key=self.durations.__getitem__, default=0)
        stream_map = StreamMap(
            keyframe_seconds=sorted(set(self.keys)),
            end_seconds=self.end,
            declared_seconds=declared,
            timed=self.untimed * 2 <= self.packets,
            frame_seconds=float(common * self.time_base) if common else self.nominal,
        )
        if stream_map.timed:
            stream_map._stillness = self.still.result(stream_map.frame_seconds)
        return stream_map


def plan_targets(options: SamplingOptions, stream_map: StreamMap, start: float, end: float) -> list[float]:
    """The sorted times to fetch a frame for, in [start, end)."""
    if options.timestamps_seconds is not None:
        return sorted(t for t in options.timestamps_seconds if start <= t < end)
    step = options.every_seconds
    all_keys = stream_map.keyframe_seconds
    keys = thin([k for k in all_keys if start <= k < end], (step or 0.0) / 2)
    if options.mode == "exact" or not all_keys:
        return grid(start, end, step or 1.0)
    if options.mode == "keyframes":
        return keys
    if step is None:
        return keys
    lead = [start] if not keys or keys[0] > start + stream_map.frame_seconds else []
    return sorted({*lead, *keys, *_fills([start, *keys, end], step)})


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


def _fills(anchors: list[float], spacing: float) -> Iterable[float]:
    """Evenly spaced times splitting every gap between anchors into parts <= ``spacing``."""
    for left, right in zip(anchors, anchors[1:]):
        parts = math.ceil((right - left) / spacing - 1e-9)
        for i in range(1, parts):
            yield left + i * (right - left) / parts


def _skip_mode(options: SamplingOptions, stream_map: StreamMap) -> str:
    """What the decoder may drop between targets.

    Frames no other frame refers to (NONREF) are only decoded from a pending target's time
    on (see :func:`_walk`); untimed streams are dated by counting, so they drop nothing.
    """
    if not stream_map.timed:
        return "DEFAULT"
    if options.mode == "keyframes" and options.timestamps_seconds is None and stream_map.keyframe_seconds:
        return "NONKEY"
    return "NONREF"


def _stillness(options: SamplingOptions, stream_map: StreamMap) -> Stillness | None:
    """The packets' word on where the picture stands still, where this sampling may use it."""
    usable = options.mode == "auto" and options.skip_still and options.timestamps_seconds is None
    return stream_map.stillness if usable else None


def _plan_sources(targets: list[float], stillness: Stillness | None) -> list[tuple[float, float]]:
    """(requested time, source time) per target: the time whose decoded picture answers it.

    Without stillness every target is its own source. With it, a target in a still stretch
    takes the previous target's picture, and one after a change that settles before it
    takes the picture of that change's last mark, so the decoder stops there.
    """
    plan: list[tuple[float, float]] = []
    for target in targets:
        source = target
        if plan and stillness is not None:
            previous, previous_source = plan[-1]
            if stillness.still(previous, target):
                source = previous_source
            else:
                change = stillness.last_change(previous, target)
                source = target if change is None else change
        plan.append((target, source))
    return plan


def _decode_targets(path, plan: list[tuple[float, float]], stream_map: StreamMap,
                    options: SamplingOptions) -> Iterator[Frame]:
    if not plan:
        return
    with open_media(path) as container:
        stream = video_stream(container, path)
        stream.thread_type = "AUTO"
        stream.codec_context.thread_count = options.threads
        origin = container_origin(container)
        stillness = _stillness(options, stream_map)
        matcher = _Matcher(plan, origin, stream.time_base, stream_map.frame_seconds, options.max_side, stillness)
        sources = list(matcher.pending)
        # untimed frames are dated by counting, so none may be skipped
        keys = stream_map.keyframe_seconds if stream_map.timed else []
        start = _start_key(path, keys, sources[0])
        try:
            if start is not None:
                _seek(container, stream, origin, start)
            skipper = _Skipper(stream.codec_context, _skip_mode(options, stream_map), origin, sources)
            yield from _walk(container, stream, keys, skipper, matcher)
        except av.error.FFmpegError as exc:
            raise media_error(path, "demuxing failed", exc) from exc
        if matcher.errors > _MAX_DECODE_ERRORS and not matcher.emitted:
            raise MediaError(f"cannot read {path}: {matcher.errors} packets failed to decode")


def _start_key(path, keys: list[float], first_target: float) -> float | None:
    """The keyframe to start demuxing at, when it is far enough in to be worth a seek (a
    window of a long video) and a seek there lands on it or before it, as it does in any
    container with an index; else None: demux from the start."""
    index = bisect.bisect_right(keys, first_target + _EPS) - 1
    if index < 0 or keys[index] <= _SEEK_AFTER_SECONDS:
        return None
    with open_media(path) as container:
        stream = video_stream(container, path)
        origin = container_origin(container)
        try:
            _seek(container, stream, origin, keys[index])
            first = next((packet for packet in container.demux(stream) if packet.size and packet.is_keyframe), None)
        except av.error.FFmpegError:
            return None
        time = packet_seconds(first, origin) if first is not None else None
        return keys[index] if time is not None and time <= keys[index] + _EPS else None


def _seek(container, stream, origin: float, seconds: float) -> None:
    container.seek(int((origin + seconds) / stream.time_base), stream=stream, backward=True)


def _walk(container, stream, keys: list[float], skipper: "_Skipper", matcher: "_Matcher") -> Iterator[Frame]:
    """Decode only the groups of pictures that hold a pending target."""
    codec = stream.codec_context
    active, next_key = not keys, math.inf
    for packet in container.demux(stream):
        if packet.size == 0:
            continue
        time = packet_seconds(packet, skipper.origin)
        if keys and packet.is_keyframe and time is not None:
            next_key = _after(keys, time)
            if not (matcher.pending and matcher.pending[0] < next_key):
                if active:
                    yield from matcher.feed(_drain(codec))
                active = False
                if not matcher.pending:
                    return
                continue
            if not active:
                matcher.floor = time - _EPS  # leading frames of an open GOP cannot be decoded
            active = True
        if not active:
            continue
        skipper.before(packet, time, matcher.pending[0])
        only_key = bool(keys) and packet.is_keyframe and time is not None and matcher.only_at(time, next_key)
        yield from matcher.feed(matcher.decode(codec, packet))
        if not matcher.pending:
            return
        if only_key or matcher.pending[0] >= next_key:
            yield from matcher.feed(_drain(codec))
            active = False
    if active:
        yield from matcher.feed(_drain(codec))


class _Skipper:
    """Sets, packet by packet, which frames the decoder may drop.

    Frames others refer to are always decoded. A frame nothing refers to (NONREF) is
    decoded only when it may be the first shown at or after a pending target: the latest
    target at or before its time is pending, and no frame already sent in full lies
    between that target and it. So every answer is decoded, and little else.
    """

    def __init__(self, codec, between: str, origin: float, targets: list[float]) -> None:
        self.codec, self.between, self.origin, self.targets = codec, between, origin, targets
        self.current = between
        self.sent: list[float] = []  # times of packets sent in full, from the first pending target on
        codec.skip_frame = between

    def before(self, packet: av.Packet, time: float | None, first_pending: float) -> None:
        """Set the skip mode for ``packet``, shown at ``time``."""
        wanted = self.between
        if self.between == "NONREF" and (time is None or packet.pts is None):
            wanted = "DEFAULT"
        elif self.between == "NONREF" and self._may_answer(time, first_pending):
            wanted = "DEFAULT"
            bisect.insort(self.sent, time)
        if wanted != self.current:
            self.codec.skip_frame = self.current = wanted

    def _may_answer(self, time: float, first_pending: float) -> bool:
        del self.sent[: bisect.bisect_left(self.sent, first_pending - _EPS)]
        index = bisect.bisect_right(self.targets, time + _EPS) - 1
        if index < 0 or self.targets[index] < first_pending:
            return False
        earlier = bisect.bisect_left(self.sent, self.targets[index] - _EPS)
        return earlier == len(self.sent) or self.sent[earlier] >= time


def _after(keys: list[float], time: float) -> float:
    """The first keyframe time after ``time``, or infinity."""
    index = bisect.bisect_right(keys, time + _EPS)
    return keys[index] if index < len(keys) else math.inf


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

    def __init__(self, plan: list[tuple[float, float]], origin: float, time_base, frame_seconds: float,
                 max_side: int | None, stillness: Stillness | None = None) -> None:
        self.answers: dict[float, list[float]] = {}
        for requested, source in plan:
            self.answers.setdefault(source, []).append(requested)
        self.pending = deque(sorted(self.answers))
        self.stillness = stillness
        self.origin = origin
        self.time_base = time_base
        self.frame_seconds = frame_seconds
        self.max_side = max_side
        self.floor = -math.inf
        self.clock = 0.0
        self.errors = 0
        self.emitted = 0

    def only_at(self, time: float, until: float) -> bool:
        """Whether the frame shown at ``time`` is the only one wanted before ``until``."""
        return (bool(self.pending) and abs(self.pending[0] - time) <= _EPS
                and (len(self.pending) < 2 or self.pending[1] >= until))

    def decode(self, codec, packet) -> list[av.VideoFrame]:
        """Decode one packet; a damaged one is counted and yields nothing."""
        try:
            return list(codec.decode(packet))
        except av.error.FFmpegError:
            self.errors += 1
            return []

    def feed(self, frames: Iterable[av.VideoFrame]) -> Iterator[Frame]:
        """The frames that are the first at or after a pending target, converted."""
        for frame in frames:
            time = self._time(frame)
            if time < self.floor or not self.pending or time < self.pending[0] - _EPS:
                continue
            requested = self.answers[self.pending.popleft()]
            while self.pending and time >= self.pending[0] - _EPS:
                requested = requested + self.answers[self.pending.popleft()]
            self.emitted += 1
            yield from self._answer(frame, max(time, 0.0), requested)

    def _answer(self, frame: av.VideoFrame, time: float, requested: list[float]) -> Iterator[Frame]:
        """The frame for the times it answers itself (at or before it), then a copy of its
        picture for each later time that it stands for (a still stretch)."""
        image = to_rgb(frame, self.max_side)
        direct = [t for t in requested if t <= time + _EPS]
        if direct:
            yield Frame(timestamp_seconds=time, image=image, is_keyframe=bool(frame.key_frame),
                        requested_seconds=direct[0])
        last, before = time if direct else -math.inf, self.pending[0] - _EPS if self.pending else math.inf
        for target in requested[len(direct):]:
            shown = self.stillness.shown_at_or_after(target)
            if shown is not None and last + _EPS < shown < before:
                yield Frame(timestamp_seconds=shown, image=image.copy(), requested_seconds=target,
                            copied_from_seconds=time)
                last = shown

    def _time(self, frame: av.VideoFrame) -> float:
        """The frame's shown time; frames without a pts follow the previous one."""
        time = self.clock if frame.pts is None else float(frame.pts * self.time_base) - self.origin
        self.clock = time + (float(frame.duration * self.time_base) if frame.duration else self.frame_seconds)
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
