"""The Qwen3-VL engine: plan windows, send each window's timed frames, read the chapters.

Backends (OpenAI-compatible servers, Ollama, local transformers, a Gradio WebUI) subclass
:class:`QwenEngine` and implement two methods: :meth:`build_body` (a prompt in the
backend's wire format, JSON-able so it can be logged and replayed) and :meth:`send` (the
call itself, with failures sorted as in transport.py). Planning, frames, prompts,
retries, the fallbacks and the request log are shared here.
"""

from __future__ import annotations

import abc
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from vidmark.engines.base import Engine, EngineOptions, EngineRequest, EngineResult
from vidmark.engines.qwen.answers import cached_answer, holds_chapters
from vidmark.engines.qwen.budget import BudgetOptions, InputMode, choose_sampling
from vidmark.engines.qwen.frames import drop_near_duplicates, to_timed_image, window_frames
from vidmark.engines.qwen.plan import Plan, Window, WindowPlan, estimate_text_tokens, split_windows
from vidmark.engines.qwen.pool import pooled_send
from vidmark.engines.qwen.prompt import load_template, prompt_values, render, transcript_lines
from vidmark.engines.qwen.request import QwenPrompt
from vidmark.engines.qwen.transport import ContextTooLongError, StructuredOutputRefused, with_retries
from vidmark.errors import EngineError, FormatError
from vidmark.logs import RequestLog
from vidmark.media.probe import require_pictures
from vidmark.model import Chapter, VideoInfo
from vidmark.refine.parse import parse_chapters
from vidmark.signals.options import SignalOptions
from vidmark.timecode import format_hms

log = logging.getLogger(__name__)


class QwenOptions(EngineOptions, BudgetOptions):
    """Options shared by every Qwen3-VL backend."""

    model: str = "Qwen/Qwen3-VL-8B-Instruct"
    template: str | None = Field(default=None, description="'chapters' (built in) or a template file")
    use_signals: bool = Field(default=True, description="put subtitles/speech/OCR lines in the prompt")
    input_mode: InputMode = "frames"
    window_seconds: float = Field(default=300.0, gt=0, description="one request per window of this length")
    dedupe_threshold: float = Field(default=0.01, ge=0, le=1, description="0 keeps every frame")
    max_static_seconds: float = Field(default=60.0, gt=0, description="keep a frame this often even if static")
    structured_output: bool = Field(default=True, description="ask for the JSON schema when the server takes it")
    max_tokens: int = Field(default=2048, ge=16, description="answer tokens at most")
    temperature: float | None = Field(default=0.1, ge=0)
    timeout_seconds: float = Field(default=600.0, gt=0)
    retries: int = Field(default=3, ge=0)
    backoff_seconds: float = Field(default=2.0, ge=0)
    concurrency: int = Field(default=2, ge=1, description="windows in flight at once")
    log_requests: bool = True
    log_path: str | None = Field(default=None, description="SQLite request log (default: VIDMARK_LOG_DB or user data)")


class Completion(BaseModel):
    """A backend's answer: the text, and token counts where the server reports them."""

    model_config = ConfigDict(extra="forbid")

    text: str
    usage: dict[str, int] = Field(default_factory=dict)


class QwenEngine(Engine):
    """Base of the Qwen3-VL backends."""

    Options = QwenOptions
    #: texts for the prompt; shots and slide changes for snapping the answer's boundaries
    wants_signals: ClassVar[frozenset[str]] = frozenset({"subtitles", "speech", "ocr", "shots", "slides"})
    #: input modes this backend can send
    modes: ClassVar[tuple[str, ...]] = ("frames",)
    #: whether the backend stamps video frames with their whole-video times (else from 0)
    video_times_absolute: ClassVar[bool] = False
    #: whether the backend can send a request without pictures (the global pass)
    text_only: ClassVar[bool] = False

    def __init__(self, options: EngineOptions | dict[str, Any] | None = None) -> None:
        super().__init__(options)
        if self.options.input_mode not in self.modes:
            raise EngineError(f"engine {self.name!r} takes input_mode {' or '.join(self.modes)}, not {self.options.input_mode!r}")
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

    @property
    def default_window_seconds(self) -> float:
        """The window the pipeline cuts long videos into: one request each."""
        return self.options.window_seconds

    def plan(self, video: VideoInfo, start_seconds: float = 0.0, end_seconds: float | None = None) -> Plan:
        """Windows, frames, sizes and tokens for [start, end) of the video, from the probe alone.
        A range given by the pipeline's windowing is one request, whatever its length."""
        if end_seconds is not None:
            return make_plan(self.name, self.options, video, [(start_seconds, end_seconds)])
        windows = split_windows(start_seconds, video.duration_seconds, self.options.window_seconds)
        return make_plan(self.name, self.options, video, [(w.start_seconds, w.end_seconds) for w in windows])

    def signal_options(self, request: EngineRequest) -> SignalOptions | None:
        require_pictures(request.video, self.name)  # before any signal is measured
        return super().signal_options(request) if self.options.use_signals else None

    def annotate(self, request: EngineRequest) -> EngineResult:
        plan = self.plan(request.video, request.start_seconds, request.end_seconds)
        request.report("model", 0.0)
        with ThreadPoolExecutor(max_workers=self.options.concurrency) as pool:
            outcomes = list(pool.map(lambda wp: self._window_outcome(request, wp), plan.windows))
        request.report("model", 1.0)
        return self._result(plan, outcomes)

    def variant(self) -> QwenEngine:
        """The same engine sampling twice as many frames per second, at a livelier temperature."""
        o: QwenOptions = self.options  # type: ignore[assignment]
        changes = {"target_fps": min(4.0, o.target_fps * 2), "temperature": max(o.temperature or 0.0, 0.7)}
        return type(self)(o.model_copy(update=changes))

    def consolidate(self, request: EngineRequest, chapters: list[Chapter]) -> EngineResult | None:
        """The global pass: the windows' chapters, as text, asked back as one consistent list.
        Keeps the merged chapters (None) when the backend cannot or the answer is unusable."""
        if not self.text_only or len(chapters) < 2:
            return None
        duration = request.video.duration_seconds
        lines = [f"[{format_hms(c.start_seconds)}-{format_hms(c.end_seconds)}] {c.title}: {c.summary}" for c in chapters]
        values = {**prompt_values(duration, 0.0, duration, request.task.language, []), "chapters": "\n".join(lines)}
        instruction = render(load_template("consolidate", request.task.language), values)
        prompt = QwenPrompt(window=Window(index=0, start_seconds=0.0, end_seconds=duration), instruction=instruction, images=[])
        try:
            completion, usage = self._ask(prompt, request.path)
            merged = parse_chapters(completion.text, duration)
        except (EngineError, FormatError) as exc:
            log.warning("global pass failed, keeping the merged window chapters: %s", exc)
            return None
        return EngineResult(chapters=merged, model=self.options.model, usage={"global_pass": usage},
                            notes=[f"global pass: {len(chapters)} window chapters -> {len(merged)}"])

    def _window_outcome(self, request: EngineRequest, wp: WindowPlan) -> tuple[list[Chapter], dict[str, int]] | EngineError:
        try:
            return self.run_window(request, wp)
        except (EngineError, FormatError) as exc:
            log.warning("window %d (%.0f-%.0f s) failed: %s", wp.window.index, wp.window.start_seconds,
                        wp.window.end_seconds, exc)
            return EngineError(f"window {wp.window.index}: {exc}")

    def _result(self, plan: Plan, outcomes: list) -> EngineResult:
        failures = [o for o in outcomes if isinstance(o, EngineError)]
        if len(failures) == len(outcomes):
            raise failures[0]
        chapters = [c for o in outcomes if not isinstance(o, EngineError) for c in o[0]]
        usage: dict[str, Any] = {"requests": 0, "planned_visual_tokens": plan.visual_tokens}
        for outcome in outcomes:
            if not isinstance(outcome, EngineError):
                for key, value in outcome[1].items():
                    usage[key] = usage.get(key, 0) + value
        notes = [f"{len(plan.windows)} window(s), {plan.mode} mode"] + [str(f) for f in failures]
        return EngineResult(chapters=chapters, model=self.options.model, notes=notes, usage=usage)

    def run_window(self, request: EngineRequest, wp: WindowPlan) -> tuple[list[Chapter], dict[str, int]]:
        """Ask about one window; its chapters in whole-video time, and the tokens used."""
        prompt = self.window_prompt(request, wp)
        completion, usage = self._ask(prompt, request.path)
        shift = self._clip_shift(prompt.window, prompt.images[0].timestamp_seconds)
        end = wp.window.end_seconds - shift
        chapters = [
            c.model_copy(update={"start_seconds": c.start_seconds + shift, "end_seconds": c.end_seconds + shift})
            for c in parse_chapters(completion.text, end)
        ]
        return chapters, usage

    def window_prompt(self, request: EngineRequest, wp: WindowPlan) -> QwenPrompt:
        """The window's frames and instruction. In video mode the server stamps frames from the
        clip's start, so the instruction and transcript speak clip time there."""
        o: QwenOptions = self.options  # type: ignore[assignment]
        window, sampling = wp.window, wp.sampling
        frames = window_frames(request.path, window.start_seconds, window.end_seconds, sampling)
        if o.input_mode == "frames" and o.dedupe_threshold > 0:
            frames = drop_near_duplicates(frames, o.dedupe_threshold, o.max_static_seconds)
        if not frames:
            raise EngineError(f"no frame could be decoded between {window.start_seconds:.1f} and {window.end_seconds:.1f} s")
        images = [to_timed_image(f, sampling.width, sampling.height) for f in frames]
        shift = self._clip_shift(window, images[0].timestamp_seconds)
        lines = transcript_lines(request.signals, window.start_seconds, window.end_seconds, shift) if o.use_signals else []
        values = prompt_values(request.video.duration_seconds, max(window.start_seconds - shift, 0.0),
                               window.end_seconds - shift, request.task.language, lines)
        instruction = render(load_template(o.template, request.task.language), values)
        return QwenPrompt(window=window, instruction=instruction, images=images, mode=o.input_mode)

    def _clip_shift(self, window: Window, first_frame_seconds: float) -> float:
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
        o: QwenOptions = self.options  # type: ignore[assignment]
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



def make_plan(engine: str, options: QwenOptions, video: VideoInfo, ranges: list[tuple[float, float]]) -> Plan:
    """The requests a Qwen3-VL engine with these options makes: one per (start, end) range."""
    require_pictures(video, engine)
    width, height = video.video.display_size
    template = load_template(options.template, None)
    windows = []
    for index, (start, end) in enumerate(ranges):
        window = Window(index=index, start_seconds=start, end_seconds=end)
        sampling = choose_sampling(window.duration_seconds, height, width, options.input_mode, options)
        text = estimate_text_tokens(template, sampling.frames if options.input_mode == "frames" else 0)
        windows.append(WindowPlan(window=window, sampling=sampling, text_tokens=text))
    return Plan(engine=engine, model=options.model, mode=options.input_mode, duration_seconds=video.duration_seconds,
                width=width, height=height, windows=windows)


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
