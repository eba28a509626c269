"""The ``scenes`` engine: a baseline that chapters by visual scene cuts alone.

It understands nothing of the content: it finds shot cuts, merges shots into chapters of
a minimum length and names them by their position. It is the simplest real engine (what
scene-cut chaptering tools do) and a baseline for the others.
"""

from __future__ import annotations

from pydantic import Field

from vidmark.engines.base import Engine, EngineOptions, EngineRequest, EngineResult
from vidmark.media import SamplingOptions, sample_frames
from vidmark.media.probe import require_pictures
from vidmark.model import Chapter
from vidmark.signals.shots import detect_cuts
from vidmark.timecode import format_youtube


class ScenesOptions(EngineOptions):
    every_seconds: float = Field(default=1.0, gt=0, description="sampling step")
    threshold: float = Field(default=0.35, gt=0, le=1, description="histogram distance of a cut")
    min_chapter_seconds: float = Field(default=10.0, ge=0)


class ScenesEngine(Engine):
    name = "scenes"
    description = "baseline: chapters at visual scene cuts, titled by position (no content understanding)"
    Options = ScenesOptions

    def annotate(self, request: EngineRequest) -> EngineResult:
        options: ScenesOptions = self.options  # type: ignore[assignment]
        require_pictures(request.video, self.name)
        sampling = SamplingOptions(mode="auto", every_seconds=options.every_seconds, max_side=160)
        request.report("shots", 0.0)
        cuts = detect_cuts(sample_frames(request.path, sampling), options.threshold)
        request.report("shots", 1.0)
        duration = request.video.duration_seconds
        starts = [0.0]
        for cut in cuts:
            if cut.time_seconds - starts[-1] >= options.min_chapter_seconds:
                starts.append(cut.time_seconds)
        if len(starts) > 1 and duration - starts[-1] < options.min_chapter_seconds:
            starts.pop()
        ends = [*starts[1:], duration]
        chapters = [
            Chapter(
                start_seconds=start,
                end_seconds=end,
                title=f"Scene {i} ({format_youtube(start)})",
                summary=f"Scene {i}: the picture from {format_youtube(start)} to {format_youtube(end)}.",
            )
            for i, (start, end) in enumerate(zip(starts, ends), 1)
        ]
        return EngineResult(chapters=chapters, notes=[f"{len(cuts)} scene cuts found"])
