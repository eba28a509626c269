"""Pk and WindowDiff, the window-based segmentation metrics, on a 1-second grid.

Pk (Beeferman, Berger & Lafferty 1999) and WindowDiff (Pevzner & Hearst 2002) compare two
segmentations of the same sequence of units. Here the units are the whole seconds
``t = 0, 1, ..., floor(duration)``; unit ``t`` belongs to the chapter that has begun by
then (a boundary ``b`` puts ``t`` in the next chapter when ``b < t``). This is the grid
chunkseg 0.4 builds with ``chunk_size=1`` (one flag per second, converted by segeval into
``floor(duration) + 1`` labelled units), so the values equal chunkseg's ``pk`` and
``window_diff``.

The window ``k`` is half the mean gold segment length in units, rounded half to even and
at least 2, as segeval 2.0 computes it. Both metrics are error rates: 0 is perfect.
A video too short for one window (under 3 s) scores 0 when both segmentations agree on the
grid and 1 otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction


def grid_labels(boundaries: Sequence[float], duration: float) -> list[int]:
    """The number of chapter changes seen by each whole second 0..floor(duration).

    Labels rise by one wherever the chapter changes between two consecutive seconds, so
    the difference of two labels counts the boundaries between them on the grid.
    """
    marks = sorted(b for b in boundaries if b > 0)
    labels, index, label = [], 0, 0
    for t in range(math.floor(duration) + 1):
        seen = index
        while index < len(marks) and marks[index] < t:
            index += 1
        label += index > seen
        labels.append(label)
    return labels


def window_size(gold_labels: Sequence[int]) -> int:
    """Half the mean gold segment length on the grid, rounded half to even, at least 2."""
    segments = 1 + sum(a != b for a, b in zip(gold_labels, gold_labels[1:]))
    return max(2, round(Fraction(len(gold_labels), 2 * segments)))


def pk(gold: Sequence[float], pred: Sequence[float], duration: float) -> float:
    """Pk: the share of unit pairs ``k`` apart on which the two segmentations disagree
    about being in the same chapter."""
    return _window_error_rate(gold, pred, duration, lambda a, b: a == b)


def window_diff(gold: Sequence[float], pred: Sequence[float], duration: float) -> float:
    """WindowDiff: the share of windows of ``k + 1`` units in which the two segmentations
    have a different number of boundaries."""
    return _window_error_rate(gold, pred, duration, lambda a, b: b - a)


def _window_error_rate(gold: Sequence[float], pred: Sequence[float], duration: float,
                       probe: Callable[[int, int], object]) -> float:
    """The share of windows (unit i to unit i + k) where ``probe`` of the two end labels
    differs between gold and prediction."""
    g, p = grid_labels(gold, duration), grid_labels(pred, duration)
    k = window_size(g)
    if len(g) <= k:
        return 0.0 if _changes(g) == _changes(p) else 1.0
    errors = sum(probe(g[i], g[i + k]) != probe(p[i], p[i + k]) for i in range(len(g) - k))
    return errors / (len(g) - k)


def _changes(labels: Sequence[int]) -> list[int]:
    return [int(a != b) for a, b in zip(labels, labels[1:])]
