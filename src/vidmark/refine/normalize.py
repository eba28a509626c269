"""Normalisation: chapters that are ordered, inside the video, and cover it without gaps.

Engines (models especially) return chapters out of order, overlapping, past the end or
with holes between them. :func:`normalize` is the pure function every engine's output
goes through before anything is written.
"""

from __future__ import annotations

from vidmark.model import Chapter


def normalize(chapters: list[Chapter], duration_seconds: float, min_seconds: float = 0.0) -> list[Chapter]:
    """Clamp to [0, duration], sort, drop empty ones, then make each chapter end where the
    next begins: the result covers the whole video with no gap or overlap.

    Chapters shorter than ``min_seconds`` are merged into their predecessor (or, for the
    first, their successor). An empty input yields one chapter spanning the video.
    """
    duration = max(duration_seconds, 0.0)
    clamped = [_clamp(c, duration) for c in chapters]
    kept = sorted((c for c in clamped if c.end_seconds > c.start_seconds), key=lambda c: c.start_seconds)
    if not kept:
        return [Chapter(start_seconds=0.0, end_seconds=duration, title="Full video")]
    starts = _distinct_starts(kept)
    merged = _merge_short(starts, duration, min_seconds)
    return [
        chapter.model_copy(update={"start_seconds": start, "end_seconds": end})
        for chapter, start, end in _spans(merged, duration)
    ]


def _clamp(chapter: Chapter, duration: float) -> Chapter:
    start = min(max(chapter.start_seconds, 0.0), duration)
    end = min(max(chapter.end_seconds, 0.0), duration)
    return chapter.model_copy(update={"start_seconds": start, "end_seconds": max(start, end)})


def _distinct_starts(chapters: list[Chapter]) -> list[Chapter]:
    """One chapter per start time (the first listed wins), the first moved to 0."""
    result: list[Chapter] = []
    for chapter in chapters:
        if result and chapter.start_seconds <= result[-1].start_seconds:
            continue
        result.append(chapter)
    result[0] = result[0].model_copy(update={"start_seconds": 0.0})
    return result


def _merge_short(chapters: list[Chapter], duration: float, min_seconds: float) -> list[Chapter]:
    if min_seconds <= 0:
        return chapters
    result = list(chapters)
    changed = True
    while changed and len(result) > 1:
        changed = False
        for i, (_, start, end) in enumerate(_spans(result, duration)):
            if end - start < min_seconds:
                if i == 0:
                    keep = result[0].model_copy(update={"title": result[0].title or result[1].title})
                    result[0:2] = [keep]
                else:
                    del result[i]
                changed = True
                break
    return result


def _spans(chapters: list[Chapter], duration: float) -> list[tuple[Chapter, float, float]]:
    starts = [c.start_seconds for c in chapters]
    ends = [*starts[1:], duration]
    return list(zip(chapters, starts, ends))
