"""The ground truth of a synthetic video, written as vidmark's own json-full.

Chapters come straight from the timeline. The run's parameters add what the benchmark
reports beside the chapters: every slide change (and whether it is a chapter change),
the chapter changes the picture does not show, and every spoken sentence with its span.
"""

from __future__ import annotations

from pathlib import Path

from vidmark.export import write_annotation
from vidmark.model import Annotation, Chapter, RunInfo, VideoInfo
from vidmark.synth.spec import VideoSpec
from vidmark.synth.timeline import Timeline

ENGINE = "ground-truth"


def ground_truth(spec: VideoSpec, timeline: Timeline, video: VideoInfo) -> Annotation:
    """The annotation a perfect engine would write for this video."""
    end = max(video.duration_seconds, timeline.duration_seconds)
    chapters = [
        Chapter(start_seconds=c.start_seconds, end_seconds=c.end_seconds, title=c.title, summary=c.summary)
        for c in timeline.chapters
    ]
    chapters[-1] = chapters[-1].model_copy(update={"end_seconds": end})
    run = RunInfo(engine=ENGINE, model="vidmark.synth", parameters=_parameters(spec, timeline), notes=[spec.notes] if spec.notes else [])
    return Annotation(video=video, chapters=chapters, run=run, language=spec.language)


def _parameters(spec: VideoSpec, timeline: Timeline) -> dict:
    changes = [
        {
            "time_seconds": s.start_seconds,
            "transition": s.transition,
            "chapter_change": s.slide == 0,
            "visual_change": s.transition != "none",
            "title": s.title,
        }
        for s in timeline.slides[1:]
    ]
    return {
        "name": spec.name,
        "render": spec.render.model_dump(mode="json"),
        "slide_changes": changes,
        "slide_changes_within_chapters": [c["time_seconds"] for c in changes if not c["chapter_change"]],
        "chapter_changes_without_visual_change": [c["time_seconds"] for c in changes if not c["visual_change"]],
        "slides": [s.model_dump(mode="json") for s in timeline.slides],
        "speech": [
            {"start_seconds": s.start_seconds, "end_seconds": s.end_seconds, "text": s.text, "chapter": s.chapter}
            for s in timeline.sentences
        ],
    }


def write_truth(annotation: Annotation, gold: Path, seed: Path | None = None) -> None:
    """Write the json-full truth to ``gold`` and, when asked, the seed-format chapters to ``seed``."""
    write_annotation(annotation, gold, "json-full")
    if seed is not None:
        write_annotation(annotation, seed, "json")
