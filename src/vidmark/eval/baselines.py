"""Baselines every engine is compared with in the quality benchmark.

* :func:`uniform_chapters`: N equal chapters, N the true count. An oracle-favoured
  baseline: it knows how many chapters there are, nothing about where.
* :func:`scene_cut_chapters`: PySceneDetect's AdaptiveDetector cuts taken as chapters,
  what scene-cut chaptering tools do. Needs the ``scenedetect`` package (a test extra).
"""

from __future__ import annotations

import os

from vidmark.errors import ConfigError, InputError
from vidmark.model import Chapter, ChapterList
from vidmark.timecode import format_youtube


def uniform_chapters(duration_seconds: float, count: int) -> ChapterList:
    """``count`` chapters of equal length covering ``[0, duration]``."""
    if count < 1 or duration_seconds <= 0:
        raise InputError(f"uniform chapters need a count >= 1 and a positive duration, got {count}, {duration_seconds}")
    edges = [duration_seconds * i / count for i in range(count + 1)]
    return _chapters(edges, "Part", duration_seconds)


def scene_cut_chapters(path: str | os.PathLike[str], duration_seconds: float) -> ChapterList:
    """A chapter per scene PySceneDetect's AdaptiveDetector finds (default settings)."""
    try:
        from scenedetect import AdaptiveDetector, detect
    except ImportError:
        raise ConfigError("the scene-cut baseline needs scenedetect: pip install 'vidmark[test]'") from None
    scenes = detect(os.fspath(path), AdaptiveDetector(), show_progress=False)
    cuts = sorted({round(start.seconds, 3) for start, _ in scenes if 0 < start.seconds < duration_seconds})
    return _chapters([0.0, *cuts, duration_seconds], "Scene", duration_seconds)


def _chapters(edges: list[float], word: str, duration_seconds: float) -> ChapterList:
    chapters = [Chapter(start_seconds=a, end_seconds=b, title=f"{word} {i} ({format_youtube(a)})")
                for i, (a, b) in enumerate(zip(edges, edges[1:]), 1)]
    return ChapterList(chapters=chapters, duration_seconds=duration_seconds)
