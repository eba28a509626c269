"""The tasks' library calls: a video path in, typed results out (no terminals, no files but the video).

:func:`annotate` is what the CLI, the service and the batch runner call: chapters from the
pipeline, plus the task's output (events, minutes). Which way a task is answered follows
the engine's declared capabilities: a model that takes prompts gets the task's own prompt
(vidmark.tasks.qwen); an engine that answers questions without one (offline) answers from
the video's signals.
"""

from __future__ import annotations

import os

from vidmark import pipeline
from vidmark.engines import engines_that, get_engine_class
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
from vidmark.tasks.options import TaskOptions


def find_moments(path: str | os.PathLike[str], query: str, options: TaskOptions | None = None,
                 find_options: FindOptions | None = None, progress: ProgressCallback | None = None) -> list[Moment]:
    """The spans of the video where ``query`` happens, best first."""
    options = options or TaskOptions()
    prompted = _prompted(options.engine, "find")
    inputs = load_inputs(path, options.language, options.speech_model, progress=progress)
    if prompted:
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
    prompted = _prompted(options.engine, "ask")
    inputs = load_inputs(path, options.language, options.speech_model, progress=progress)
    if prompted:
        return _qwen().qwen_ask(inputs, question, options)
    return extractive_answer(question, passages(inputs.signals))


def annotate(path: str | os.PathLike[str], options: AnnotateOptions | None = None,
             progress: ProgressCallback | None = None) -> Annotation:
    """Chapter one video, plus the task's output when the task is events or minutes."""
    options = options or AnnotateOptions()
    if options.task == "chapters":
        return pipeline.annotate(path, options, progress)
    return annotate_task(path, options, progress)


def annotate_task(path: str | os.PathLike[str], options: AnnotateOptions, progress: ProgressCallback | None = None) -> Annotation:
    """Chapters plus the task's output (events or minutes) for one video."""
    if options.task not in TASK_NAMES:
        raise ConfigError(f"unknown task {options.task!r} (available: {', '.join(TASK_NAMES)})")
    base = pipeline.annotate(path, options.model_copy(update={"task": "chapters"}), progress)
    task = TaskOptions(engine=options.engine, engine_options=options.engine_options, language=options.language,
                       speech_model=str(options.engine_options.get("speech_model", "auto")))
    prompted = get_engine_class(task.engine).takes_prompts
    inputs = load_inputs(path, task.language, task.speech_model, options.engine_options.get("signals"), progress)
    run = base.run.model_copy(update={"task": options.task})
    if options.task == "events":
        events = _qwen().qwen_events(inputs, task) if prompted else events_from_signals(inputs.signals)
        return base.model_copy(update={"events": events, "run": run})
    minutes = _qwen().qwen_minutes(inputs, task) if prompted else minutes_from(base.chapters, inputs.signals)
    return base.model_copy(update={"minutes": minutes, "run": run})


def _prompted(engine: str, task: str) -> bool:
    """Whether the engine answers ``task`` with a prompt of its own (else from the signals)."""
    engine_class = get_engine_class(engine)
    if not engine_class.answers_questions:
        raise ConfigError(f"engine {engine!r} cannot run the {task!r} task "
                          f"(engines that can: {', '.join(engines_that('answers_questions'))})")
    return engine_class.takes_prompts


def _qwen():
    from vidmark.tasks import qwen  # noqa: PLC0415 - needs a Qwen3-VL engine's extra

    return qwen
