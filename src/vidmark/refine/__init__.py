"""Refinement: turn whatever an engine returned into a valid chapter list.

Used after every engine: clamp, order and cover the video (normalize), snap boundaries to
cuts and silences (snap), enforce a minimum length and platform rules (rules), and notice
answers that are well-formed but degenerate (degenerate). Every step is a pure function.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from vidmark.model import Boundary, Chapter
from vidmark.refine.degenerate import diagnose
from vidmark.refine.normalize import normalize
from vidmark.refine.rules import youtube_compatible, youtube_problems
from vidmark.refine.snap import snap_boundaries


class RefineOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_chapter_seconds: float = Field(default=0.0, ge=0)
    snap_tolerance_seconds: float = Field(default=3.0, ge=0, description="0 = no snapping")
    youtube: bool = Field(default=False, description="first at 0:00, at least 3 chapters, each >= 10 s")


def refine(chapters: list[Chapter], duration_seconds: float, options: RefineOptions | None = None,
           anchors: Sequence[Boundary] = ()) -> list[Chapter]:
    """Ordered, non-overlapping chapters covering [0, duration], snapped and length-checked."""
    options = options or RefineOptions()
    result = normalize(chapters, duration_seconds)
    result = snap_boundaries(result, anchors, options.snap_tolerance_seconds)
    result = normalize(result, duration_seconds, options.min_chapter_seconds)
    return youtube_compatible(result, duration_seconds) if options.youtube else result


__all__ = [
    "RefineOptions",
    "diagnose",
    "normalize",
    "refine",
    "snap_boundaries",
    "youtube_compatible",
    "youtube_problems",
]
