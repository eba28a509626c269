"""Degenerate answers: chapter lists that are well-formed but say nothing.

Small Qwen3-VL models sometimes return uniform 5-second segments with one repeated caption
(Qwen3-VL #1737), repeat a title for the rest of the video (VidChapters #13), squeeze every
timestamp into the first minutes, or return one chapter for an hour. These shapes are
detected here so the pipeline can retry or fall back.
"""

from __future__ import annotations

import statistics

from vidmark.model import Chapter
from vidmark.refine.text import title_similarity

_SIMILAR = 0.85


def diagnose(chapters: list[Chapter], duration_seconds: float) -> list[str]:
    """The problems found in a raw engine answer (before normalisation); empty if none."""
    if not chapters:
        return ["no chapters"]
    checks = (_past_end, _squeezed, _single, _uniform, _repeated_titles)
    return [problem for check in checks if (problem := check(chapters, duration_seconds))]


def _past_end(chapters: list[Chapter], duration: float) -> str | None:
    late = [c for c in chapters if c.start_seconds >= duration + 1.0]
    return f"{len(late)} chapters start after the video ends ({duration:.0f} s)" if late else None


def _squeezed(chapters: list[Chapter], duration: float) -> str | None:
    last = max(max(c.start_seconds, c.end_seconds) for c in chapters)
    if duration >= 120 and len(chapters) >= 2 and last < 0.5 * duration:
        return f"all timestamps fall in the first {last:.0f} s of {duration:.0f} s"
    return None


def _single(chapters: list[Chapter], duration: float) -> str | None:
    return f"one chapter for a {duration / 60:.0f}-minute video" if len(chapters) == 1 and duration > 600 else None


def _uniform(chapters: list[Chapter], duration: float) -> str | None:
    lengths = [c.duration_seconds for c in chapters]
    if len(lengths) < 4 or statistics.mean(lengths) <= 0:
        return None
    spread = statistics.pstdev(lengths) / statistics.mean(lengths)
    if spread > 0.05:
        return None
    distinct = _distinct_titles(chapters)
    if distinct <= len(chapters) / 2 or statistics.mean(lengths) <= 10:
        return f"{len(chapters)} equal {statistics.mean(lengths):.0f}-second chapters with {distinct} distinct titles"
    return None


def _repeated_titles(chapters: list[Chapter], duration: float) -> str | None:
    run, best = 1, 1
    for a, b in zip(chapters, chapters[1:]):
        run = run + 1 if title_similarity(a.title, b.title) >= _SIMILAR else 1
        best = max(best, run)
    return f"the same title repeats over {best} consecutive chapters" if best >= 3 else None


def _distinct_titles(chapters: list[Chapter]) -> int:
    kept: list[str] = []
    for c in chapters:
        if all(title_similarity(c.title, k) < _SIMILAR for k in kept):
            kept.append(c.title)
    return len(kept)
