"""Shot transitions: cuts, fades through black and dissolves, from sparse sampled frames.

Frames are sampled about once a second (plus every keyframe), so a transition usually
falls between two samples or has one sample inside it. Each frame is reduced to a colour
histogram, a small grey thumbnail and its brightness; then:

* a run of black samples, or a short dip of dim ones, is a **fade**, placed in the
  middle of the dark interval;
* one or two samples that are blends ``a*before + (1-a)*after`` of the samples around
  them (``a`` inside 0..1, small residual) while those differ are a **dissolve**;
* any other large histogram jump between two non-black samples is a **cut**.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from vidmark.model import Boundary, Frame

_BINS = 8
_THUMB = (36, 64)  # rows, columns
CUT_THRESHOLD = 0.35
# Like ffmpeg's blackdetect: 98% of pixels below 10% luma; plus a dark mean, so that a
# black slide with a little white text is not taken for a fade.
_BLACK_LUMA, _BLACK_SHARE, _BLACK_MEAN = 26, 0.98, 12
# A dip: up to three samples darker than 60% of both neighbours and under 40% luma.
_DIP_SAMPLES, _DIP_RATIO, _DIP_LEVEL = 3, 0.6, 0.4
_BLEND_RESIDUAL = 0.45
MERGE_SECONDS = 0.75


def histogram(image: np.ndarray) -> np.ndarray:
    """A normalised joint RGB histogram with 8 bins per channel (512 values summing to 1)."""
    step = max(1, image.shape[1] // 160)
    quantised = (image[::step, ::step] // (256 // _BINS)).reshape(-1, 3).astype(np.int32)
    codes = quantised[:, 0] * _BINS * _BINS + quantised[:, 1] * _BINS + quantised[:, 2]
    counts = np.bincount(codes, minlength=_BINS**3).astype(np.float64)
    return counts / max(counts.sum(), 1.0)


def histogram_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Half the L1 distance: 0 for equal histograms, 1 for disjoint ones."""
    return float(np.abs(a - b).sum() / 2)


def luma(image: np.ndarray) -> np.ndarray:
    """Rec. 601 luma of an RGB image as float32 0..255."""
    return image @ np.array([0.299, 0.587, 0.114], dtype=np.float32)


def thumbnail(grey: np.ndarray) -> np.ndarray:
    """A 64x36 block-averaged copy of a grey image (float32)."""
    rows, cols = _THUMB
    h, w = grey.shape
    ys = np.linspace(0, h, rows + 1).astype(int)
    xs = np.linspace(0, w, cols + 1).astype(int)
    summed = np.add.reduceat(np.add.reduceat(grey, ys[:-1], axis=0), xs[:-1], axis=1)
    counts = np.outer(np.diff(ys), np.diff(xs))
    return (summed / counts).astype(np.float32)


@dataclass
class ShotFeatures:
    """What shot detection keeps of one sampled frame."""

    time_seconds: float
    is_keyframe: bool
    histogram: np.ndarray
    thumb: np.ndarray
    brightness: float
    black: bool


def shot_features(frame: Frame, grey: np.ndarray | None = None) -> ShotFeatures:
    """Reduce one frame (optionally with its luma already computed) to shot features."""
    grey = luma(frame.image) if grey is None else grey
    small = grey[:: max(1, grey.shape[0] // 90), :: max(1, grey.shape[1] // 160)]
    return ShotFeatures(
        time_seconds=frame.timestamp_seconds,
        is_keyframe=frame.is_keyframe,
        histogram=histogram(frame.image),
        thumb=thumbnail(grey),
        brightness=float(grey.mean() / 255),
        black=bool((small < _BLACK_LUMA).mean() >= _BLACK_SHARE and small.mean() < _BLACK_MEAN),
    )


def blend_fit(before: np.ndarray, middle: np.ndarray, after: np.ndarray) -> tuple[float, float]:
    """(a, residual): ``middle ~ a*before + (1-a)*after``; residual relative to the change."""
    change = (before - after).ravel()
    norm = float(change @ change)
    if norm < 1e-6:
        return 1.0, 1.0
    offset = (middle - after).ravel()
    a = float(offset @ change) / norm
    residual = float(np.linalg.norm(offset - a * change) / np.sqrt(norm))
    return a, residual


def detect_transitions(samples: list[ShotFeatures], threshold: float = CUT_THRESHOLD) -> list[Boundary]:
    """Fades, dissolves and cuts between consecutive samples, in time order."""
    found = _fades(samples)
    claimed = fading(samples)
    for boundary, used in _dissolves(samples, threshold, claimed):
        found.append(boundary)
        claimed |= used
    found += _cuts(samples, threshold, claimed)
    return merge_close(sorted(found, key=lambda b: b.time_seconds))


def dark_runs(samples: list[ShotFeatures]) -> list[tuple[int, int]]:
    """(first, last) sample index of each fade: a run of black samples, or a short dip.

    A fast fade through black often has no black sample at one sample a second, only
    one to three dim ones between brighter ones. No dissolve can do that: a blend is
    never darker than both of the shots it blends.
    """
    runs, i = [], 0
    while i < len(samples):
        j = i
        if samples[i].black:
            while j + 1 < len(samples) and samples[j + 1].black:
                j += 1
            runs.append((i, j))
        elif (dip := _dip_end(samples, i)) is not None:
            j = dip
            runs.append((i, j))
        i = j + 1
    return runs


def _dip_end(samples: list[ShotFeatures], i: int) -> int | None:
    """The last index of a dip starting at ``i``, if samples i.. are one."""
    if i == 0:
        return None
    for j in range(i, min(i + _DIP_SAMPLES, len(samples) - 1)):
        outer = min(samples[i - 1].brightness, samples[j + 1].brightness)
        run = samples[i : j + 1]
        if max(s.brightness for s in run) < min(_DIP_LEVEL, _DIP_RATIO * outer):
            return j
    return None


def _fades(samples: list[ShotFeatures]) -> list[Boundary]:
    """One boundary per fade, in the middle of the estimated dark interval."""
    found = []
    for i, j in dark_runs(samples):
        start = 0.0 if i == 0 else (samples[i - 1].time_seconds + samples[i].time_seconds) / 2
        end = samples[j].time_seconds if j + 1 == len(samples) else (samples[j].time_seconds + samples[j + 1].time_seconds) / 2
        found.append(Boundary(time_seconds=(start + end) / 2, kind="fade", strength=1.0, duration_seconds=end - start))
    return found


def fading(samples: list[ShotFeatures]) -> set[int]:
    """Samples of a fade, and the dimmed samples next to them (part of the same fade)."""
    claimed = {k for i, j in dark_runs(samples) for k in range(i, j + 1)}
    for i in sorted(claimed):
        for near, far in ((i - 1, i - 2), (i + 1, i + 2)):
            if 0 <= near < len(samples) and near not in claimed:
                outer = samples[far].brightness if 0 <= far < len(samples) else 1.0
                if samples[near].brightness < 0.7 * outer:
                    claimed.add(near)
    return claimed


def _dissolves(samples: list[ShotFeatures], threshold: float, claimed: set[int]):
    """(boundary, sample indices it explains) for each run of one or two samples that blend
    the shots on either side (one of them well inside the mix)."""
    for inner in (2, 1):
        for a in range(len(samples) - inner - 1):
            b = a + inner + 1
            window = set(range(a, b + 1))
            if window & claimed or histogram_distance(samples[a].histogram, samples[b].histogram) < threshold:
                continue
            fits = [blend_fit(samples[a].thumb, samples[k].thumb, samples[b].thumb) for k in range(a + 1, b)]
            mixes = [mix for mix, _ in fits]
            if all(0.03 <= m <= 0.97 and r <= _BLEND_RESIDUAL for m, r in fits) \
                    and any(0.15 <= m <= 0.85 for m in mixes) and mixes == sorted(mixes, reverse=True):
                middle = a + 1 + int(np.argmin([abs(m - 0.5) for m in mixes]))
                strength = min(1.0, histogram_distance(samples[a].histogram, samples[b].histogram) / (2 * threshold))
                claimed |= window
                yield Boundary(time_seconds=samples[middle].time_seconds, kind="dissolve", strength=strength,
                               duration_seconds=samples[b].time_seconds - samples[a].time_seconds), window


def _cuts(samples: list[ShotFeatures], threshold: float, claimed: set[int]) -> list[Boundary]:
    found = []
    for i in range(1, len(samples)):
        if i in claimed or i - 1 in claimed:
            continue
        distance = histogram_distance(samples[i - 1].histogram, samples[i].histogram)
        if distance >= threshold:
            before, after = samples[i - 1], samples[i]
            time = change_time(before.time_seconds, after.time_seconds, after.is_keyframe)
            found.append(Boundary(time_seconds=time, kind="cut",
                                  strength=min(1.0, distance)))
    return found


def change_time(before_seconds: float, after_seconds: float, after_is_keyframe: bool) -> float:
    """Best guess of when a change between two samples happened.

    Encoders put keyframes at scene changes, so a keyframe sample is taken as the change
    itself; otherwise the middle of the gap halves the worst error.
    """
    return after_seconds if after_is_keyframe else (before_seconds + after_seconds) / 2


def merge_close(boundaries: list[Boundary], within: float = MERGE_SECONDS) -> list[Boundary]:
    """Keep the strongest of boundaries closer than ``within`` seconds (sorted input)."""
    kept: list[Boundary] = []
    for boundary in boundaries:
        if kept and boundary.time_seconds - kept[-1].time_seconds < within:
            if boundary.strength > kept[-1].strength:
                kept[-1] = boundary
            continue
        kept.append(boundary)
    return kept


def detect_cuts(frames: Iterable[Frame], threshold: float = CUT_THRESHOLD) -> list[Boundary]:
    """Cuts, fades and dissolves among ``frames`` (frames sampled about a second apart)."""
    return detect_transitions([shot_features(f) for f in frames], threshold)
