"""The plan of a Qwen3-VL run: windows, frames per window, frame size and token cost.

A window is a time range of the video, in whole-video seconds; each window is one request.
The plan is computed from the probe alone, so ``--dry-run`` prints it without decoding a
frame or calling a model. Visual tokens are exact (budget.py); text tokens are an estimate
(the template and one time marker per frame, without the transcript).
"""

from __future__ import annotations

import math
import os
from typing import Any

from pydantic import BaseModel, ConfigDict

from vidmark.engines.qwen.budget import InputMode, Sampling
from vidmark.errors import ConfigError
from vidmark.timecode import format_hms

#: ``<12.5 seconds>`` plus the vision start/end tokens around each picture
MARKER_TOKENS = 8


class Window(BaseModel):
    """One request's time range, whole-video seconds."""

    model_config = ConfigDict(extra="forbid")

    index: int
    start_seconds: float
    end_seconds: float

    @property
    def duration_seconds(self) -> float:
        return self.end_seconds - self.start_seconds


class WindowPlan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    window: Window
    sampling: Sampling
    text_tokens: int

    @property
    def total_tokens(self) -> int:
        return self.sampling.visual_tokens + self.text_tokens


class Plan(BaseModel):
    """Every request a run would make."""

    model_config = ConfigDict(extra="forbid")

    engine: str
    model: str
    mode: InputMode
    duration_seconds: float
    width: int
    height: int
    windows: list[WindowPlan]

    @property
    def visual_tokens(self) -> int:
        return sum(w.sampling.visual_tokens for w in self.windows)

    @property
    def total_tokens(self) -> int:
        return sum(w.total_tokens for w in self.windows)

    def render(self) -> str:
        """The plan as a table, with the totals and the cost per video minute."""
        lines = [
            f"plan: {self.engine} ({self.model}), {self.mode} mode, video {format_hms(self.duration_seconds)} "
            f"at {self.width}x{self.height}, {len(self.windows)} request(s)",
            f"{'window':>6}  {'start':>8}  {'end':>8}  {'frames':>6}  {'fps':>5}  {'size':>9}  "
            f"{'visual':>7}  {'text~':>6}  {'total~':>7}",
        ]
        for w in self.windows:
            s = w.sampling
            lines.append(
                f"{w.window.index:>6}  {format_hms(w.window.start_seconds):>8}  {format_hms(w.window.end_seconds):>8}  "
                f"{s.frames:>6}  {s.fps:>5.2f}  {f'{s.width}x{s.height}':>9}  {s.visual_tokens:>7}  "
                f"{w.text_tokens:>6}  {w.total_tokens:>7}"
            )
        minutes = max(self.duration_seconds / 60, 1e-9)
        lines.append(
            f"total: {self.visual_tokens} visual + ~{self.total_tokens - self.visual_tokens} text = "
            f"~{self.total_tokens} tokens ({self.visual_tokens / minutes:.0f} visual tokens per video minute); "
            "frames mode drops near-duplicate frames before sending, so a run may use fewer"
        )
        return "\n".join(lines)


def split_windows(start_seconds: float, end_seconds: float, window_seconds: float) -> list[Window]:
    """Equal consecutive windows of at most ``window_seconds`` covering [start, end)."""
    count = max(1, math.ceil((end_seconds - start_seconds) / window_seconds - 1e-9))
    step = (end_seconds - start_seconds) / count
    return [
        Window(index=i, start_seconds=round(start_seconds + i * step, 3),
               end_seconds=round(end_seconds if i == count - 1 else start_seconds + (i + 1) * step, 3))
        for i in range(count)
    ]


def estimate_text_tokens(text: str, frames: int) -> int:
    """About 3.5 UTF-8 bytes a token for English and Chinese alike, plus the markers."""
    return math.ceil(len(text.encode("utf-8")) / 3.5) + frames * MARKER_TOKENS


def plan_for(path: str | os.PathLike[str], engine: str, options: dict[str, Any],
             window_seconds: float | None = None, overlap_seconds: float = 30.0) -> Plan:
    """The plan a run of a Qwen3-VL engine would follow for this video (``--dry-run``): the
    pipeline's overlapping windows (vidmark.refine.plan_windows), one request each."""
    from vidmark.engines import get_engine_class  # noqa: PLC0415 - the registry imports engines lazily
    from vidmark.engines.qwen.engine import QwenEngine, make_plan  # noqa: PLC0415
    from vidmark.media import probe  # noqa: PLC0415
    from vidmark.refine import plan_windows  # noqa: PLC0415

    engine_class = get_engine_class(engine)
    if not issubclass(engine_class, QwenEngine):
        raise ConfigError(f"--dry-run plans the Qwen3-VL engines (openai, ollama, transformers, webui), not {engine!r}")
    parsed = engine_class.parse_options(options)
    video = probe(path)
    windows = plan_windows(video.duration_seconds, window_seconds or parsed.window_seconds, overlap_seconds)
    return make_plan(engine, parsed, video, [(w.start_seconds, w.end_seconds) for w in windows])
