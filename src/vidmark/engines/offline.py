"""The ``offline`` engine: chapters from shots, on-screen text and speech, on a plain CPU.

It needs no model server, no GPU and no account: the signals (picture transitions, OCR of
the frames that changed, speech or subtitles, silences) are measured by
:mod:`vidmark.signals`, and :mod:`vidmark.segment` turns them into titled, summarised
chapters. This is vidmark's default engine.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from vidmark.engines.base import Engine, EngineOptions, EngineRequest, EngineResult
from vidmark.model import Signals
from vidmark.segment import SegmentOptions, segment

SignalName = Literal["shots", "ocr", "speech", "subtitles"]
SIGNAL_NAMES: tuple[str, ...] = ("shots", "ocr", "speech", "subtitles")


class OfflineOptions(SegmentOptions, EngineOptions):
    """Which signals to measure, and how to segment (see :class:`SegmentOptions`)."""

    signals: list[SignalName] = Field(default_factory=lambda: list(SIGNAL_NAMES),
                                      description="signals to measure: shots, ocr, speech, subtitles")


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
        notes = [*signals.notes, f"signals: {', '.join(options.signals) or 'none'}; "
                 f"{len(signals.boundaries)} transitions, {len(signals.texts)} text pieces"]
        language = request.task.language or signals.language
        return EngineResult(chapters=chapters, language=language, notes=notes)

    def _measure(self, request: EngineRequest, options: OfflineOptions) -> Signals:
        from vidmark.signals import collect_signals

        signals = collect_signals(request.path, request.video, signal_options(options), request.progress)
        request.signals = signals
        return signals


def signal_options(options: OfflineOptions):  # noqa: ANN201 - the signals' own options type
    """The signal stage's options for the chosen signals."""
    from vidmark.signals import SignalOptions

    chosen = set(options.signals)
    return SignalOptions(**{name: name in chosen for name in SIGNAL_NAMES if name in SignalOptions.model_fields})


def _measured(signals: Signals) -> bool:
    return bool(signals.boundaries or signals.texts or signals.visual)
