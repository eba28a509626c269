"""Checks and edits of a job's chapter list, as the timeline editor makes them (pure)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vidmark.errors import InputError
from vidmark.model import Chapter

_EPS = 1e-3


class ChapterPatch(BaseModel):
    """Fields of one chapter to change; a moved start or end moves the neighbour's edge too."""

    model_config = ConfigDict(extra="forbid")

    start_seconds: float | None = Field(default=None, ge=0)
    end_seconds: float | None = Field(default=None, ge=0)
    title: str | None = None
    summary: str | None = None


def check_chapters(chapters: list[Chapter], duration_seconds: float) -> list[Chapter]:
    """The chapters, if they are non-empty, in order, not overlapping and inside the video."""
    if not chapters:
        raise InputError("a job needs at least one chapter")
    previous_end = 0.0
    for i, chapter in enumerate(chapters):
        if chapter.end_seconds - chapter.start_seconds <= _EPS:
            raise InputError(f"chapter {i} is empty ({chapter.start_seconds} s to {chapter.end_seconds} s)")
        if chapter.start_seconds < previous_end - _EPS:
            raise InputError(f"chapter {i} starts at {chapter.start_seconds} s, before the previous one ends at {previous_end} s")
        if chapter.end_seconds > duration_seconds + _EPS:
            raise InputError(f"chapter {i} ends at {chapter.end_seconds} s, after the video ({duration_seconds} s)")
        previous_end = chapter.end_seconds
    return chapters


def patch_chapter(chapters: list[Chapter], index: int, patch: ChapterPatch) -> list[Chapter]:
    """A new list with chapter ``index`` changed; touching neighbours follow a moved edge."""
    if not 0 <= index < len(chapters):
        raise InputError(f"no chapter {index} (the job has {len(chapters)})")
    result = list(chapters)
    old = result[index]
    changes: dict[str, Any] = patch.model_dump(exclude_none=True)
    result[index] = _chapter(old, changes, index)
    if "start_seconds" in changes and index > 0 and abs(result[index - 1].end_seconds - old.start_seconds) <= _EPS:
        result[index - 1] = _chapter(result[index - 1], {"end_seconds": changes["start_seconds"]}, index - 1)
    if "end_seconds" in changes and index + 1 < len(result) and abs(result[index + 1].start_seconds - old.end_seconds) <= _EPS:
        result[index + 1] = _chapter(result[index + 1], {"start_seconds": changes["end_seconds"]}, index + 1)
    return result


def _chapter(chapter: Chapter, changes: dict[str, Any], index: int) -> Chapter:
    try:
        return Chapter.model_validate({**chapter.model_dump(), **changes})
    except ValueError as exc:
        raise InputError(f"chapter {index}: {exc.errors()[0]['msg'] if hasattr(exc, 'errors') else exc}") from None
