"""Tasks beyond chapters: find moments, align a script, ask, log events, write minutes.

Each task is a pure module over the video's signals (find, align, events, minutes, ask)
plus, where a model helps, a Qwen3-VL prompt (:mod:`vidmark.tasks.qwen`);
:mod:`vidmark.tasks.run` is what the CLI, the service and the pipeline call.
"""

TASK_NAMES: tuple[str, ...] = ("chapters", "events", "minutes")

__all__ = ["TASK_NAMES"]
