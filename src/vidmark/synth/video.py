"""Turning a laid-out timeline into an H.264 + AAC MP4 with PyAV, frame by frame.

Pictures come from the slide renderer (cached while nothing moves), fades are real
crossfades or dips through black centred on the change, and the narration is a PCM track
with every sentence at its planned sample. Keyframes come at least every
``keyframe_seconds`` and x264 adds its own at scene cuts, as real encoders do.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from vidmark.synth.slides import SlideRenderer, typed_length
from vidmark.synth.spec import RenderOptions, VideoSpec
from vidmark.synth.speech import SAMPLE_RATE
from vidmark.synth.timeline import Timeline

_AUDIO_FRAME = 1024
_TYPING_DELAY_SECONDS = 0.5


class Pictures:
    """The picture on screen at any time of a timeline."""

    def __init__(self, spec: VideoSpec, timeline: Timeline) -> None:
        self.spec, self.timeline = spec, timeline
        self.renderer = SlideRenderer(spec.render.width, spec.render.height, spec.render.theme)
        self.starts = [s.start_seconds for s in timeline.slides]
        self._cache: dict[tuple[int, int | None], np.ndarray] = {}

    def at(self, t: float) -> np.ndarray:
        """H x W x 3 uint8 shown at time ``t``."""
        i = max(bisect.bisect_right(self.starts, t + 1e-9) - 1, 0)
        for j in (i + 1, i):
            if 0 < j < len(self.starts):
                half = self._half_fade(j)
                if half and abs(t - self.starts[j]) < half:
                    alpha = (t - (self.starts[j] - half)) / (2 * half)
                    return _blend(self._still(j - 1, t), self._still(j, t), alpha, self.timeline.slides[j].transition)
        return self._still(i, t)

    def _half_fade(self, j: int) -> float:
        slides = self.timeline.slides
        if slides[j].transition not in ("fade", "dip"):
            return 0.0
        room = min(slides[j - 1].end_seconds - slides[j - 1].start_seconds, slides[j].end_seconds - slides[j].start_seconds)
        return min(self.spec.render.fade_seconds / 2, 0.4 * room)

    def _still(self, index: int, t: float) -> np.ndarray:
        placed = self.timeline.slides[self.timeline.slides[index].shows]
        chapter = self.spec.chapters[placed.chapter]
        slide = chapter.slides[placed.slide]
        typed = None
        if slide.style == "screen":
            elapsed = max(t - placed.start_seconds - _TYPING_DELAY_SECONDS, 0.0)
            typed = min(int(elapsed * self.spec.render.typing_chars_per_second), typed_length(slide))
        key = (placed.shows, typed)
        if key not in self._cache:
            if len(self._cache) > 64:
                self._cache.clear()
            self._cache[key] = self.renderer.render(slide, chapter.language, typed)
        return self._cache[key]


def _blend(a: np.ndarray, b: np.ndarray, alpha: float, kind: str) -> np.ndarray:
    alpha = min(max(alpha, 0.0), 1.0)
    if kind == "dip":
        source, weight = (a, 1 - 2 * alpha) if alpha < 0.5 else (b, 2 * alpha - 1)
        return (source.astype(np.float32) * weight).round().astype(np.uint8)
    mixed = a.astype(np.float32) * (1 - alpha) + b.astype(np.float32) * alpha
    return mixed.round().astype(np.uint8)


def soundtrack(timeline: Timeline, clips: list[np.ndarray]) -> np.ndarray:
    """float32 mono PCM of the whole video with clip k at sentence k's start."""
    track = np.zeros(int(round(timeline.duration_seconds * SAMPLE_RATE)), dtype=np.float32)
    for sentence, clip in zip(timeline.sentences, clips, strict=True):
        at = int(round(sentence.start_seconds * SAMPLE_RATE))
        track[at : at + len(clip)] = clip[: len(track) - at]
    return track


def encode(spec: VideoSpec, timeline: Timeline, audio: np.ndarray, path: Path) -> None:
    """Write the MP4 to ``path`` (through a temporary file beside it)."""
    encode_frames(Pictures(spec, timeline).at, timeline.duration_seconds, audio, path, spec.render)


def encode_frames(picture: Callable[[float], np.ndarray], duration_seconds: float, audio: np.ndarray, path: Path,
                  opts: RenderOptions) -> None:
    """Write an MP4 of ``picture(t)`` at ``opts.fps`` for ``duration_seconds``, with ``audio``
    (16 kHz mono); ``picture`` returning the same array object again costs no conversion."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with av.open(str(tmp), mode="w", format="mp4") as out:
            video, sound = _streams(out, opts)
            _write(out, video, sound, picture, audio, opts.fps, int(round(duration_seconds * opts.fps)))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _streams(out: av.container.OutputContainer, opts: RenderOptions):
    video = out.add_stream("libx264", rate=opts.fps, options={"crf": str(opts.crf), "preset": opts.preset, "tune": "stillimage"})
    video.width, video.height, video.pix_fmt = opts.width, opts.height, "yuv420p"
    video.codec_context.gop_size = max(1, int(opts.keyframe_seconds * opts.fps))
    video.codec_context.thread_count = 1
    sound = out.add_stream("aac", rate=SAMPLE_RATE, layout="mono")
    sound.bit_rate = opts.audio_bit_rate
    return video, sound


def _write(out, video, sound, picture: Callable[[float], np.ndarray], audio: np.ndarray, fps: int, frames: int) -> None:
    audio_done, last, cached = 0, None, None
    for k in range(frames):
        image = picture(k / fps)
        if image is not last:
            last, cached = image, av.VideoFrame.from_ndarray(image, format="rgb24").reformat(format="yuv420p")
        cached.pts, cached.time_base = k, Fraction(1, fps)
        out.mux(video.encode(cached))
        audio_done = _write_audio(out, sound, audio, audio_done, int((k + 1) * SAMPLE_RATE / fps))
    _write_audio(out, sound, audio, audio_done, len(audio))
    out.mux(video.encode(None))
    out.mux(sound.encode(None))


def _write_audio(out, sound, audio: np.ndarray, done: int, until: int) -> int:
    until = min(until, len(audio))
    while done < until:
        block = audio[done : done + _AUDIO_FRAME]
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(block[None, :]), format="fltp", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = SAMPLE_RATE, done, Fraction(1, SAMPLE_RATE)
        out.mux(sound.encode(frame))
        done += len(block)
    return done
