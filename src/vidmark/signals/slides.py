"""Slide and screen-content changes: small in pixels, large in meaning.

A new slide with the same template barely moves a colour histogram, but its text and
drawings move. Each frame is reduced to a map of strong edges (where text and lines are);
comparing two maps with a one-pixel tolerance says how much content *vanished* (a new
slide, a scrolled page) and how much *appeared* (also a bullet being revealed). A slide
change is content that vanished between two samples that each stand still.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vidmark.model import Boundary
from vidmark.signals.shots import change_time

_WIDTH = 320
_EDGE = 48.0  # luma step between neighbouring pixels that counts as an edge
_MIN_EDGES = 40
SLIDE_THRESHOLD = 0.3
STILL_THRESHOLD = 0.12


def edge_map(grey: np.ndarray) -> np.ndarray:
    """Boolean map of strong luma edges, on a copy about 320 pixels wide."""
    step = max(1, grey.shape[1] // _WIDTH)
    small = grey[::step, ::step]
    dx = np.abs(np.diff(small, axis=1))[:-1, :]
    dy = np.abs(np.diff(small, axis=0))[:, :-1]
    return (dx + dy) > _EDGE


def _dilate(mask: np.ndarray) -> np.ndarray:
    grown = mask.copy()
    grown[1:, :] |= mask[:-1, :]
    grown[:-1, :] |= mask[1:, :]
    wide = grown.copy()
    wide[:, 1:] |= grown[:, :-1]
    wide[:, :-1] |= grown[:, 1:]
    return wide


@dataclass(frozen=True)
class EdgeChange:
    """Shares of the earlier map's edges that vanished and of the later map's that appeared."""

    vanished: float
    appeared: float

    @property
    def total(self) -> float:
        return max(self.vanished, self.appeared)


def edge_change(before: np.ndarray, after: np.ndarray) -> EdgeChange:
    """How the content of two edge maps differs, tolerating one-pixel shifts."""
    n_before, n_after = int(before.sum()), int(after.sum())
    if n_before < _MIN_EDGES and n_after < _MIN_EDGES:
        return EdgeChange(0.0, 0.0)
    vanished = float((before & ~_dilate(after)).sum() / n_before) if n_before >= _MIN_EDGES else 0.0
    appeared = float((after & ~_dilate(before)).sum() / n_after) if n_after >= _MIN_EDGES else 0.0
    if n_before < _MIN_EDGES:
        appeared = 1.0
    if n_after < _MIN_EDGES:
        vanished = 1.0
    return EdgeChange(vanished, appeared)


def has_content(edges: np.ndarray) -> bool:
    return int(edges.sum()) >= _MIN_EDGES


def detect_slide_changes(times: list[float], changes: list[EdgeChange], keyframes: list[bool],
                         skip: set[int] = frozenset(), threshold: float = SLIDE_THRESHOLD) -> list[Boundary]:
    """Slide boundaries from per-sample changes (``changes[i]`` compares sample i-1 and i).

    A change counts when the picture stood still before it and after it, which is what
    separates a slide change from motion in a camera shot. Samples in ``skip`` (those of
    a fade) take part in no slide change.
    """
    found = []
    for i in range(1, len(times)):
        change = changes[i]
        if i in skip or i - 1 in skip:
            continue
        still_before = i < 2 or changes[i - 1].total < STILL_THRESHOLD
        still_after = i + 1 >= len(times) or changes[i + 1].total < STILL_THRESHOLD
        if change.vanished >= threshold and still_before and still_after:
            time = change_time(times[i - 1], times[i], keyframes[i])
            found.append(Boundary(time_seconds=time, kind="slide", strength=min(1.0, change.vanished)))
    return found
