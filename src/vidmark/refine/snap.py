"""Snapping: move chapter boundaries onto nearby shot cuts, slide changes and silences.

Models and text segmentation place boundaries a few seconds off; a cut or a pause close by
is almost always where a person would put it. A boundary already in a pause stays where it
is: moving it to the pause's middle, or to another pause, only loses where its placer put
it (the offline engine places a long pause's boundary shortly before speech resumes).
"""

from __future__ import annotations

from collections.abc import Sequence

from vidmark.model import Boundary, Chapter

#: a start this close to either edge of a silence counts as in it (speech resumes at its end)
PAUSE_EDGE_SECONDS = 0.25


def snap_boundaries(chapters: list[Chapter], anchors: Sequence[Boundary], tolerance_seconds: float) -> list[Chapter]:
    """Move each chapter start but the first to the best anchor within the tolerance.

    ``chapters`` must be contiguous (as :func:`vidmark.refine.normalize` returns them).
    The best anchor is near and strong; order is kept, so no start passes its neighbours. A
    start that is already in a silence stays.
    """
    if tolerance_seconds <= 0 or len(chapters) < 2 or not anchors:
        return chapters
    starts = [c.start_seconds for c in chapters]
    for i in range(1, len(starts)):
        if in_pause(starts[i], anchors):
            continue
        upper = starts[i + 1] if i + 1 < len(starts) else chapters[-1].end_seconds
        best = _best_anchor(starts[i], anchors, tolerance_seconds, starts[i - 1], upper)
        if best is not None:
            starts[i] = best
    ends = [*starts[1:], chapters[-1].end_seconds]
    return [c.model_copy(update={"start_seconds": s, "end_seconds": e}) for c, s, e in zip(chapters, starts, ends)]


def in_pause(time: float, anchors: Sequence[Boundary]) -> bool:
    """Whether a time lies in one of the silences among the anchors, or at its edge."""
    return any(a.kind == "silence" and abs(time - a.time_seconds) <= a.duration_seconds / 2 + PAUSE_EDGE_SECONDS
               for a in anchors)


def _best_anchor(time: float, anchors: Sequence[Boundary], tolerance: float, lower: float, upper: float) -> float | None:
    best: tuple[float, float] | None = None
    for anchor in anchors:
        distance = abs(anchor.time_seconds - time)
        if distance > tolerance or not lower < anchor.time_seconds < upper:
            continue
        cost = distance / tolerance - 0.5 * min(anchor.strength, 1.0)
        if best is None or cost < best[0]:
            best = (cost, anchor.time_seconds)
    return None if best is None else best[1]
