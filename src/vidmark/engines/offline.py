"""The ``offline`` engine: chapters from shots, on-screen text and speech, on a plain CPU.

It needs no model server, no GPU and no account: the signals (picture transitions, OCR of
the frames that changed, speech or subtitles, silences) are measured by
:mod:`vidmark.signals`, and :mod:`vidmark.segment` turns them into titled, summarised
chapters. This is vidmark's default engine. An audio-only file (a podcast, a meeting
recording) has no pictures: unless signals are named, it gets speech, subtitles and the
``sound`` signal (music, silence and long pauses) instead of the visual pass.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from vidmark.engines.base import Engine, EngineOptions, EngineRequest, EngineResult
from vidmark.model import Signals, VideoInfo
from vidmark.segment import SegmentOptions, segment
from vidmark.signals import SIGNAL_NAMES, SignalOptions, collect_signals
from vidmark.signals.options import AUDIO_SIGNALS, VIDEO_SIGNALS

SignalName = Literal["shots", "slides", "ocr", "speech", "subtitles", "sound"]


class OfflineOptions(SegmentOptions, EngineOptions):
    """Which signals to measure and with which speech model, and how to segment."""

    signals: list[SignalName] = Field(default_factory=lambda: list(VIDEO_SIGNALS),
                                      description=f"signals to measure, any of: {', '.join(SIGNAL_NAMES)} "
                                                  f"(audio-only files: {', '.join(AUDIO_SIGNALS)} unless named)")
    speech_model: str = Field(default="auto", description=SignalOptions.model_fields["speech_model"].description)

    @field_validator("signals", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [name.strip() for name in value.split(",") if name.strip()]
        return value


class OfflineEngine(Engine):
    name = "offline"
    description = "embedded default: chapters from shots, on-screen text and speech on the CPU (no server)"
    Options = OfflineOptions
    wants_signals = frozenset(SIGNAL_NAMES)

    def annotate(self, request: EngineRequest) -> EngineResult:
        options: OfflineOptions = self.options  # type: ignore[assignment]
        signals = request.signals if _measured(request.signals) else self._measure(request, options)
        request.report("chapters", 0.0)
        segment_options = SegmentOptions(**options.model_dump(include=set(SegmentOptions.model_fields)))
        chapters = segment(signals, request.start_seconds, request.window_end_seconds, segment_options,
                           request.task.language)
        request.report("chapters", 1.0)
        measured = self.signal_options(request).enabled()
        notes = [*signals.notes, f"signals: {', '.join(measured) or 'none'}: "
                 f"{len(signals.boundaries)} transitions and silences, {len(signals.texts)} pieces of text"]
        return EngineResult(chapters=chapters, language=request.task.language or signals.language, notes=notes)

    def signal_options(self, request: EngineRequest) -> SignalOptions:
        return signal_options(self.options, request.task.language, request.video)  # type: ignore[arg-type]

    def _measure(self, request: EngineRequest, options: OfflineOptions) -> Signals:
        return collect_signals(request.path, request.video,
                               signal_options(options, request.task.language, request.video), request.progress)


def signal_options(options: OfflineOptions, language: str | None = None, video: VideoInfo | None = None) -> SignalOptions:
    """The signal stage's options for the chosen signals, speech model and language; an
    audio-only file gets the audio signals when none were named."""
    named = "signals" in options.model_fields_set
    chosen = set(AUDIO_SIGNALS if video is not None and video.audio_only and not named else options.signals)
    return SignalOptions(**{name: name in chosen for name in SIGNAL_NAMES},
                         speech_model=options.speech_model, languages=[language] if language else [])


def _measured(signals: Signals) -> bool:
    return bool(signals.boundaries or signals.texts or signals.visual)
