"""Platform rules a chapter list must meet, e.g. YouTube's.

YouTube shows chapters from a description only when the first starts at 0:00, there are at
least three, each is at least 10 s long, and they ascend.
"""

from __future__ import annotations

from vidmark.errors import InputError
from vidmark.model import Chapter
from vidmark.refine.normalize import normalize

YOUTUBE_MIN_CHAPTERS = 3
YOUTUBE_MIN_SECONDS = 10.0


def youtube_problems(chapters: list[Chapter]) -> list[str]:
    """Why YouTube would ignore these chapters; empty when it would show them."""
    problems = []
    if not chapters or chapters[0].start_seconds > 0:
        problems.append("the first chapter must start at 0:00")
    if len(chapters) < YOUTUBE_MIN_CHAPTERS:
        problems.append(f"YouTube needs at least {YOUTUBE_MIN_CHAPTERS} chapters, got {len(chapters)}")
    for i, c in enumerate(chapters, 1):
        if c.duration_seconds < YOUTUBE_MIN_SECONDS:
            problems.append(f"chapter {i} lasts {c.duration_seconds:.1f} s, under {YOUTUBE_MIN_SECONDS:.0f} s")
    if any(b.start_seconds <= a.start_seconds for a, b in zip(chapters, chapters[1:])):
        problems.append("chapter start times must ascend")
    return problems


def youtube_compatible(chapters: list[Chapter], duration_seconds: float) -> list[Chapter]:
    """Chapters YouTube accepts: short ones merged, the longest split until there are three."""
    needed = YOUTUBE_MIN_CHAPTERS * YOUTUBE_MIN_SECONDS
    if duration_seconds < needed:
        raise InputError(f"YouTube chapters need a video of at least {needed:.0f} s; this one lasts {duration_seconds:.1f} s")
    result = normalize(chapters, duration_seconds, YOUTUBE_MIN_SECONDS)
    while len(result) < YOUTUBE_MIN_CHAPTERS:
        if max(c.duration_seconds for c in result) < 2 * YOUTUBE_MIN_SECONDS:
            return _evenly(result, duration_seconds)  # no half would last 10 s
        result = _split_longest(result)
    return result


def _evenly(chapters: list[Chapter], duration_seconds: float) -> list[Chapter]:
    """The minimum number of equal chapters, each titled as the chapter covering its middle."""
    step = duration_seconds / YOUTUBE_MIN_CHAPTERS
    result: list[Chapter] = []
    for k in range(YOUTUBE_MIN_CHAPTERS):
        start, end = k * step, duration_seconds if k == YOUTUBE_MIN_CHAPTERS - 1 else (k + 1) * step
        source = next(c for c in reversed(chapters) if c.start_seconds <= (start + end) / 2)
        title = source.title if all(c.title != source.title for c in result) else f"{source.title} (continued)".strip()
        result.append(source.model_copy(update={"start_seconds": start, "end_seconds": end, "title": title}))
    return result


def _split_longest(chapters: list[Chapter]) -> list[Chapter]:
    i = max(range(len(chapters)), key=lambda k: chapters[k].duration_seconds)
    c = chapters[i]
    middle = c.start_seconds + c.duration_seconds / 2
    first = c.model_copy(update={"end_seconds": middle})
    second = c.model_copy(update={"start_seconds": middle, "title": f"{c.title} (continued)".strip()})
    return [*chapters[:i], first, second, *chapters[i + 1 :]]
