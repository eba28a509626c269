"""What every task reads: the probed video and its offline signals, through the cache.

The tasks ask for the same signals as the offline engine (same options, so the same
cache entries): a video annotated once is searched, asked about and logged for free.
"""

from __future__ import annotations

import os

from pydantic import BaseModel, ConfigDict, Field

from vidmark.engines.offline import OfflineOptions, signal_options
from vidmark.media import probe
from vidmark.model import Signals, VideoInfo
from vidmark.signals import ProgressCallback, collect_signals


class TaskInputs(BaseModel):
    """A video with its signals."""

    model_config = ConfigDict(extra="forbid")

    path: str
    video: VideoInfo
    signals: Signals = Field(default_factory=Signals)


def load_inputs(path: str | os.PathLike[str], language: str | None = None, speech_model: str = "auto",
                signals: list[str] | str | None = None, progress: ProgressCallback | None = None) -> TaskInputs:
    """Probe the video and measure (or fetch from the cache) its signals."""
    video = probe(path)
    chosen = OfflineOptions(speech_model=speech_model, **({"signals": signals} if signals is not None else {}))
    measured = collect_signals(path, video, signal_options(chosen, language, video), progress)
    return TaskInputs(path=str(path), video=video, signals=measured)
