"""Windows: cutting a long video into overlapping pieces a model can take, and merging back.

Times stay absolute throughout: a window is a range of the whole video, and the chapters
found in it carry whole-video times. Merging keeps, from each window, the chapters that
start in the part of it no neighbour covers better (up to the middle of each overlap), so a
boundary is taken from the window that saw the most context around it; a chapter cut by a
window edge is joined back because its artificial start at the edge is never kept.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field

from vidmark.model import Chapter
from vidmark.refine.text import title_similarity


class Window(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    index: int = Field(ge=0)
    start_seconds: float = Field(ge=0)
    end_seconds: float = Field(gt=0)


def plan_windows(duration_seconds: float, window_seconds: float, overlap_seconds: float) -> list[Window]:
    """Evenly spaced windows of ``window_seconds`` overlapping by at least ``overlap_seconds``."""
    if duration_seconds <= window_seconds or window_seconds <= overlap_seconds:
        return [Window(index=0, start_seconds=0.0, end_seconds=max(duration_seconds, 1e-3))]
    count = math.ceil((duration_seconds - overlap_seconds) / (window_seconds - overlap_seconds))
    stride = (duration_seconds - window_seconds) / (count - 1)
    return [
        Window(index=i, start_seconds=i * stride, end_seconds=min(i * stride + window_seconds, duration_seconds))
        for i in range(count)
    ]


def merge_windows(results: list[tuple[Window, list[Chapter]]], title_threshold: float = 0.6) -> list[Chapter]:
    """One chapter list from per-window lists; neighbours with the same title are joined."""
    ordered = sorted(results, key=lambda item: item[0].start_seconds)
    kept: list[tuple[int, Chapter]] = []
    for i, (window, chapters) in enumerate(ordered):
        low = _midpoint(ordered[i - 1][0], window) if i > 0 else -math.inf
        high = _midpoint(window, ordered[i + 1][0]) if i + 1 < len(ordered) else math.inf
        kept += [(i, c) for c in chapters if low <= c.start_seconds < high]
    kept.sort(key=lambda item: item[1].start_seconds)
    return _join_repeats(kept, [w for w, _ in ordered], title_threshold)


def _midpoint(left: Window, right: Window) -> float:
    return (right.start_seconds + left.end_seconds) / 2


def _join_repeats(chapters: list[tuple[int, Chapter]], windows: list[Window], threshold: float) -> list[Chapter]:
    """Join neighbours from two windows that start in their overlap with the same title:
    one chapter, seen by both windows."""
    joined: list[tuple[int, Chapter]] = []
    for window, chapter in chapters:
        in_overlap = window > 0 and chapter.start_seconds < windows[window - 1].end_seconds
        if joined and joined[-1][0] != window and in_overlap and chapter.title \
                and title_similarity(joined[-1][1].title, chapter.title) >= threshold:
            last = joined[-1][1]
            merged = last.model_copy(update={"end_seconds": max(last.end_seconds, chapter.end_seconds),
                                             "summary": last.summary or chapter.summary})
            joined[-1] = (window, merged)
        else:
            joined.append((window, chapter))
    return [chapter for _, chapter in joined]
