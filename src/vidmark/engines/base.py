"""The engine interface: a video range plus its signals and a task in, chapters out.

Every backend (offline, Qwen3-VL over HTTP, local transformers, ...) is one module with
one :class:`Engine` subclass. Its options are a pydantic model that forbids unknown
keys, so a typo in an option is an error that names the allowed ones. An engine
annotates exactly the :class:`Window` it is handed; cutting a long video into windows
is the pipeline's (vidmark.windowing). What an engine can do is declared on its class
(:attr:`Engine.answers_questions`, :attr:`Engine.takes_prompts`, :attr:`Engine.input_modes`).
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vidmark.errors import ConfigError
from vidmark.model import Chapter, Signals, VideoInfo
from vidmark.signals.options import SIGNAL_NAMES, SignalOptions


class EngineOptions(BaseModel):
    """Options common to every engine; backends subclass this with their own fields."""

    model_config = ConfigDict(extra="forbid")


O = TypeVar("O", bound=EngineOptions)


class Task(BaseModel):
    """What to annotate, and in which language; a model engine's prompt for it."""

    model_config = ConfigDict(extra="forbid")

    name: str = "chapters"
    language: str | None = Field(default=None, description="ISO 639-1 code; None = detect")
    template: str | None = Field(default=None, description="prompt template file (None = the engine's chapters prompt)")
    query: str = Field(default="", description="fills the template's {query}")


class Window(BaseModel):
    """The range of the video one engine call annotates, in whole-video seconds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    index: int = Field(default=0, ge=0)
    start_seconds: float = Field(ge=0)
    end_seconds: float = Field(gt=0)
    #: the times of the pictures planned for this window (None = the engine samples its own)
    frame_seconds: tuple[float, ...] | None = None

    @property
    def duration_seconds(self) -> float:
        return self.end_seconds - self.start_seconds


class FrameBudget(BaseModel):
    """What a model engine would send for a video: the pictures it keeps and how many one call takes."""

    model_config = ConfigDict(extra="forbid")

    frame_seconds: list[float] = Field(description="kept pictures' times, sorted, whole-video seconds")
    frames_per_call: int = Field(ge=1)


ProgressCallback = Callable[[str, float], None]


class RequestPlan(Protocol):
    """What a model engine would send over some windows, as --dry-run prints it."""

    def render(self) -> str: ...


class EngineRequest(BaseModel):
    """Everything an engine is handed for one video."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    path: str
    video: VideoInfo
    signals: Signals = Field(default_factory=Signals)
    task: Task = Field(default_factory=Task)
    #: the part of the video to annotate (a window of a long video); None = all of it
    window: Window | None = None
    progress: ProgressCallback | None = Field(default=None, exclude=True)

    @property
    def span(self) -> Window:
        """The window to annotate: the one given, else the whole video."""
        return self.window or Window(start_seconds=0.0, end_seconds=max(self.video.duration_seconds, 1e-3))

    @property
    def start_seconds(self) -> float:
        return self.span.start_seconds

    @property
    def window_end_seconds(self) -> float:
        return self.span.end_seconds

    def within(self, window: Window) -> EngineRequest:
        """The same request for one window of the video."""
        return self.model_copy(update={"window": window})

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


class Engine(abc.ABC, Generic[O]):
    """Base class of every backend, generic over its options model."""

    name: ClassVar[str]
    description: ClassVar[str] = ""
    Options: ClassVar[type[EngineOptions]] = EngineOptions
    #: which signals (see vidmark.signals) this engine wants computed before it runs
    wants_signals: ClassVar[frozenset[str]] = frozenset()
    #: window length for long videos (None = the engine takes any length in one go)
    default_window_seconds: ClassVar[float | None] = None
    #: capability: questions about a video (find, ask) can be answered with this engine
    answers_questions: ClassVar[bool] = False
    #: capability: a model that reads a prompt: the tasks send their own (find, ask, events,
    #: minutes), --dry-run prints its requests and logged requests can be replayed
    takes_prompts: ClassVar[bool] = False
    #: capability: how pictures can be sent ("frames": timed images, "video": one clip)
    input_modes: ClassVar[tuple[str, ...]] = ()
    #: capability: several windows may be annotated at once (False = one call at a time)
    concurrent_calls: ClassVar[bool] = True

    def __init__(self, options: O | dict[str, Any] | None = None) -> None:
        self.options: O = self.parse_options(options)

    @classmethod
    def parse_options(cls, options: EngineOptions | dict[str, Any] | None) -> O:
        if isinstance(options, cls.Options):
            return cast(O, options)
        try:
            return cast(O, cls.Options(**(options or {})))
        except ValidationError as exc:
            allowed = ", ".join(cls.Options.model_fields) or "none"
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"bad option for engine {cls.name!r}: {problems} (allowed: {allowed})") from None

    @abc.abstractmethod
    def annotate(self, request: EngineRequest) -> EngineResult:
        """Chapter exactly the request's window of the video (all of it unless a window is set)."""

    def max_window_seconds(self) -> float | None:
        """The longest window this engine takes (None = any length)."""
        return self.default_window_seconds

    def frame_budget(self, request: EngineRequest) -> FrameBudget | None:
        """The pictures this engine would send over the video and how many fit one call, for
        the pipeline to size windows by (None = windows by length alone)."""
        return None

    def plan(self, request: EngineRequest, windows: Sequence[Window]) -> RequestPlan | None:
        """The requests a run over these windows would make (engines that take prompts)."""
        return None

    def signal_options(self, request: EngineRequest) -> SignalOptions | None:
        """The offline signals the pipeline measures before this engine runs (None = none)."""
        if not self.wants_signals:
            return None
        languages = [request.task.language] if request.task.language else []
        return SignalOptions(**{name: name in self.wants_signals for name in SIGNAL_NAMES}, languages=languages)

    def consolidate(self, request: EngineRequest, chapters: list[Chapter]) -> EngineResult | None:
        """A global pass over the merged chapters of all windows; None = keep them as they are."""
        return None

    def variant(self) -> Engine[O] | None:
        """Another way to ask (other sampling or prompt), tried once after a degenerate answer."""
        return None
