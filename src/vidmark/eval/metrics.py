"""Boundary and segment metrics of chaptering, as their sources define them.

Conventions shared by every function here:

* a *boundary* is a chapter start after the video start; 0 is never a boundary, as in
  chunkseg (``evaluate``: "0.0 is never a valid inter-section boundary"). A video with one
  chapter has no boundaries;
* a *segment* is a ``(start, end)`` pair in seconds. :func:`segments_from_starts` makes
  them the way VidChapters-7M (``preproc/chapters_to_dvc.py``) and Chapter-Llama
  (``OverlapMetrics``) do: each chapter ends where the next begins, the last at the
  duration, and a segment from 0 to the first start is added when the first chapter
  starts later. No chapters at all is one segment spanning the video.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

Segment = tuple[float, float]

#: Chapter-Llama's thresholds: np.arange(0.5, 0.95 + 0.05, 0.05), written exactly.
CHAPTER_LLAMA_TIOUS: tuple[float, ...] = tuple(round(0.5 + 0.05 * i, 2) for i in range(10))


class PRF(NamedTuple):
    precision: float
    recall: float
    f1: float


def f1_score(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


def boundaries_from_starts(starts: Sequence[float]) -> list[float]:
    """Chapter starts that are boundaries: the sorted, distinct starts after 0."""
    return sorted({s for s in starts if s > 0})


def segments_from_starts(starts: Sequence[float], duration: float) -> list[Segment]:
    """(start, end) of each chapter from the start times and the video's duration."""
    points = [0.0, *boundaries_from_starts(starts)]
    return list(zip(points, [*points[1:], duration]))


def collar_prf(gold: Sequence[float], pred: Sequence[float], collar: float) -> PRF:
    """Boundary precision/recall/F1 within +-``collar`` seconds.

    chunkseg 0.4 ``metrics.collar_boundary_f1``: every (gold, pred) pair no farther apart
    than the collar is a candidate; pairs are taken closest first (ties by gold index,
    then pred index), each boundary matched at most once; matches are true positives.
    Both lists empty scores 1, exactly one empty scores 0.
    """
    if not gold and not pred:
        return PRF(1.0, 1.0, 1.0)
    if not gold or not pred:
        return PRF(0.0, 0.0, 0.0)
    pairs = sorted((abs(g - p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if abs(g - p) <= collar)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, i, j in pairs:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
    precision, recall = len(used_pred) / len(pred), len(used_gold) / len(gold)
    return PRF(precision, recall, f1_score(precision, recall))


def tiou(a: Segment, b: Segment) -> float:
    """Temporal IoU as in VidChapters-7M ``dvc_eval/eval_dvc.py`` (``ANETcaptions.iou``),
    the same formula as Chapter-Llama's ``metrics_overlap.iou``, 1e-8 in the denominator."""
    intersection = max(0.0, min(a[1], b[1]) - max(a[0], b[0]))
    union = min(max(a[1], b[1]) - min(a[0], b[0]), a[1] - a[0] + b[1] - b[0])
    return intersection / (union + 1e-8)


def vidchapters_tiou_pr(gold: Sequence[Segment], pred: Sequence[Segment], threshold: float) -> PRF:
    """VidChapters-7M chapter detection at a tIoU threshold (``evaluate_detection``).

    Not one-to-one: a prediction counts when its tIoU with *any* gold segment is strictly
    above the threshold; recall is the share of gold segments some prediction covers so.
    """
    hits = [(i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if tiou(p, g) > threshold]
    return _coverage(hits, len(gold), len(pred))


def vidchapters_distance_pr(gold: Sequence[Segment], pred: Sequence[Segment], seconds: float) -> PRF:
    """VidChapters-7M navigation metric (``evaluate_navigation``): a prediction counts when
    its start is strictly less than ``seconds`` from some gold start; not one-to-one."""
    hits = [(i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if abs(p[0] - g[0]) < seconds]
    return _coverage(hits, len(gold), len(pred))


def _coverage(hits: list[tuple[int, int]], n_gold: int, n_pred: int) -> PRF:
    precision = len({j for _, j in hits}) / max(n_pred, 1)
    recall = len({i for i, _ in hits}) / n_gold if n_gold else 0.0
    return PRF(precision, recall, f1_score(precision, recall))


def chapter_llama_f1(gold: Sequence[Segment], pred: Sequence[Segment]) -> float:
    """Chapter-Llama's F1 (CVPR 2025; ``tools/results/metrics_overlap.py``,
    ``compute_avg_thresholds``): at each tIoU threshold 0.50, 0.55, ..., 0.95 a prediction
    (gold segment) counts when its tIoU with some gold segment (prediction) is at least the
    threshold; the per-threshold F1 of that precision and recall, averaged over thresholds.
    """
    overlaps = [(i, j, tiou(g, p)) for i, g in enumerate(gold) for j, p in enumerate(pred)]
    scores = [_coverage([(i, j) for i, j, v in overlaps if v >= t], len(gold), len(pred)).f1
              for t in CHAPTER_LLAMA_TIOUS]
    return sum(scores) / len(scores)


def greedy_iou_matches(gold: Sequence[Segment], pred: Sequence[Segment]) -> list[tuple[int, int, float]]:
    """One-to-one (gold index, pred index, tIoU) pairs, highest tIoU first, overlapping
    pairs only: Chapter-Llama's ``vid_overlap_optimal_assignment``."""
    overlaps = sorted(((tiou(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)),
                      key=lambda x: -x[0])
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches = []
    for value, i, j in overlaps:
        if value > 0 and i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            matches.append((i, j, value))
    return matches


def chapter_llama_tiou(gold: Sequence[Segment], pred: Sequence[Segment]) -> float:
    """Chapter-Llama's "Avg. tIoU" of one video (``compute_vid_avg_optimal``): the mean
    tIoU of the greedily matched pairs. 0 when no segments overlap (the source's mean of an
    empty list would be NaN)."""
    matches = greedy_iou_matches(gold, pred)
    return sum(v for _, _, v in matches) / len(matches) if matches else 0.0
