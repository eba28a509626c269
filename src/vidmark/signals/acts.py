"""Visual acts: shots grouped into scenes by their colours over time.

An explainer, a vlog or a documentary is made of acts: a run of shots that share a palette
and a look (a red act about copyright, a green one about licences) even while every shot in
it cuts to the next. A single cut says little there; what marks an act is that the colours
of the seconds before a moment differ from those of the seconds after it. This is
TextTiling over pictures: the mean coarse colour histogram of a window before each gap is
compared with the window after it, and the peaks of that distance are act changes, each
placed on the sharpest picture change near the peak (the cut that opens the act).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vidmark.model import Boundary
from vidmark.signals.shots import histogram_distance

#: seconds of pictures on each side of a gap that are compared
WINDOW_SECONDS = 8.0
#: distance between the two windows' colours that counts as a change of act
ACT_THRESHOLD = 0.3
_COARSE = 4  # levels per channel of the compared histograms (the joint histogram has 8)


def coarse(histogram: np.ndarray) -> np.ndarray:
    """An 8x8x8 joint RGB histogram folded into 4x4x4 bins (a palette, not a picture)."""
    cube = histogram.reshape(8, 8, 8)
    step = 8 // _COARSE
    return cube.reshape(_COARSE, step, _COARSE, step, _COARSE, step).sum(axis=(1, 3, 5)).ravel()


def act_scores(times: Sequence[float], histograms: Sequence[np.ndarray],
               window_seconds: float = WINDOW_SECONDS) -> np.ndarray:
    """For each gap i (before sample i), the distance between the mean palette of the window
    before it and of the window after it; 0 where either side is empty."""
    palettes = np.array([coarse(h) for h in histograms]) if len(histograms) else np.zeros((0, _COARSE**3))
    at = np.asarray(times, dtype=float)
    summed = np.vstack([np.zeros((1, palettes.shape[1])), np.cumsum(palettes, axis=0)]) if len(at) else palettes
    scores = np.zeros(len(at))
    for i in range(1, len(at)):
        lo = int(np.searchsorted(at, at[i] - window_seconds, side="left"))
        hi = int(np.searchsorted(at, at[i] + window_seconds, side="left"))
        left, right = (summed[i] - summed[lo]) / (i - lo), (summed[hi] - summed[i]) / (hi - i)
        scores[i] = histogram_distance(left, right)
    return scores


def detect_acts(times: Sequence[float], histograms: Sequence[np.ndarray], threshold: float = ACT_THRESHOLD,
                window_seconds: float = WINDOW_SECONDS) -> list[Boundary]:
    """Act changes: peaks of :func:`act_scores` over threshold, at least a window apart, each
    placed on the single-step colour change within half a window of the peak that best
    agrees with it (step size times act score). The strength grows from 0 at the threshold
    to 1 at twice it: a change of palette that barely passes is a weak act change."""
    scores = act_scores(times, histograms, window_seconds)
    steps = [0.0, *(histogram_distance(a, b) for a, b in zip(histograms, histograms[1:]))]
    found: list[Boundary] = []
    for i in np.argsort(-scores, kind="stable"):
        if scores[i] < threshold:
            break
        if any(abs(times[i] - b.time_seconds) < window_seconds for b in found):
            continue
        near = [k for k in range(1, len(times)) if abs(times[k] - times[i]) <= window_seconds / 2]
        k = max(near, key=lambda k: steps[k] * scores[k]) if near else int(i)
        time = (times[k - 1] + times[k]) / 2 if k > 0 else times[k]
        found.append(Boundary(time_seconds=round(time, 3), kind="scene", strength=round(min(1.0, scores[i] / threshold - 1.0), 3)))
    return sorted(found, key=lambda b: b.time_seconds)
