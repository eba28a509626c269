"""The annotation pipeline: probe, run an engine, refine, as one library call.

The CLI, the HTTP service and the batch runner all call :func:`annotate`; nothing about
terminals, HTTP or files lives here beyond reading the video.
"""

from __future__ import annotations

import os
import time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vidmark import __version__
from vidmark.engines import DEFAULT_ENGINE, EngineRequest, ProgressCallback, Task, create_engine
from vidmark.media import probe
from vidmark.model import Annotation, RunInfo
from vidmark.refine import normalize


class AnnotateOptions(BaseModel):
    """Which engine to run, with which options, for which task and language."""

    model_config = ConfigDict(extra="forbid")

    engine: str = DEFAULT_ENGINE
    engine_options: dict[str, Any] = Field(default_factory=dict)
    task: str = "chapters"
    language: str | None = None
    min_chapter_seconds: float = Field(default=0.0, ge=0)


def annotate(
    path: str | os.PathLike[str],
    options: AnnotateOptions | None = None,
    progress: ProgressCallback | None = None,
) -> Annotation:
    """Chapter one video and return chapters that cover it from 0 to its duration."""
    options = options or AnnotateOptions()
    started = time.perf_counter()
    engine = create_engine(options.engine, options.engine_options)
    video = probe(path)
    request = EngineRequest(
        path=str(path),
        video=video,
        task=Task(name=options.task, language=options.language),
        progress=progress,
    )
    result = engine.annotate(request)
    chapters = normalize(result.chapters, video.duration_seconds, options.min_chapter_seconds)
    run = RunInfo(
        engine=options.engine,
        model=result.model,
        task=options.task,
        parameters={"engine_options": engine.options.model_dump(mode="json"), **options.model_dump(exclude={"engine_options"})},
        elapsed_seconds=round(time.perf_counter() - started, 3),
        vidmark_version=__version__,
        notes=result.notes,
    )
    return Annotation(video=video, chapters=chapters, run=run, language=result.language or options.language)
