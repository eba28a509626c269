"""Windowing: the one place a long video is cut into windows, run and merged back.

The pipeline (chapters) and the model tasks (find, events, minutes) run an engine through
here: one splitter (:func:`plan_windows`), one thread pool with one retry policy
(:func:`run_windows`), one usage sum (:func:`sum_usage`) and one merge of the windows'
chapters (:func:`merge_windows`). An engine annotates exactly the window it is handed.

Windows are as long as two limits allow: a length (the user's ``--window``, else the
engine's own, else none), and for an engine that sends pictures, the number of kept
pictures one call takes (its token budget, :meth:`Engine.frame_budget`). So a slide
lecture whose few kept frames fit goes in one request, and a moving picture in several.

Times stay absolute throughout: a window is a range of the whole video, and the chapters
found in it carry whole-video times. Merging keeps, from each window, the chapters that
start in the part of it no neighbour covers better (up to the middle of each overlap), so a
boundary is taken from the window that saw the most context around it; a chapter cut by a
window edge is joined back because its artificial start at the edge is never kept.
"""

from __future__ import annotations

import bisect
import logging
import math
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from vidmark.engines import Engine, EngineRequest, FrameBudget, Window
from vidmark.errors import ConfigError, EngineError, MediaError, VidmarkError
from vidmark.model import Chapter
from vidmark.refine.text import title_similarity

log = logging.getLogger(__name__)
T = TypeVar("T")


class WindowOptions(BaseModel):
    """How long windows may be, how much they overlap, and how they are run."""

    model_config = ConfigDict(extra="forbid")

    window_seconds: float | None = Field(default=None, gt=0, description="longest window; None = the engine's")
    overlap_seconds: float = Field(default=30.0, ge=0)
    concurrency: int = Field(default=2, ge=1)
    retries: int = Field(default=1, ge=0)


def engine_limits(options: WindowOptions, engine: Engine) -> WindowOptions:
    """The options as this engine can run them: one call at a time where it needs that."""
    return options if engine.concurrent_calls else options.model_copy(update={"concurrency": 1})


def windows_for(engine: Engine, request: EngineRequest, options: WindowOptions) -> list[Window]:
    """The windows this engine is run over for this video."""
    longest = options.window_seconds or engine.max_window_seconds()
    return plan_windows(request.video.duration_seconds, longest, options.overlap_seconds, engine.frame_budget(request))


def plan_windows(duration_seconds: float, window_seconds: float | None, overlap_seconds: float,
                 budget: FrameBudget | None = None) -> list[Window]:
    """Windows covering the video, overlapping by ``overlap_seconds``, each at most
    ``window_seconds`` long (None = any length) and holding at most the budget's pictures
    per call. Without a budget they are evenly spaced and equally long."""
    longest = window_seconds or math.inf
    if budget is None:
        return [Window(index=i, start_seconds=s, end_seconds=e) for i, (s, e) in
                enumerate(_even(duration_seconds, longest, overlap_seconds))]
    return _packed(duration_seconds, longest, overlap_seconds, budget)


def _even(duration: float, longest: float, overlap: float) -> list[tuple[float, float]]:
    if duration <= longest or longest <= overlap:
        return [(0.0, max(duration, 1e-3))]
    count = math.ceil((duration - overlap) / (longest - overlap))
    stride = (duration - longest) / (count - 1)
    return [(i * stride, min(i * stride + longest, duration)) for i in range(count)]


def _packed(duration: float, longest: float, overlap: float, budget: FrameBudget) -> list[Window]:
    """Windows filled with as many kept pictures as one call takes. The next window starts
    ``overlap`` before the last one ends, sharing at most half of its pictures, so each
    window moves on by at least half the previous one."""
    frames, per_call = sorted(budget.frame_seconds), budget.frames_per_call
    windows: list[Window] = []
    start, first = 0.0, 0
    while True:
        last = first
        while last < len(frames) and last - first < per_call and frames[last] < start + longest:
            last += 1
        end = min(start + longest, frames[last] if last < len(frames) else duration, duration)
        end = end if end > start else start + 1e-3
        windows.append(Window(index=len(windows), start_seconds=start, end_seconds=end,
                              frame_seconds=tuple(frames[first:last]) or None))
        if end >= duration:
            return windows
        start = max(end - overlap, start + (end - start) / 2)
        first = max(bisect.bisect_left(frames, start), last - (last - first) // 2)
        if first > 0 and frames[first - 1] >= start:  # start after the pictures it no longer holds
            start = (frames[first - 1] + min(frames[first] if first < len(frames) else end, end)) / 2


def run_windows(windows: Sequence[Window], call: Callable[[Window], T],
                options: WindowOptions) -> tuple[list[tuple[Window, T]], list[str]]:
    """``call(window)`` for every window, ``concurrency`` at a time, each failure tried again
    ``retries`` times: the windows that finished with their results, and one line per
    window that did not. Raises when none finished (a lone window's own error)."""
    with ThreadPoolExecutor(max_workers=options.concurrency) as pool:
        outcomes = list(pool.map(lambda w: _attempts(call, w, options.retries), windows))
    done = [(w, r) for w, r in zip(windows, outcomes) if not isinstance(r, VidmarkError)]
    errors = [(w, r) for w, r in zip(windows, outcomes) if isinstance(r, VidmarkError)]
    failures = [f"window {w.index} ({w.start_seconds:.0f}-{w.end_seconds:.0f} s): {r}" for w, r in errors]
    if not done:
        if len(errors) == 1:
            raise errors[0][1]
        raise EngineError(f"every window failed; {failures[0]}")
    return done, failures


def _attempts(call: Callable[[Window], T], window: Window, retries: int) -> T | VidmarkError:
    """The window's result, or its last error; a bad option or unreadable media is raised at
    once, since no retry of any window can mend it."""
    error: VidmarkError | None = None
    for attempt in range(retries + 1):
        try:
            return call(window)
        except (ConfigError, MediaError):
            raise
        except VidmarkError as exc:
            log.warning("window %d failed (attempt %d of %d): %s", window.index, attempt + 1, retries + 1, exc)
            error = exc
    assert error is not None
    return error


def sum_usage(usages: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The numbers of several usage records added up, key by key."""
    total: dict[str, Any] = {}
    for usage in usages:
        for key, value in usage.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                total[key] = total.get(key, 0) + value
    return total


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
