"""The tasks on the Qwen3-VL engines: find, ask, events and minutes as prompts of their own.

Each task has a template (templates/<task>.<en|zh>.txt, with the chaptering template's
placeholders plus ``{query}``) and goes through the engine's own request machinery:
its plan and frame budget, timed frames (``<12.5 seconds>`` markers), the transcript lines,
retries and the request log. The answer is read by the tolerant parser; times outside
the window asked about are dropped, so every time returned is a real time of the video.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from vidmark.engines import EngineRequest, Task, create_engine
from vidmark.engines.qwen.engine import QwenEngine
from vidmark.engines.qwen.plan import WindowPlan
from vidmark.errors import ConfigError, FormatError, TimecodeError
from vidmark.model import Chapter, Event, Minutes, MinutesItem, Moment
from vidmark.refine.parse import parse_chapters, repair_json
from vidmark.tasks.ask import AskAnswer
from vidmark.tasks.find import FindOptions
from vidmark.tasks.inputs import TaskInputs
from vidmark.tasks.run import TaskOptions
from vidmark.timecode import parse_timecode

def template_path(task: str, language: str | None) -> str:
    """The file of a task's built-in template for the video's language."""
    lang = "zh" if (language or "").lower().startswith("zh") else "en"
    return str(resources.files("vidmark.tasks") / "templates" / f"{task}.{lang}.txt")


def ask_windows(inputs: TaskInputs, options: TaskOptions, task: str, query: str = "",
                whole: bool = False) -> list[tuple[WindowPlan, str, float]]:
    """Send the task's prompt for each window (one window for the whole video when ``whole``);
    each window's plan, the answer text and the shift from model time to video time."""
    engine = _engine(options, task, inputs, whole)
    request = EngineRequest(path=inputs.path, video=inputs.video, signals=inputs.signals,
                            task=Task(name=task, language=options.language or inputs.signals.language))
    answers = []
    for wp in engine.plan(inputs.video).windows:
        prompt = engine.window_prompt(request, wp)
        prompt = prompt.model_copy(update={"instruction": prompt.instruction.replace("{query}", query)})
        completion, _ = engine._ask(prompt, inputs.path)  # noqa: SLF001 - the engine's send, fallbacks and log
        answers.append((wp, completion.text, engine._clip_shift(prompt.window, prompt.images[0].timestamp_seconds)))  # noqa: SLF001
    return answers


def _engine(options: TaskOptions, task: str, inputs: TaskInputs, whole: bool) -> QwenEngine:
    settings: dict[str, Any] = {**options.engine_options, "template": template_path(task, options.language or inputs.signals.language),
                                "structured_output": False}
    if whole:
        settings["window_seconds"] = max(inputs.video.duration_seconds, 1.0) + 1.0
    engine = create_engine(options.engine, settings)
    if not isinstance(engine, QwenEngine):
        raise ConfigError(f"engine {options.engine!r} cannot run the {task!r} task (use offline or a Qwen3-VL engine)")
    return engine


def _spans(wp: WindowPlan, text: str, shift: float) -> list[Chapter]:
    """The answer's spans in video time, only those inside the window asked about."""
    try:
        found = parse_chapters(text, wp.window.end_seconds - shift)
    except FormatError:
        return []
    start, end = wp.window.start_seconds, wp.window.end_seconds
    moved = [c.model_copy(update={"start_seconds": c.start_seconds + shift, "end_seconds": c.end_seconds + shift}) for c in found]
    return [c.model_copy(update={"end_seconds": min(c.end_seconds, end)}) for c in moved
            if start - 0.5 <= c.start_seconds <= end]


def qwen_find(inputs: TaskInputs, query: str, options: TaskOptions, find_options: FindOptions) -> list[Moment]:
    """The model's moments for ``query``, in its order; scores fall with rank (the model gives none)."""
    spans = [c for wp, text, shift in ask_windows(inputs, options, "find", query, whole=True) for c in _spans(wp, text, shift)]
    return [Moment(start_seconds=c.start_seconds, end_seconds=c.end_seconds, score=round(1 - k / (len(spans) + 1), 3),
                   text=c.title or c.summary, source="model") for k, c in enumerate(spans[: find_options.limit])]


def qwen_ask(inputs: TaskInputs, question: str, options: TaskOptions) -> AskAnswer:
    """The model's answer and the moments it names (real times of the video only)."""
    [(wp, text, shift)] = ask_windows(inputs, options, "ask", question, whole=True)
    moments = [Moment(start_seconds=c.start_seconds, end_seconds=c.end_seconds, score=1.0, text=c.title, source="model")
               for c in _spans(wp, text, shift)]
    answer = str(_json_object(text).get("answer") or "").strip()
    if not answer:
        raise FormatError(f"the model's answer has no 'answer' field: {text[:120]!r}")
    return AskAnswer(question=question, answer=answer, moments=moments, extractive=False, engine=options.engine)


def qwen_events(inputs: TaskInputs, options: TaskOptions) -> list[Event]:
    """The model's event log over every window."""
    events = [Event(start_seconds=c.start_seconds, end_seconds=c.end_seconds, kind=(c.title or "action").lower(),
                    description=c.summary or c.title)
              for wp, text, shift in ask_windows(inputs, options, "events") for c in _spans(wp, text, shift)]
    return sorted(events, key=lambda e: e.start_seconds)


def qwen_minutes(inputs: TaskInputs, options: TaskOptions) -> Minutes:
    """The model's topics, decisions and action items over every window."""
    minutes = Minutes()
    for wp, text, shift in ask_windows(inputs, options, "minutes"):
        data = _json_object(text)
        minutes.topics += _spans(wp, text, shift)
        minutes.decisions += _items(data.get("decisions"), wp, shift)
        minutes.action_items += _items(data.get("action_items"), wp, shift)
    return minutes


def _json_object(text: str) -> dict[str, Any]:
    start = text.find("{")
    if start < 0:
        return {}
    for candidate in (text[start:], repair_json(text[start:])):
        try:
            value = json.loads(candidate)
            return value if isinstance(value, dict) else {}
        except json.JSONDecodeError:
            continue
    return {}


def _items(rows: Any, wp: WindowPlan, shift: float) -> list[MinutesItem]:
    items = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not str(row.get("text") or "").strip():
            continue
        try:
            time = parse_timecode(str(row.get("time", ""))) + shift
        except TimecodeError:
            continue
        if wp.window.start_seconds - 0.5 <= time <= wp.window.end_seconds:
            items.append(MinutesItem(time_seconds=max(time, 0.0), text=str(row["text"]).strip(), owner=str(row.get("owner") or "")))
    return items
