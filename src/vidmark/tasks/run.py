"""The tasks' library calls: a video path in, typed results out (no terminals, no files but the video)."""

from __future__ import annotations

import os
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vidmark.errors import ConfigError
from vidmark.model import Annotation, Moment
from vidmark.pipeline import AnnotateOptions
from vidmark.signals import ProgressCallback
from vidmark.tasks import TASK_NAMES
from vidmark.tasks.ask import AskAnswer, extractive_answer
from vidmark.tasks.events import events_from_signals
from vidmark.tasks.align import Alignment, AlignOptions, align_lines, speech_words
from vidmark.tasks.find import FindOptions, find, passages
from vidmark.tasks.inputs import load_inputs
from vidmark.tasks.minutes import minutes_from

OFFLINE = "offline"


class TaskOptions(BaseModel):
    """Which engine answers (offline, or a Qwen3-VL engine with its options) and the language."""

    model_config = ConfigDict(extra="forbid")

    engine: str = OFFLINE
    engine_options: dict[str, Any] = Field(default_factory=dict)
    language: str | None = None
    speech_model: str = "auto"


def find_moments(path: str | os.PathLike[str], query: str, options: TaskOptions | None = None,
                 find_options: FindOptions | None = None, progress: ProgressCallback | None = None) -> list[Moment]:
    """The spans of the video where ``query`` happens, best first."""
    options = options or TaskOptions()
    inputs = load_inputs(path, options.language, options.speech_model, progress=progress)
    if options.engine != OFFLINE:
        return _qwen().qwen_find(inputs, query, options, find_options or FindOptions())
    return find(query, passages(inputs.signals), find_options)


def align_script(path: str | os.PathLike[str], lines: list[str], options: TaskOptions | None = None,
                 align_options: AlignOptions | None = None, progress: ProgressCallback | None = None) -> Alignment:
    """Each script line with when it is spoken (no times for lines never heard)."""
    options = options or TaskOptions()
    inputs = load_inputs(path, options.language, options.speech_model, signals=["speech"], progress=progress)
    return Alignment(video=inputs.video, lines=align_lines(lines, speech_words(inputs.signals), align_options))


def ask_video(path: str | os.PathLike[str], question: str, options: TaskOptions | None = None,
              progress: ProgressCallback | None = None) -> AskAnswer:
    """An answer about the video: the model's (Qwen3-VL engines) or quoted from it (offline)."""
    options = options or TaskOptions()
    inputs = load_inputs(path, options.language, options.speech_model, progress=progress)
    if options.engine != OFFLINE:
        return _qwen().qwen_ask(inputs, question, options)
    return extractive_answer(question, passages(inputs.signals))


def annotate_task(path: str | os.PathLike[str], options: AnnotateOptions, progress: ProgressCallback | None = None) -> Annotation:
    """Chapters plus the task's output (events or minutes) for one video."""
    from vidmark.pipeline import annotate  # noqa: PLC0415 - the pipeline calls this module

    if options.task not in TASK_NAMES:
        raise ConfigError(f"unknown task {options.task!r} (available: {', '.join(TASK_NAMES)})")
    base = annotate(path, options.model_copy(update={"task": "chapters"}), progress)
    task = TaskOptions(engine=options.engine, engine_options=options.engine_options, language=options.language,
                       speech_model=str(options.engine_options.get("speech_model", "auto")))
    inputs = load_inputs(path, task.language, task.speech_model, options.engine_options.get("signals"), progress)
    run = base.run.model_copy(update={"task": options.task})
    if options.task == "events":
        events = events_from_signals(inputs.signals) if task.engine == OFFLINE else _qwen().qwen_events(inputs, task)
        return base.model_copy(update={"events": events, "run": run})
    if task.engine == OFFLINE:
        minutes = minutes_from(base.chapters, inputs.signals)
    else:
        minutes = _qwen().qwen_minutes(inputs, task)
    return base.model_copy(update={"minutes": minutes, "run": run})


def _qwen():
    from vidmark.tasks import qwen  # noqa: PLC0415 - needs a Qwen3-VL engine's extra

    return qwen
