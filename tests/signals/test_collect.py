"""collect_signals end to end: one video with slides and speech gives every kind of signal."""

from __future__ import annotations

from pathlib import Path

import pytest

from vidmark.media import probe
from vidmark.model import Signals, TimedText
from vidmark.signals import SignalOptions, collect_signals, guess_language, merge

from tests.conftest import ffmpeg

from .conftest import render_slide, slide_video, speak


@pytest.fixture(scope="module")
def narrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two slides of 6 s; a sentence is spoken from 1 s on over the first."""
    folder = tmp_path_factory.mktemp("narrated")
    wav = speak(folder / "s.wav", "Welcome to the lecture about the weather.")
    padded = folder / "padded.wav"
    ffmpeg("-i", str(wav), "-af", "adelay=1000|1000,apad=whole_dur=12", str(padded))
    slides = [render_slide(folder / "a.png", "Weather Basics", ["Clouds and rain"]),
              render_slide(folder / "b.png", "Climate Models", ["Long term averages"])]
    return slide_video(folder / "narrated.mp4", slides, 6, audio=padded)


@pytest.mark.slow
def test_every_signal_comes_together(narrated: Path) -> None:
    stages = []
    signals = collect_signals(narrated, probe(narrated), SignalOptions(speech_model="pocketsphinx"),
                              progress=lambda stage, fraction: stages.append((stage, fraction)))
    assert {("visual", 1.0), ("speech (pocketsphinx)", 1.0), ("subtitles", 1.0)} <= set(stages)
    assert {t.source for t in signals.texts} == {"ocr", "speech"}
    assert "Weather Basics" in [t.text for t in signals.of_source("ocr")]
    assert abs(signals.of_source("speech")[0].start_seconds - 1.0) <= 1.0
    assert any(b.kind == "slide" and abs(b.time_seconds - 6) <= 0.6 for b in signals.boundaries)
    assert signals.language == "en" and signals.visual and signals.speech_spans
    assert signals.boundaries == sorted(signals.boundaries, key=lambda b: (b.time_seconds, b.kind))
    sequential = collect_signals(narrated, probe(narrated), SignalOptions(parallel=False, cache=False))
    assert sequential == signals


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="extra"):
        SignalOptions(ocr_langs=["en"])
    assert SignalOptions(speech=False, ocr=False).enabled() == ["shots", "slides", "subtitles"]


def test_language_is_guessed_from_the_written_text() -> None:
    def ocr(text: str) -> TimedText:
        return TimedText(start_seconds=0, end_seconds=1, text=text, source="ocr")

    assert guess_language([ocr("梯度下降法"), ocr("SGD")]) == "zh"
    assert guess_language([ocr("Gradient descent")]) == "en"
    assert guess_language([ocr("12:30")]) is None


def test_english_recognition_is_dropped_for_a_chinese_video() -> None:
    parts = [Signals(texts=[TimedText(start_seconds=0, end_seconds=1, text="梯度下降法", source="ocr")]),
             Signals(texts=[TimedText(start_seconds=0, end_seconds=1, text="tea do sha", source="speech")])]
    merged = merge(parts, SignalOptions())
    assert merged.language == "zh" and merged.of_source("speech") == [] and merged.notes
