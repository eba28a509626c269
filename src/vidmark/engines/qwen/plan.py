"""The plan of a Qwen3-VL run: per window, the frames it sends, their times, size and cost.

Each window is one request. The plan is what ``--dry-run`` prints: the windows the
pipeline will really run (sized by the frames kept and the token budget) and, for each,
the kept frames' times, their size and the visual tokens they cost, without calling a
model. Visual tokens are exact (budget.py); text tokens are an estimate (the template and
one time marker per frame, without the transcript).
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict

from vidmark.engines.base import Window
from vidmark.engines.qwen.budget import InputMode, Sampling
from vidmark.timecode import format_hms

#: ``<12.5 seconds>`` plus the vision start/end tokens around each picture
MARKER_TOKENS = 8


class WindowPlan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    window: Window
    sampling: Sampling
    text_tokens: int
    #: the times of the frames the request carries (before near-duplicates are dropped
    #: when ``deduplicated`` is false: then a run may send fewer)
    frame_seconds: list[float]
    deduplicated: bool = True

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

    @property
    def visual_tokens_per_minute(self) -> float:
        return self.visual_tokens / max(self.duration_seconds / 60, 1e-9)

    def render(self) -> str:
        """The plan as a table, each window's frame times under it, the totals and the cost
        per video minute."""
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
            kept = "frames at" if w.deduplicated else "frames (near-duplicates dropped when sent) at"
            lines.append(f"        {kept}: {' '.join(f'{t:.1f}' for t in w.frame_seconds)}")
        lines.append(
            f"total: {self.visual_tokens} visual + ~{self.total_tokens - self.visual_tokens} text = "
            f"~{self.total_tokens} tokens ({self.visual_tokens_per_minute:.0f} visual tokens per video minute)"
        )
        return "\n".join(lines)


def estimate_text_tokens(text: str, frames: int) -> int:
    """About 3.5 UTF-8 bytes a token for English and Chinese alike, plus the markers."""
    return math.ceil(len(text.encode("utf-8")) / 3.5) + frames * MARKER_TOKENS
