"""The engine interface: a video plus its signals and a task in, chapters out.

Every backend (offline, Qwen3-VL over HTTP, local transformers, ...) is one module with
one :class:`Engine` subclass. Its options are a pydantic model that forbids unknown
keys, so a typo in an option is an error that names the allowed ones.
"""

from __future__ import annotations

import abc
from collections.abc import Callable
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vidmark.errors import ConfigError
from vidmark.model import Chapter, Signals, VideoInfo
from vidmark.signals.options import SIGNAL_NAMES, SignalOptions


class EngineOptions(BaseModel):
    """Options common to every engine; backends subclass this with their own fields."""

    model_config = ConfigDict(extra="forbid")


class Task(BaseModel):
    """What to annotate, and in which language."""

    model_config = ConfigDict(extra="forbid")

    name: str = "chapters"
    language: str | None = Field(default=None, description="ISO 639-1 code; None = detect")


ProgressCallback = Callable[[str, float], None]


class EngineRequest(BaseModel):
    """Everything an engine is handed for one video."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    path: str
    video: VideoInfo
    signals: Signals = Field(default_factory=Signals)
    task: Task = Field(default_factory=Task)
    #: the part of the video to annotate (a window of a long video); times stay absolute
    start_seconds: float = Field(default=0.0, ge=0)
    end_seconds: float | None = Field(default=None, description="None = the end of the video")
    progress: ProgressCallback | None = Field(default=None, exclude=True)

    @property
    def window_end_seconds(self) -> float:
        return self.video.duration_seconds if self.end_seconds is None else self.end_seconds

    def report(self, stage: str, fraction: float) -> None:
        if self.progress:
            self.progress(stage, fraction)


class EngineResult(BaseModel):
    """An engine's answer: chapters (any order, any gaps: refinement tidies them)."""

    model_config = ConfigDict(extra="forbid")

    chapters: list[Chapter]
    model: str | None = None
    language: str | None = None
    notes: list[str] = Field(default_factory=list)
    usage: dict[str, Any] = Field(default_factory=dict)


class Engine(abc.ABC):
    """Base class of every backend."""

    name: ClassVar[str]
    description: ClassVar[str] = ""
    Options: ClassVar[type[EngineOptions]] = EngineOptions
    #: which signals (see vidmark.signals) this engine wants computed before it runs
    wants_signals: ClassVar[frozenset[str]] = frozenset()
    #: window length for long videos (None = the engine takes any length in one go)
    default_window_seconds: ClassVar[float | None] = None

    def __init__(self, options: EngineOptions | dict[str, Any] | None = None) -> None:
        self.options = self.parse_options(options)

    @classmethod
    def parse_options(cls, options: EngineOptions | dict[str, Any] | None) -> EngineOptions:
        if isinstance(options, cls.Options):
            return options
        try:
            return cls.Options(**(options or {}))
        except ValidationError as exc:
            allowed = ", ".join(cls.Options.model_fields) or "none"
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"bad option for engine {cls.name!r}: {problems} (allowed: {allowed})") from None

    @abc.abstractmethod
    def annotate(self, request: EngineRequest) -> EngineResult:
        """Chapter the request's window of the video (all of it unless a window is set)."""

    def signal_options(self, request: EngineRequest) -> SignalOptions | None:
        """The offline signals the pipeline measures before this engine runs (None = none)."""
        if not self.wants_signals:
            return None
        languages = [request.task.language] if request.task.language else []
        return SignalOptions(**{name: name in self.wants_signals for name in SIGNAL_NAMES}, languages=languages)

    def consolidate(self, request: EngineRequest, chapters: list[Chapter]) -> EngineResult | None:
        """A global pass over the merged chapters of all windows; None = keep them as they are."""
        return None

    def variant(self) -> Engine | None:
        """Another way to ask (other sampling or prompt), tried once after a degenerate answer."""
        return None
