"""The Qwen3-VL engine: one request per window, its timed frames in, the answer out.

Backends (OpenAI-compatible servers, Ollama, local transformers, a Gradio WebUI) subclass
:class:`QwenEngine` and implement two methods: :meth:`build_body` (a prompt in the
backend's wire format, JSON-able so it can be logged and replayed) and :meth:`send` (the
call itself, with failures sorted as in transport.py). Frames, prompts, the fallbacks and
the request log are shared here. The engine annotates exactly the window it is handed;
:meth:`QwenEngine.frame_budget` tells the pipeline's windowing which frames it keeps and
how many fit one request, and :meth:`QwenEngine.answer` is the one call that chapters and
every task (find, ask, events, minutes) go through.
"""

from __future__ import annotations

import abc
import logging
import math
import time
from collections.abc import Sequence
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from vidmark.engines.base import Engine, EngineOptions, EngineRequest, EngineResult, FrameBudget, Window
from vidmark.engines.qwen.answers import cached_answer, holds_chapters
from vidmark.engines.qwen.budget import BudgetOptions, InputMode, Sampling, choose_sampling, frame_size, frames_per_call, sampling_of
from vidmark.engines.qwen.frames import drop_near_duplicates, grid_times, kept_frame_times, to_timed_image, window_frames
from vidmark.engines.qwen.parse import parse_chapters
from vidmark.engines.qwen.plan import Plan, WindowPlan, estimate_text_tokens
from vidmark.engines.qwen.pool import pooled_send
from vidmark.engines.qwen.prompt import load_template, prompt_values, render, span_text, transcript_lines
from vidmark.engines.qwen.request import ModelAnswer, QwenPrompt
from vidmark.engines.qwen.transport import ContextTooLongError, StructuredOutputRefused, with_retries
from vidmark.errors import EngineError, FormatError
from vidmark.logs import RequestLog
from vidmark.media.probe import require_pictures
from vidmark.model import Chapter
from vidmark.signals.options import SignalOptions

log = logging.getLogger(__name__)


class QwenOptions(EngineOptions, BudgetOptions):
    """Options shared by every Qwen3-VL backend."""

    model: str = "Qwen/Qwen3-VL-8B-Instruct"
    template: str | None = Field(default=None, description="'chapters' (built in) or a template file")
    use_signals: bool = Field(default=True, description="put subtitles/speech/OCR lines in the prompt")
    input_mode: InputMode = "frames"
    window_seconds: float | None = Field(default=None, gt=0, description="longest window; None = as long as the token budget allows")
    dedupe_threshold: float = Field(default=0.001, ge=0, le=1, description="share of a frame's thumbnail pixels "
                                    "that must change for it to be kept; 0 keeps every frame")
    max_static_seconds: float = Field(default=60.0, gt=0, description="keep a frame this often even if static")
    structured_output: bool = Field(default=True, description="ask for the JSON schema when the server takes it")
    max_tokens: int = Field(default=2048, ge=16, description="answer tokens at most")
    temperature: float | None = Field(default=0.1, ge=0)
    timeout_seconds: float = Field(default=600.0, gt=0)
    retries: int = Field(default=3, ge=0)
    backoff_seconds: float = Field(default=2.0, ge=0)
    log_requests: bool = True
    log_path: str | None = Field(default=None, description="SQLite request log (default: VIDMARK_LOG_DB or user data)")


Q = TypeVar("Q", bound=QwenOptions)


class Completion(BaseModel):
    """A backend's answer: the text, and token counts where the server reports them."""

    model_config = ConfigDict(extra="forbid")

    text: str
    usage: dict[str, int] = Field(default_factory=dict)


class QwenEngine(Engine[Q]):
    """Base of the Qwen3-VL backends."""

    Options = QwenOptions
    #: texts for the prompt; shots and slide changes for snapping the answer's boundaries
    wants_signals: ClassVar[frozenset[str]] = frozenset({"subtitles", "speech", "ocr", "shots", "slides"})
    answers_questions = True
    takes_prompts = True
    input_modes: ClassVar[tuple[str, ...]] = ("frames",)
    #: whether the backend stamps video frames with their whole-video times (else from 0)
    video_times_absolute: ClassVar[bool] = False
    #: whether the backend can send a request without pictures (the global pass)
    text_only: ClassVar[bool] = False

    def __init__(self, options: Q | dict[str, Any] | None = None) -> None:
        super().__init__(options)
        if self.options.input_mode not in self.input_modes:
            raise EngineError(f"engine {self.name!r} takes input_mode {' or '.join(self.input_modes)}, "
                              f"not {self.options.input_mode!r}")
        self._structured = self.options.structured_output
        self._log = RequestLog(self.options.log_path) if self.options.log_requests else None

    @property
    def endpoint(self) -> str | None:
        """Where requests go, for the log."""
        return None

    @abc.abstractmethod
    def build_body(self, prompt: QwenPrompt, structured: bool) -> dict[str, Any]:
        """The request in the backend's wire format (JSON-able, images as data URLs or base64)."""

    @abc.abstractmethod
    def send(self, body: dict[str, Any]) -> Completion:
        """Send a built request; raise the errors of transport.py."""

    def max_window_seconds(self) -> float | None:
        return self.options.window_seconds

    def frame_budget(self, request: EngineRequest) -> FrameBudget:
        """The frames this engine keeps over the whole video (on the target_fps grid,
        near-duplicates dropped in frames mode by a low-resolution pass) and how many of them
        fit one request's visual-token budget at the frame size it sends."""
        require_pictures(request.video, self.name)
        o, duration = self.options, request.video.duration_seconds
        times = grid_times(0.0, duration, max(2, math.ceil(duration * o.target_fps)))
        if o.input_mode == "frames" and o.dedupe_threshold > 0:
            times = kept_frame_times(request.path, times, o.dedupe_threshold, o.max_static_seconds)
        height, width = frame_size(request.video, o.input_mode, o)
        return FrameBudget(frame_seconds=times, frames_per_call=frames_per_call(height, width, o.input_mode, o))

    def plan(self, request: EngineRequest, windows: Sequence[Window]) -> Plan:
        """The requests a run over these windows makes: frames, their times, size and tokens."""
        template = load_template(self.options.template, None)
        plans = []
        for window in windows or [request.span]:
            sampling, times = self._sampling(request.within(window))
            text = estimate_text_tokens(template, sampling.frames if self.options.input_mode == "frames" else 0)
            plans.append(WindowPlan(window=window, sampling=sampling, text_tokens=text, frame_seconds=times,
                                    deduplicated=window.frame_seconds is not None or self.options.input_mode == "video"))
        width, height = request.video.video.display_size
        return Plan(engine=self.name, model=self.options.model, mode=self.options.input_mode,
                    duration_seconds=request.video.duration_seconds, width=width, height=height, windows=plans)

    def signal_options(self, request: EngineRequest) -> SignalOptions | None:
        require_pictures(request.video, self.name)  # before any signal is measured
        return super().signal_options(request) if self.options.use_signals else None

    def annotate(self, request: EngineRequest) -> EngineResult:
        reply = self.answer(request)
        try:
            chapters = reply.chapters()
        except FormatError as exc:  # the window failed: an engine error, like the server's own
            raise EngineError(str(exc)) from None
        return EngineResult(chapters=chapters, model=self.options.model, usage=reply.usage,
                            notes=[f"{self.options.input_mode} mode, {reply.usage.get('frames_sent', 0)} frames"])

    def answer(self, request: EngineRequest) -> ModelAnswer:
        """Ask the model about the request's window with the request's task prompt (the
        chaptering prompt unless the task names its own template and query)."""
        prompt, sampling = self._prompt(request)
        completion, usage = self._ask(prompt, request.path)
        shift = self._clip_shift(request, prompt.images[0].timestamp_seconds)
        return ModelAnswer(window=request.span, text=completion.text, shift_seconds=shift,
                           usage={**usage, "planned_visual_tokens": sampling.visual_tokens})

    def variant(self) -> QwenEngine[Q]:
        """The same engine sampling twice as many frames per second, at a livelier temperature."""
        o = self.options
        changes = {"target_fps": min(4.0, o.target_fps * 2), "temperature": max(o.temperature or 0.0, 0.7)}
        return type(self)(o.model_copy(update=changes))

    def consolidate(self, request: EngineRequest, chapters: list[Chapter]) -> EngineResult | None:
        """The global pass: the windows' chapters, as text, asked back as one consistent list.
        Keeps the merged chapters (None) when the backend cannot or the answer is unusable."""
        if not self.text_only or len(chapters) < 2:
            return None
        duration = request.video.duration_seconds
        lines = [f"{span_text(c.start_seconds, c.end_seconds)} {c.title}: {c.summary}" for c in chapters]
        values = {**prompt_values(duration, 0.0, duration, request.task.language, []), "chapters": "\n".join(lines)}
        instruction = render(load_template("consolidate", request.task.language), values)
        prompt = QwenPrompt(window=request.span, instruction=instruction, images=[], video_path=request.path)
        try:
            completion, usage = self._ask(prompt, request.path)
            merged = parse_chapters(completion.text, duration)
        except (EngineError, FormatError) as exc:
            log.warning("global pass failed, keeping the merged window chapters: %s", exc)
            return None
        return EngineResult(chapters=merged, model=self.options.model, usage={"global_pass": usage},
                            notes=[f"global pass: {len(chapters)} window chapters -> {len(merged)}"])

    def _sampling(self, request: EngineRequest) -> tuple[Sampling, list[float]]:
        """The window's frame count, size and cost, and its frames' times: the planned frames
        at the engine's frame size, else the budget's choice for the window's length on a grid."""
        o, span, video = self.options, request.span, request.video
        if span.frame_seconds is not None:
            height, width = frame_size(video, o.input_mode, o)
            return sampling_of(len(span.frame_seconds), height, width, o.input_mode, span.duration_seconds), list(span.frame_seconds)
        width, height = video.video.display_size
        sampling = choose_sampling(span.duration_seconds, height, width, o.input_mode, o)
        return sampling, grid_times(span.start_seconds, span.end_seconds, sampling.frames)

    def _prompt(self, request: EngineRequest) -> tuple[QwenPrompt, Sampling]:
        """The window's frames and instruction. In video mode the server stamps frames from the
        clip's start, so the instruction and transcript speak clip time there."""
        o, span = self.options, request.span
        sampling, times = self._sampling(request)
        frames = window_frames(request.path, span.start_seconds, span.end_seconds, times, sampling)
        if span.frame_seconds is None and o.input_mode == "frames" and o.dedupe_threshold > 0:
            frames = drop_near_duplicates(frames, o.dedupe_threshold, o.max_static_seconds)
        if not frames:
            raise EngineError(f"no frame could be decoded between {span.start_seconds:.1f} and {span.end_seconds:.1f} s")
        images = [to_timed_image(f, sampling.width, sampling.height) for f in frames]
        shift = self._clip_shift(request, images[0].timestamp_seconds)
        lines = transcript_lines(request.signals, span.start_seconds, span.end_seconds, shift) if o.use_signals else []
        values = prompt_values(request.video.duration_seconds, max(span.start_seconds - shift, 0.0),
                               span.end_seconds - shift, request.task.language, lines, request.task.query)
        instruction = render(load_template(request.task.template or o.template, request.task.language), values)
        prompt = QwenPrompt(window=span, instruction=instruction, images=images, mode=o.input_mode,
                            video_path=request.path, covers_video=self._covers_video(request))
        return prompt, sampling

    def _covers_video(self, request: EngineRequest) -> bool:
        span = request.span
        return span.start_seconds <= 0.05 and span.end_seconds >= request.video.duration_seconds - 0.05

    def _clip_shift(self, request: EngineRequest, first_frame_seconds: float) -> float:
        """How far the model's clock runs behind whole-video time: a server that takes a
        video clip stamps its frames from 0."""
        if self.options.input_mode == "video" and not self.video_times_absolute:
            return first_frame_seconds
        return 0.0

    def _ask(self, prompt: QwenPrompt, video: str) -> tuple[Completion, dict[str, int]]:
        """Send, falling back to the prompt alone when the schema is refused and to fewer
        frames when the request is too long."""
        usage = {"requests": 0}
        while True:
            usage["requests"] += 1
            try:
                completion = self._send_logged(prompt, video)
            except StructuredOutputRefused as exc:
                if not self._structured:
                    raise
                log.warning("%s; asking again without a response schema", exc)
                self._structured = False
                continue
            except ContextTooLongError as exc:
                smaller = prompt.fewer_frames()
                if smaller is None:
                    raise
                log.warning("%s; retrying with %d frames instead of %d", exc, len(smaller.images), len(prompt.images))
                prompt = smaller
                continue
            for key, value in completion.usage.items():
                usage[key] = usage.get(key, 0) + value
            usage["frames_sent"] = len(prompt.images)
            return completion, usage

    def _send_logged(self, prompt: QwenPrompt, video: str) -> Completion:
        body = self.build_body(prompt, self._structured)
        started = time.perf_counter()
        o = self.options
        try:
            ask = lambda: with_retries(lambda: pooled_send(self, body), o.retries, o.backoff_seconds)  # noqa: E731
            keep = lambda c: holds_chapters(c.text)  # noqa: E731
            completion = cached_answer(self.name, body, Completion, ask, keep) if prompt.images else ask()
        except EngineError as exc:
            self._record(body, prompt, video, started, error=str(exc))
            raise
        self._record(body, prompt, video, started, completion=completion)
        return completion

    def _record(self, body: dict[str, Any], prompt: QwenPrompt, video: str, started: float,
                completion: Completion | None = None, error: str | None = None) -> None:
        if self._log is None:
            return
        self._log.record(
            backend=self.name, body=body, base_url=self.endpoint, model=self.options.model, video=video,
            window=(prompt.window.start_seconds, prompt.window.end_seconds),
            response=completion.text if completion else None, error=error,
            elapsed_seconds=round(time.perf_counter() - started, 3), usage=completion.usage if completion else None,
        )


def replay(log: RequestLog, request_id: int, base_url: str | None = None) -> str:
    """Send a logged request again (images restored from the log) and return the answer text."""
    from vidmark.engines import create_engine  # noqa: PLC0415 - the registry imports engines lazily

    entry = log.get(request_id)
    options: dict[str, Any] = {"model": entry.model, "log_requests": False}
    if base_url or entry.base_url:
        options["base_url"] = base_url or entry.base_url
    engine = create_engine(entry.backend, options)
    if not isinstance(engine, QwenEngine):
        raise EngineError(f"logged request {request_id} was made by {entry.backend!r}, which cannot replay")
    return engine.send(log.inline(entry.body)).text
