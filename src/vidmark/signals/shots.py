"""Shot boundaries: where the picture changes abruptly between sampled frames.

Each frame is reduced to a small colour histogram; a boundary is reported where the
distance between consecutive histograms jumps above a threshold.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from vidmark.model import Boundary, Frame

_BINS = 8


def histogram(image: np.ndarray) -> np.ndarray:
    """A normalised joint RGB histogram with 8 bins per channel (512 values summing to 1)."""
    quantised = (image[::2, ::2] // (256 // _BINS)).reshape(-1, 3).astype(np.int32)
    codes = quantised[:, 0] * _BINS * _BINS + quantised[:, 1] * _BINS + quantised[:, 2]
    counts = np.bincount(codes, minlength=_BINS**3).astype(np.float64)
    return counts / max(counts.sum(), 1.0)


def histogram_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Half the L1 distance: 0 for equal histograms, 1 for disjoint ones."""
    return float(np.abs(a - b).sum() / 2)


def detect_cuts(frames: Iterable[Frame], threshold: float = 0.35) -> list[Boundary]:
    """Boundaries at the first frame after each jump in colour distribution."""
    boundaries: list[Boundary] = []
    previous: np.ndarray | None = None
    for frame in frames:
        current = histogram(frame.image)
        if previous is not None:
            distance = histogram_distance(previous, current)
            if distance >= threshold:
                boundaries.append(
                    Boundary(time_seconds=frame.timestamp_seconds, kind="cut", strength=min(distance, 1.0))
                )
        previous = current
    return boundaries
