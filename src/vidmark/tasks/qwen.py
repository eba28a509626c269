"""The tasks on the Qwen3-VL engines: find, ask, events and minutes as prompts of their own.

Each task has a template (templates/<task>.<en|zh>.txt, with the chaptering template's
placeholders plus ``{query}``) and goes through the engine's one public call
(:meth:`QwenEngine.answer`) over the pipeline's windows (vidmark.windowing): its frame
budget, timed frames, the transcript lines, retries and the request log. The answer is
read by the tolerant parser; times outside the window asked about are dropped, so every
time returned is a real time of the video.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, cast

from vidmark.engines import EngineRequest, Task, Window, create_engine
from vidmark.engines.qwen.engine import QwenEngine
from vidmark.engines.qwen.parse import repair_json
from vidmark.engines.qwen.request import ModelAnswer
from vidmark.errors import FormatError, TimecodeError
from vidmark.model import Chapter, Event, Minutes, MinutesItem, Moment
from vidmark.tasks.ask import AskAnswer
from vidmark.tasks.find import FindOptions
from vidmark.tasks.inputs import TaskInputs
from vidmark.tasks.options import TaskOptions
from vidmark.timecode import parse_timecode
from vidmark.windowing import WindowOptions, engine_limits, run_windows, windows_for


def template_path(task: str, language: str | None) -> str:
    """The file of a task's built-in template for the video's language."""
    lang = "zh" if (language or "").lower().startswith("zh") else "en"
    return str(resources.files("vidmark.tasks") / "templates" / f"{task}.{lang}.txt")


def ask_windows(inputs: TaskInputs, options: TaskOptions, task: str, query: str = "",
                whole: bool = False) -> list[ModelAnswer]:
    """The model's answer to the task's prompt for each window of the video (one window
    for the whole video when ``whole``), in time order."""
    engine = cast(QwenEngine, create_engine(options.engine, {**options.engine_options, "structured_output": False}))
    language = options.language or inputs.signals.language
    request = EngineRequest(path=inputs.path, video=inputs.video, signals=inputs.signals,
                            task=Task(name=task, language=language, template=template_path(task, language), query=query))
    windowing = engine_limits(WindowOptions(), engine)
    windows = [_whole(engine, request)] if whole else windows_for(engine, request, windowing)
    done, _ = run_windows(windows, lambda w: engine.answer(request.within(w)), windowing)
    return [answer for _, answer in done]


def _whole(engine: QwenEngine, request: EngineRequest) -> Window:
    """The whole video as one window: its kept frames when one request takes them all."""
    budget = engine.frame_budget(request)
    fits = len(budget.frame_seconds) <= budget.frames_per_call
    return request.span.model_copy(update={"frame_seconds": tuple(budget.frame_seconds) if fits else None})


def _spans(answer: ModelAnswer) -> list[Chapter]:
    """The answer's spans in video time, only those inside the window asked about."""
    try:
        found = answer.chapters()
    except FormatError:
        return []
    start, end = answer.window.start_seconds, answer.window.end_seconds
    return [c.model_copy(update={"end_seconds": min(c.end_seconds, end)}) for c in found
            if start - 0.5 <= c.start_seconds <= end]


def qwen_find(inputs: TaskInputs, query: str, options: TaskOptions, find_options: FindOptions) -> list[Moment]:
    """The model's moments for ``query``, in its order; scores fall with rank (the model gives none)."""
    spans = [c for answer in ask_windows(inputs, options, "find", query) for c in _spans(answer)]
    return [Moment(start_seconds=c.start_seconds, end_seconds=c.end_seconds, score=round(1 - k / (len(spans) + 1), 3),
                   text=c.title or c.summary, source="model") for k, c in enumerate(spans[: find_options.limit])]


def qwen_ask(inputs: TaskInputs, question: str, options: TaskOptions) -> AskAnswer:
    """The model's answer and the moments it names (real times of the video only)."""
    [reply] = ask_windows(inputs, options, "ask", question, whole=True)
    moments = [Moment(start_seconds=c.start_seconds, end_seconds=c.end_seconds, score=1.0, text=c.title, source="model")
               for c in _spans(reply)]
    answer = str(_json_object(reply.text).get("answer") or "").strip()
    if not answer:
        raise FormatError(f"the model's answer has no 'answer' field: {reply.text[:120]!r}")
    return AskAnswer(question=question, answer=answer, moments=moments, extractive=False, engine=options.engine)


def qwen_events(inputs: TaskInputs, options: TaskOptions) -> list[Event]:
    """The model's event log over every window."""
    events = [Event(start_seconds=c.start_seconds, end_seconds=c.end_seconds, kind=(c.title or "action").lower(),
                    description=c.summary or c.title)
              for answer in ask_windows(inputs, options, "events") for c in _spans(answer)]
    return sorted(events, key=lambda e: e.start_seconds)


def qwen_minutes(inputs: TaskInputs, options: TaskOptions) -> Minutes:
    """The model's topics, decisions and action items over every window."""
    minutes = Minutes()
    for answer in ask_windows(inputs, options, "minutes"):
        data = _json_object(answer.text)
        minutes.topics += _spans(answer)
        minutes.decisions += _items(data.get("decisions"), answer)
        minutes.action_items += _items(data.get("action_items"), answer)
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


def _items(rows: Any, answer: ModelAnswer) -> list[MinutesItem]:
    items = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not str(row.get("text") or "").strip():
            continue
        try:
            time = parse_timecode(str(row.get("time", ""))) + answer.shift_seconds
        except TimecodeError:
            continue
        if answer.window.start_seconds - 0.5 <= time <= answer.window.end_seconds:
            items.append(MinutesItem(time_seconds=max(time, 0.0), text=str(row["text"]).strip(), owner=str(row.get("owner") or "")))
    return items
