"""The annotation pipeline: probe, run an engine (in windows for long videos), refine.

The tasks layer (vidmark.tasks.run, which the CLI, the HTTP service and the batch runner
call) chapters through :func:`annotate`; nothing about terminals, HTTP or files lives here
beyond reading the video. Windows are cut, run and merged by vidmark.windowing. Whatever an engine answers,
the chapters returned are valid: ordered, covering the video, within the length rules.
A degenerate answer is retried once with the engine's variant, then replaced by the
fallback engine's boundaries carrying the model's titles where they fit.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vidmark import __version__
from vidmark.cache import Cache
from vidmark.engines import (
    DEFAULT_ENGINE,
    Engine,
    EngineRequest,
    EngineResult,
    ProgressCallback,
    Task,
    create_engine,
    engine_names,
    engines_that,
)
from vidmark.engines.base import RequestPlan
from vidmark.errors import ConfigError, PartialResultError
from vidmark.media import probe
from vidmark.model import Annotation, Chapter, RunInfo
from vidmark.refine import RefineOptions, diagnose, refine
from vidmark.signals import collect_signals
from vidmark.stage_cache import RawAnswer, StageKeys, cached_annotation, cached_probe, cached_raw
from vidmark.windowing import WindowOptions, engine_limits, merge_windows, run_windows, sum_usage, windows_for

log = logging.getLogger(__name__)
FALLBACK_ENGINE = "offline"


class AnnotateOptions(BaseModel):
    """Which engine to run, with which options, for which task, and how to refine."""

    model_config = ConfigDict(extra="forbid")

    engine: str = DEFAULT_ENGINE
    engine_options: dict[str, Any] = Field(default_factory=dict)
    task: str = "chapters"
    language: str | None = None
    refine: RefineOptions = Field(default_factory=RefineOptions)
    window_seconds: float | None = Field(default=None, gt=0, description="None = the engine's default")
    window_overlap_seconds: float = Field(default=30.0, ge=0)
    window_concurrency: int = Field(default=2, ge=1)
    window_retries: int = Field(default=1, ge=0)
    global_pass: bool = True
    fallback: bool = Field(default=True, description="replace degenerate answers with the fallback engine's boundaries")
    cache: bool = Field(default=True, description="reuse the annotation of identical content and options")
    signals: bool = Field(default=True, description="measure the offline signals the engine asks for")


def annotate(path: str | os.PathLike[str], options: AnnotateOptions | None = None,
             progress: ProgressCallback | None = None) -> Annotation:
    """Chapter one video and return chapters that cover it from 0 to its duration.

    Raises PartialResultError (carrying the annotation of what finished) when some
    windows failed after their retries.
    """
    options = options or AnnotateOptions()
    if options.task != "chapters":
        raise ConfigError(f"the pipeline writes chapters; the {options.task!r} task runs through vidmark.tasks.run.annotate")
    started = time.perf_counter()
    engine = create_engine(options.engine, options.engine_options)
    cache = Cache() if options.cache else None
    video = cached_probe(path, cache)
    keys = StageKeys.of(path, video, options) if cache is not None else None
    if cache is not None and keys is not None and (cached := cached_annotation(cache, keys, video)) is not None:
        return cached
    request = _request(path, video, options, progress)
    raw = cached_raw(cache, keys, lambda: _raw_answer(engine, request, options, progress))
    result, failures = raw.result, raw.failures
    chapters = refine(result.chapters, video.duration_seconds, options.refine, raw.anchors)
    run = RunInfo(
        engine=options.engine, model=result.model, task=options.task,
        parameters={"engine_options": engine.options.model_dump(mode="json"),
                    **options.model_dump(mode="json", exclude={"engine_options"})},
        elapsed_seconds=round(time.perf_counter() - started, 3), vidmark_version=__version__,
        notes=result.notes, usage=result.usage,
    )
    annotation = Annotation(video=video, chapters=chapters, run=run, language=result.language or options.language)
    if failures:
        raise PartialResultError(f"{len(failures)} window(s) failed: {failures[0]}", annotation)
    if cache is not None and keys is not None:
        cache.put(keys.annotation, annotation.model_dump(mode="json"), keys.content)
    return annotation


def _raw_answer(engine: Engine, request: EngineRequest, options: AnnotateOptions,
                progress: ProgressCallback | None) -> RawAnswer:
    """The signals the engine wants, then its checked answer, before refinement."""
    wanted = engine.signal_options(request) if options.signals else None
    if wanted is not None:
        request = request.model_copy(update={"signals": collect_signals(request.path, request.video, wanted, progress)})
    result, failures = _checked(engine, request, options)
    return RawAnswer(result=result, anchors=request.signals.boundaries, failures=failures)


def _checked(engine: Engine, request: EngineRequest, options: AnnotateOptions) -> tuple[EngineResult, list[str]]:
    """Run the engine; on a degenerate answer try its variant, then the fallback engine."""
    result, failures = _windowed(engine, request, options)
    problems = diagnose(result.chapters, request.video.duration_seconds)
    if not problems:
        return result, failures
    notes = [*result.notes, f"degenerate answer: {'; '.join(problems)}"]
    variant = engine.variant()
    if variant is not None:
        retried, failures = _windowed(variant, request, options)
        if not diagnose(retried.chapters, request.video.duration_seconds):
            return _with_notes(retried, [*notes, "retried with the engine's variant: answer accepted"]), failures
    if not options.fallback or options.engine == FALLBACK_ENGINE or FALLBACK_ENGINE not in engine_names():
        return _with_notes(result, notes), failures
    fallback = create_engine(FALLBACK_ENGINE).annotate(request)
    chapters = transfer_titles(result.chapters, fallback.chapters)
    notes.append(f"fell back to the {FALLBACK_ENGINE} engine's boundaries with the model's titles where they fit")
    return result.model_copy(update={"chapters": chapters, "notes": notes}), failures


def _with_notes(result: EngineResult, notes: list[str]) -> EngineResult:
    return result.model_copy(update={"notes": notes})


def window_options(options: AnnotateOptions, engine: Engine) -> WindowOptions:
    """The windowing part of the options (one call at a time for an engine that needs it)."""
    return engine_limits(WindowOptions(window_seconds=options.window_seconds, overlap_seconds=options.window_overlap_seconds,
                                       concurrency=options.window_concurrency, retries=options.window_retries), engine)


def _windowed(engine: Engine, request: EngineRequest, options: AnnotateOptions) -> tuple[EngineResult, list[str]]:
    """Run the engine over the windows of the video, merge what they found, then the global pass."""
    windowing = window_options(options, engine)
    windows = windows_for(engine, request, windowing)
    request.report("model", 0.0)
    done, failures = run_windows(windows, lambda w: engine.annotate(request.within(w)), windowing)
    request.report("model", 1.0)
    results = [r for _, r in done]
    merged = merge_windows([(w, r.chapters) for w, r in done])
    result = results[0].model_copy(update={
        "chapters": merged,
        "notes": [n for r in results for n in r.notes] + failures,
        "usage": {**sum_usage([r.usage for r in results]), "windows": len(windows), "failed_windows": len(failures)},
    })
    consolidated = engine.consolidate(request, merged) if options.global_pass and len(windows) > 1 else None
    if consolidated is not None:
        usage = sum_usage([result.usage, consolidated.usage])
        result = consolidated.model_copy(update={"usage": {**result.usage, **usage}, "notes": result.notes + consolidated.notes})
    return result, failures


def plan(path: str | os.PathLike[str], options: AnnotateOptions | None = None) -> RequestPlan:
    """What a run with these options would send (``--dry-run``): the same windows, from the
    probe and the engine's frame budget, without calling a model."""
    options = options or AnnotateOptions()
    engine = create_engine(options.engine, options.engine_options)
    request = _request(path, probe(path), options, None)
    made = engine.plan(request, windows_for(engine, request, window_options(options, engine))) if engine.takes_prompts else None
    if made is None:
        raise ConfigError(f"--dry-run plans the engines that send a model requests "
                          f"({', '.join(engines_that('takes_prompts'))}), not {options.engine!r}")
    return made


def _request(path: str | os.PathLike[str], video: Any, options: AnnotateOptions,
             progress: ProgressCallback | None) -> EngineRequest:
    return EngineRequest(path=str(path), video=video, progress=progress,
                         task=Task(name=options.task, language=options.language))


def transfer_titles(model: list[Chapter], boundaries: list[Chapter]) -> list[Chapter]:
    """The fallback's chapters, each titled by the model chapter covering most of it (>= half)."""
    result = []
    for chapter in boundaries:
        best = max(model, key=lambda m: _overlap(m, chapter), default=None)
        fits = best is not None and _overlap(best, chapter) >= chapter.duration_seconds / 2
        taken = {c.title for c in result}
        if fits and best.title and best.title not in taken:
            chapter = chapter.model_copy(update={"title": best.title, "summary": best.summary or chapter.summary})
        result.append(chapter)
    return result


def _overlap(a: Chapter, b: Chapter) -> float:
    return max(0.0, min(a.end_seconds, b.end_seconds) - max(a.start_seconds, b.start_seconds))
