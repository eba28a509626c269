"""The tasks' library calls: a video path in, typed results out (no terminals, no files but the video)."""

from __future__ import annotations

import os
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vidmark.model import Moment
from vidmark.signals import ProgressCallback
from vidmark.tasks.align import Alignment, AlignOptions, align_lines, speech_words
from vidmark.tasks.find import FindOptions, find, passages
from vidmark.tasks.inputs import load_inputs

OFFLINE = "offline"


class TaskOptions(BaseModel):
    """Which engine answers (offline, or a Qwen3-VL engine with its options) and the language."""

    model_config = ConfigDict(extra="forbid")

    engine: str = OFFLINE
    engine_options: dict[str, Any] = Field(default_factory=dict)
    language: str | None = None
    speech_model: str = "pocketsphinx"


def find_moments(path: str | os.PathLike[str], query: str, options: TaskOptions | None = None,
                 find_options: FindOptions | None = None, progress: ProgressCallback | None = None) -> list[Moment]:
    """The spans of the video where ``query`` happens, best first."""
    options = options or TaskOptions()
    inputs = load_inputs(path, options.language, options.speech_model, progress=progress)
    if options.engine != OFFLINE:
        from vidmark.tasks.qwen import qwen_find

        return qwen_find(inputs, query, options, find_options or FindOptions())
    return find(query, passages(inputs.signals), find_options)


def align_script(path: str | os.PathLike[str], lines: list[str], options: TaskOptions | None = None,
                 align_options: AlignOptions | None = None, progress: ProgressCallback | None = None) -> Alignment:
    """Each script line with when it is spoken (no times for lines never heard)."""
    options = options or TaskOptions()
    inputs = load_inputs(path, options.language, options.speech_model, signals=["speech"], progress=progress)
    return Alignment(video=inputs.video, lines=align_lines(lines, speech_words(inputs.signals), align_options))
