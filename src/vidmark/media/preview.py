"""The picture that stands for a chapter: a frame from inside it, after its transition settled.

The frame at a chapter's start is the worst choice: a boundary sits on a cut or in a fade,
so that frame shows the previous chapter, black, or a mix of both. The preview is taken at
``start + min(max(2 s, 10 % of the chapter), half the chapter)``; where the picture is
still changing there (a slow fade, a dissolve), the next candidates a second apart are
tried, and the first whose frame matches the frame half a second later is used.
"""

from __future__ import annotations

import os

import numpy as np

from vidmark.media.frames import SamplingOptions, sample_frames
from vidmark.model import Chapter, Frame

MIN_OFFSET_SECONDS = 2.0
SHARE = 0.10
PAIR_SECONDS = 0.5
CANDIDATES = 3
SETTLED = 3.0 / 255  # mean absolute difference of two frames of a still picture


def preview_seconds(chapter: Chapter) -> float:
    """Where the preview of ``chapter`` is taken when the picture has settled there."""
    length = chapter.duration_seconds
    return chapter.start_seconds + min(max(MIN_OFFSET_SECONDS, SHARE * length), length / 2)


def candidate_seconds(chapter: Chapter) -> list[float]:
    """The preview time and the later ones tried when the picture still moves, inside the chapter."""
    first, last = preview_seconds(chapter), chapter.end_seconds - PAIR_SECONDS
    later = [first + i for i in range(1, CANDIDATES) if first + i <= last]
    return [first, *later]


def chapter_previews(path: str | os.PathLike[str], chapters: list[Chapter], max_side: int) -> list[Frame | None]:
    """One frame per chapter from inside it (None where the video gave no frame)."""
    plans = [candidate_seconds(c) for c in chapters]
    wanted = sorted({t for times in plans for c in times for t in (c, c + PAIR_SECONDS)})
    options = SamplingOptions(mode="exact", timestamps_seconds=wanted, max_side=max_side, every_seconds=None)
    frames = {round(f.requested_seconds if f.requested_seconds is not None else f.timestamp_seconds, 6): f
              for f in sample_frames(path, options)}
    return [_settled(times, frames) for times in plans]


def _settled(times: list[float], frames: dict[float, Frame]) -> Frame | None:
    found = [(frames.get(round(t, 6)), frames.get(round(t + PAIR_SECONDS, 6))) for t in times]
    for frame, later in found:
        if frame is not None and later is not None and _difference(frame, later) <= SETTLED:
            return frame
    return next((frame for frame, _ in found if frame is not None), None)


def _difference(a: Frame, b: Frame) -> float:
    if a.image.shape != b.image.shape:
        return 1.0
    return float(np.mean(np.abs(a.image.astype(np.int16) - b.image.astype(np.int16)))) / 255
