"""Near-duplicate frames: a slide that gains one line of text is kept, encoder noise is not."""

from __future__ import annotations

import numpy as np

from vidmark.engines.qwen.frames import drop_near_duplicates
from vidmark.model import Frame


def _slide(lines: int, noise: int = 0, seed: int = 0) -> np.ndarray:
    image = np.full((720, 1280, 3), 235, dtype=np.uint8)
    for line in range(lines):  # dark lines of "text", 12 px high: 0.7 % of the picture each
        image[100 + 60 * line:112 + 60 * line, 120:620] = 40
    if noise:
        jitter = np.random.default_rng(seed).integers(-noise, noise + 1, image.shape)
        image = np.clip(image.astype(int) + jitter, 0, 255).astype(np.uint8)
    return image


def test_one_new_line_is_kept_and_noise_and_repeats_are_dropped():
    """The mean difference of the line (0.005) is under what the old rule needed (0.01)."""
    pictures = [_slide(3), _slide(3, noise=6, seed=1), _slide(4), _slide(4, noise=6, seed=2), _slide(4)]
    frames = [Frame(timestamp_seconds=2.0 * i + 1, image=p) for i, p in enumerate(pictures)]
    kept = drop_near_duplicates(frames, threshold=0.001, max_static_seconds=60)
    assert [f.timestamp_seconds for f in kept] == [1.0, 5.0]


def test_a_static_stretch_keeps_a_frame_every_max_static_seconds():
    frames = [Frame(timestamp_seconds=float(t), image=_slide(2)) for t in range(0, 130, 2)]
    kept = drop_near_duplicates(frames, threshold=0.001, max_static_seconds=60)
    assert [f.timestamp_seconds for f in kept] == [0.0, 60.0, 120.0]
