"""Slide and screen-content changes: small in pixels, large in meaning.

A new slide with the same template barely moves a colour histogram, but its text and
drawings change. Each frame is reduced to its luma and a map of strong edges (where text
and lines are); the share of one frame's edge pixels whose luma changed in the other says
how much content *vanished* (a new slide, a scrolled page) and how much *appeared* (also
a bullet being revealed). A slide change is content that vanished between two samples
that each stand still.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vidmark.model import Boundary
from vidmark.signals.shots import change_time

_WIDTH = 480
_EDGE = 48.0  # luma step between neighbouring pixels that counts as an edge
_CHANGED = 48.0  # luma change of a pixel between two frames that counts (well above codec noise)
_MIN_EDGES = 40
SLIDE_THRESHOLD = 0.3
STILL_THRESHOLD = 0.12


@dataclass(frozen=True)
class ContentMap:
    """A frame's luma, about 480 pixels wide, and where its strong edges are."""

    grey: np.ndarray
    edges: np.ndarray


def content_map(grey: np.ndarray) -> ContentMap:
    """Reduce a luma image to the map that :func:`edge_change` compares."""
    step = max(1, grey.shape[1] // _WIDTH)
    small = grey[::step, ::step]
    dx = np.abs(np.diff(small, axis=1))[:-1, :]
    dy = np.abs(np.diff(small, axis=0))[:, :-1]
    return ContentMap(grey=small[:-1, :-1], edges=(dx + dy) > _EDGE)


@dataclass(frozen=True)
class EdgeChange:
    """Shares of the earlier frame's edges that vanished and of the later frame's that appeared."""

    vanished: float
    appeared: float

    @property
    def total(self) -> float:
        return max(self.vanished, self.appeared)


def edge_change(before: ContentMap, after: ContentMap, changed: np.ndarray | None = None) -> EdgeChange:
    """How much of each frame's content (its edge pixels) is different in the other;
    ``changed``: their :func:`changed_pixels`, where the caller has them already."""
    if before.grey.shape != after.grey.shape:
        return EdgeChange(1.0, 1.0)
    changed = changed_pixels(before, after) if changed is None else changed
    return EdgeChange(_share(before.edges, changed), _share(after.edges, changed))


def changed_pixels(before: ContentMap, after: ContentMap) -> np.ndarray:
    """Where two maps of the same size differ by more than a codec's noise."""
    return np.abs(before.grey - after.grey) > _CHANGED


def _share(edges: np.ndarray, changed: np.ndarray) -> float:
    count = int(edges.sum())
    return float((edges & changed).sum() / count) if count >= _MIN_EDGES else 0.0


def has_content(content: ContentMap) -> bool:
    return int(content.edges.sum()) >= _MIN_EDGES


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
