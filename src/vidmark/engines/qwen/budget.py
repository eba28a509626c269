"""Qwen3-VL's visual token arithmetic, exactly as its processors do it.

Qwen3-VL cuts a picture into 16-pixel patches, merges 2x2 patches into one token and
groups frames in pairs along time. Before that, ``smart_resize`` rounds the size to
multiples of 32 (patch x merge) and scales it into a pixel range. A still image is one
group of two identical frames, so a frame sent as an image costs as many tokens as two
frames sent as video. These functions reproduce the processors' rules so a plan's token
count is the count the server will see, and choose the frame rate and resolution that
fit a budget.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from vidmark.errors import ConfigError
from vidmark.model import VideoInfo

PATCH = 16
MERGE = 2
TEMPORAL = 2
FACTOR = PATCH * MERGE
#: The released Qwen3-VL checkpoints' preprocessor_config.json (size.shortest_edge/longest_edge).
IMAGE_MIN_PIXELS = 65_536
IMAGE_MAX_PIXELS = 16_777_216
#: Their video_preprocessor_config.json; the maximum counts the pixels of all frames.
VIDEO_MIN_PIXELS = 4_096
VIDEO_MAX_PIXELS = 25_165_824

InputMode = Literal["frames", "video"]
#: the window length frames are sized for (see the module docstring)
SIZE_REFERENCE_SECONDS = 300.0


def smart_resize(height: int, width: int, min_pixels: int = IMAGE_MIN_PIXELS,
                 max_pixels: int = IMAGE_MAX_PIXELS, factor: int = FACTOR) -> tuple[int, int]:
    """(height, width) of an image after Qwen3-VL's image processor resizes it
    (transformers' qwen2_vl ``smart_resize``)."""
    _check_aspect(height, width)
    h_bar = round(height / factor) * factor
    w_bar = round(width / factor) * factor
    return _fit(height, width, h_bar, w_bar, 1, 1, min_pixels, max_pixels, factor)


def smart_resize_video(num_frames: int, height: int, width: int, min_pixels: int = VIDEO_MIN_PIXELS,
                       max_pixels: int = VIDEO_MAX_PIXELS, factor: int = FACTOR) -> tuple[int, int]:
    """(height, width) of video frames after Qwen3-VL's video processor resizes them
    (transformers' qwen3_vl ``smart_resize``): the pixel range counts all frames."""
    if num_frames < TEMPORAL:
        raise ConfigError(f"a Qwen3-VL video needs at least {TEMPORAL} frames, got {num_frames}")
    if height < factor or width < factor:
        scale = max(factor / height, factor / width)
        height, width = int(height * scale), int(width * scale)
    _check_aspect(height, width)
    t_bar = round(num_frames / TEMPORAL) * TEMPORAL
    h_bar = round(height / factor) * factor
    w_bar = round(width / factor) * factor
    return _fit(height, width, h_bar, w_bar, t_bar, num_frames, min_pixels, max_pixels, factor)


def _fit(height: int, width: int, h_bar: int, w_bar: int, t_bar: int, frames: int,
         min_pixels: int, max_pixels: int, factor: int) -> tuple[int, int]:
    """Scale the rounded size into [min_pixels, max_pixels], as both processors do."""
    if t_bar * h_bar * w_bar > max_pixels:
        beta = math.sqrt(frames * height * width / max_pixels)
        h_bar = max(factor, math.floor(height / beta / factor) * factor)
        w_bar = max(factor, math.floor(width / beta / factor) * factor)
    elif t_bar * h_bar * w_bar < min_pixels:
        beta = math.sqrt(min_pixels / (frames * height * width))
        h_bar = math.ceil(height * beta / factor) * factor
        w_bar = math.ceil(width * beta / factor) * factor
    return h_bar, w_bar


def _check_aspect(height: int, width: int) -> None:
    if min(height, width) <= 0 or max(height, width) / min(height, width) > 200:
        raise ConfigError(f"picture {width}x{height} is too elongated for Qwen3-VL (aspect ratio over 200)")


def tokens_per_group(height: int, width: int) -> int:
    """Tokens of one temporal group (two frames, or one image) at an already-resized size."""
    return (height // PATCH) * (width // PATCH) // (MERGE * MERGE)


def image_tokens(height: int, width: int) -> int:
    """Tokens Qwen3-VL spends on one image of this size (resized by smart_resize)."""
    return tokens_per_group(*smart_resize(height, width))


def video_tokens(num_frames: int, height: int, width: int) -> int:
    """Tokens Qwen3-VL spends on ``num_frames`` video frames of this size."""
    h, w = smart_resize_video(num_frames, height, width)
    return math.ceil(num_frames / TEMPORAL) * tokens_per_group(h, w)


def aligned_size(height: int, width: int, long_side: int) -> tuple[int, int]:
    """A (height, width) with this aspect, its long side near ``long_side``, both multiples of 32."""
    scale = long_side / max(height, width)
    return (max(FACTOR, round(height * scale / FACTOR) * FACTOR),
            max(FACTOR, round(width * scale / FACTOR) * FACTOR))


class BudgetOptions(BaseModel):
    """How to spend the visual tokens of one request."""

    model_config = ConfigDict(extra="forbid")

    max_visual_tokens: int = Field(default=16_384, ge=64, description="visual tokens per request")
    target_fps: float = Field(default=0.5, gt=0, le=4, description="frames per second to aim for")
    min_fps: float = Field(default=0.02, gt=0, description="below this the window is refused")
    max_frames: int = Field(default=256, ge=2, description="frames per request at most")
    max_side: int = Field(default=640, ge=FACTOR, description="longest side of a frame, pixels")
    min_side: int = Field(default=256, ge=FACTOR, description="longest side never shrunk below this")


class Sampling(BaseModel):
    """The chosen frame count and size for one window."""

    model_config = ConfigDict(extra="forbid")

    frames: int
    height: int
    width: int
    fps: float
    visual_tokens: int


def choose_sampling(duration_seconds: float, height: int, width: int, mode: InputMode,
                    options: BudgetOptions) -> Sampling:
    """The largest frame size at ``target_fps`` that fits the budget; when even the smallest
    size does not fit, fewer frames (a lower fps) at the smallest size."""
    wanted = max(TEMPORAL, min(options.max_frames, math.ceil(duration_seconds * options.target_fps)))
    top = min(_align_down(options.max_side), _align_up(max(height, width)))
    for long_side in range(top, _align_down(options.min_side) - 1, -FACTOR):
        sampling = sampling_of(wanted, *aligned_size(height, width, long_side), mode, duration_seconds)
        if sampling.visual_tokens <= options.max_visual_tokens:
            return sampling
    smallest = aligned_size(height, width, min(top, _align_down(options.min_side)))
    per_frame = sampling_of(TEMPORAL, *smallest, mode, duration_seconds).visual_tokens / TEMPORAL
    frames = int(options.max_visual_tokens // per_frame)
    frames -= frames % TEMPORAL if mode == "video" else 0
    if frames < TEMPORAL or frames / max(duration_seconds, 1e-9) < options.min_fps:
        raise ConfigError(
            f"--max-visual-tokens {options.max_visual_tokens} is too small for a {duration_seconds:.0f} s window "
            f"(at least {math.ceil(per_frame * max(TEMPORAL, duration_seconds * options.min_fps))} needed "
            f"at {smallest[1]}x{smallest[0]}, {options.min_fps} fps); raise it or use shorter windows"
        )
    return sampling_of(frames, *smallest, mode, duration_seconds)


def frame_size(video: VideoInfo, mode: InputMode, options: BudgetOptions) -> tuple[int, int]:
    """(height, width) of the frames a run sends: the size :func:`choose_sampling` picks for
    a window of :data:`SIZE_REFERENCE_SECONDS`, whatever the video's length, so a minute
    costs the same in a short video as in a long one."""
    width, height = video.video.display_size
    sampling = choose_sampling(SIZE_REFERENCE_SECONDS, height, width, mode, options)
    return sampling.height, sampling.width


def frames_per_call(height: int, width: int, mode: InputMode, options: BudgetOptions) -> int:
    """How many frames of this (processed) size one request's visual-token budget takes."""
    groups = options.max_visual_tokens // tokens_per_group(height, width)
    if mode == "video":
        return max(TEMPORAL, min(options.max_frames // TEMPORAL, groups) * TEMPORAL)
    return max(1, min(options.max_frames, groups))


def sampling_of(frames: int, height: int, width: int, mode: InputMode, duration: float) -> Sampling:
    """``frames`` frames at the size the processor turns (height, width) into, and their cost."""
    if mode == "video":
        h, w = smart_resize_video(frames, height, width)
        cost = math.ceil(frames / TEMPORAL) * tokens_per_group(h, w)
    else:
        h, w = smart_resize(height, width)
        cost = frames * tokens_per_group(h, w)
    return Sampling(frames=frames, height=h, width=w, fps=frames / max(duration, 1e-9), visual_tokens=cost)


def _align_down(value: int) -> int:
    return max(FACTOR, value // FACTOR * FACTOR)


def _align_up(value: int) -> int:
    return math.ceil(value / FACTOR) * FACTOR
