"""The pictures a run sends: frames on an even grid, near-duplicates dropped.

Frames are decoded with vidmark's media layer (each carries the time it is really shown
at), resized to the exact size the budget chose (a multiple of 32, so the server's
``smart_resize`` leaves it alone) and JPEG-encoded. Static stretches such as slides give
runs of near-identical frames: they are dropped before they cost tokens, keeping one at
least every ``max_static_seconds`` so the time markers still cover the stretch. Before
windows are planned, :func:`kept_frame_times` makes that choice for the whole video on
small pictures, so the windows can be sized by the frames really sent.
"""

from __future__ import annotations

import hashlib
import io
from fractions import Fraction
from collections.abc import Iterable

import av
import numpy as np
from PIL import Image
from pydantic import BaseModel, ConfigDict, Field

from vidmark.engines.qwen.budget import Sampling
from vidmark.media import SamplingOptions, sample_frames
from vidmark.model import Frame

#: longest side of the pictures near-duplicates are found on, and their thumbnails' size
_SURVEY_SIDE = 192
_THUMBNAIL = (128, 72)
#: a thumbnail pixel counts as changed when it moves by more than this (0..1 gray)
_PIXEL_CHANGE = 0.12


class TimedImage(BaseModel):
    """One JPEG frame and its time in the whole video."""

    model_config = ConfigDict(extra="forbid")

    timestamp_seconds: float
    jpeg: bytes = Field(repr=False)
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.jpeg).hexdigest()

    def pixels(self) -> np.ndarray:
        """H x W x 3 uint8 RGB."""
        return np.asarray(Image.open(io.BytesIO(self.jpeg)).convert("RGB"))


def grid_times(start_seconds: float, end_seconds: float, count: int) -> list[float]:
    """``count`` times at the centres of equal slices of [start, end)."""
    step = (end_seconds - start_seconds) / count
    return [start_seconds + (i + 0.5) * step for i in range(count)]


def window_frames(path: str, start_seconds: float, end_seconds: float, times: list[float],
                  sampling: Sampling) -> list[Frame]:
    """The planned frames of one window, decoded at their real times."""
    options = SamplingOptions(
        mode="exact",
        timestamps_seconds=times,
        max_side=max(sampling.width, sampling.height) * 2,
        start_seconds=start_seconds,
        end_seconds=end_seconds,
    )
    return list(sample_frames(path, options))


def kept_frame_times(path: str, times: list[float], threshold: float, max_static_seconds: float) -> list[float]:
    """The times of the frames a run keeps over the whole video: the frames shown at the
    grid's ``times``, decoded small, near-duplicates dropped. (The grid, not media's
    ``auto`` sampling: its extra keyframes would cost a moving picture more frames.)"""
    options = SamplingOptions(mode="exact", timestamps_seconds=times, max_side=_SURVEY_SIDE)
    return [f.timestamp_seconds for f in drop_near_duplicates(sample_frames(path, options), threshold, max_static_seconds)]


def drop_near_duplicates(frames: Iterable[Frame], threshold: float, max_static_seconds: float) -> list[Frame]:
    """Frames whose thumbnail differs from the last kept one in more than ``threshold`` of
    its pixels (each by more than :data:`_PIXEL_CHANGE` of full scale), or that come
    ``max_static_seconds`` after it. Counting changed pixels, not the mean difference,
    keeps a slide whose only change is one new line of text."""
    kept: list[Frame] = []
    last: np.ndarray | None = None
    for frame in frames:
        thumb = _thumbnail(frame.image)
        if (last is None or (np.abs(thumb - last) > _PIXEL_CHANGE).mean() > threshold
                or frame.timestamp_seconds - kept[-1].timestamp_seconds >= max_static_seconds):
            kept.append(frame)
            last = thumb
    return kept


def _thumbnail(image: np.ndarray) -> np.ndarray:
    gray = Image.fromarray(image).convert("L").resize(_THUMBNAIL, Image.Resampling.BILINEAR)
    return np.asarray(gray, dtype=np.float32) / 255.0


def to_timed_image(frame: Frame, width: int, height: int, quality: int = 85) -> TimedImage:
    """The frame resized to exactly ``width`` x ``height`` and JPEG-encoded."""
    picture = Image.fromarray(frame.image)
    if picture.size != (width, height):
        picture = picture.resize((width, height), Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=quality)
    return TimedImage(timestamp_seconds=frame.timestamp_seconds, jpeg=buffer.getvalue(), width=width, height=height)


def encode_clip(images: list[TimedImage], fps: float) -> bytes:
    """The images as an H.264 MP4 at a constant ``fps``, for servers that take video."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=Fraction(fps).limit_denominator(1000))
        stream.width, stream.height = images[0].width, images[0].height
        stream.pix_fmt = "yuv420p"
        for image in images:
            frame = av.VideoFrame.from_ndarray(image.pixels(), format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return buffer.getvalue()
