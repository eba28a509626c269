"""The annotation pipeline: probe, run an engine (in windows for long videos), refine.

The CLI, the HTTP service and the batch runner all call :func:`annotate`; nothing about
terminals, HTTP or files lives here beyond reading the video. Whatever an engine answers,
the chapters returned are valid: ordered, covering the video, within the length rules.
A degenerate answer is retried once with the engine's variant, then replaced by the
fallback engine's boundaries carrying the model's titles where they fit.
"""

from __future__ import annotations

import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vidmark import __version__
from vidmark.cache import Cache
from vidmark.engines import DEFAULT_ENGINE, Engine, EngineRequest, EngineResult, ProgressCallback, Task, create_engine, engine_names
from vidmark.errors import EngineError, PartialResultError, VidmarkError
from vidmark.model import Annotation, Chapter, RunInfo
from vidmark.signals import collect_signals
from vidmark.refine import RefineOptions, Window, diagnose, merge_windows, plan_windows, refine
from vidmark.stage_cache import RawAnswer, StageKeys, cached_annotation, cached_probe, cached_raw

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
        from vidmark.tasks.run import annotate_task  # noqa: PLC0415 - tasks build on this function

        return annotate_task(path, options, progress)
    started = time.perf_counter()
    engine = create_engine(options.engine, options.engine_options)
    cache = Cache() if options.cache else None
    video = cached_probe(path, cache)
    keys = StageKeys.of(path, video, options) if cache is not None else None
    if cache is not None and keys is not None and (cached := cached_annotation(cache, keys, video)) is not None:
        return cached
    request = EngineRequest(path=str(path), video=video, progress=progress,
                            task=Task(name=options.task, language=options.language))
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


def _windowed(engine: Engine, request: EngineRequest, options: AnnotateOptions) -> tuple[EngineResult, list[str]]:
    """Run the engine over overlapping windows of a long video and merge what they found."""
    size = options.window_seconds or engine.default_window_seconds
    windows = plan_windows(request.video.duration_seconds, size or float("inf"), options.window_overlap_seconds)
    if len(windows) == 1:
        return engine.annotate(request), []
    with ThreadPoolExecutor(max_workers=options.window_concurrency) as pool:
        outcomes = list(pool.map(lambda w: _one_window(engine, request, w, options.window_retries), windows))
    done = [(w, r) for w, r in zip(windows, outcomes) if isinstance(r, EngineResult)]
    failures = [f"window {w.index} ({w.start_seconds:.0f}-{w.end_seconds:.0f} s): {r}"
                for w, r in zip(windows, outcomes) if not isinstance(r, EngineResult)]
    if not done:
        raise EngineError(f"every window failed; {failures[0]}")
    merged = merge_windows([(w, r.chapters) for w, r in done])
    first = done[0][1]
    result = first.model_copy(update={
        "chapters": merged,
        "notes": [n for _, r in done for n in r.notes] + failures,
        "usage": {**_sum_usage([r.usage for _, r in done]), "windows": len(windows), "failed_windows": len(failures)},
    })
    consolidated = engine.consolidate(request, merged) if options.global_pass else None
    if consolidated is not None:
        usage = _sum_usage([result.usage, consolidated.usage])
        result = consolidated.model_copy(update={"usage": {**result.usage, **usage}, "notes": result.notes + consolidated.notes})
    return result, failures


def _one_window(engine: Engine, request: EngineRequest, window: Window, retries: int) -> EngineResult | VidmarkError:
    part = request.model_copy(update={"start_seconds": window.start_seconds, "end_seconds": window.end_seconds})
    for attempt in range(retries + 1):
        try:
            return engine.annotate(part)
        except VidmarkError as exc:
            log.warning("window %d failed (attempt %d of %d): %s", window.index, attempt + 1, retries + 1, exc)
            error = exc
    return error


def _sum_usage(usages: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {}
    for usage in usages:
        for key, value in usage.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                total[key] = total.get(key, 0) + value
    return total


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
