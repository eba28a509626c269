"""Narration: flite and espeak-ng speak, trimmed to the audible part, at 16 kHz."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from vidmark.synth.speech import SAMPLE_RATE, SynthError, speak, trim


def test_trim_keeps_first_to_last_audible_sample() -> None:
    samples = np.zeros(100, dtype=np.float32)
    samples[10], samples[60] = 0.5, -0.3
    assert len(trim(samples)) == 51
    assert len(trim(np.zeros(10, dtype=np.float32))) == 0


@pytest.mark.parametrize(("language", "program", "text"), [("en", "flite", "Hello and welcome."), ("zh", "espeak-ng", "你好，欢迎。")])
def test_speak_returns_trimmed_speech(language: str, program: str, text: str) -> None:
    if shutil.which(program) is None:
        pytest.skip(f"{program} is not installed (scripts/debian-test-packages.txt lists it)")
    audio = speak(text, language)
    assert audio.dtype == np.float32
    assert 0.4 < len(audio) / SAMPLE_RATE < 5.0
    assert abs(audio[0]) > 0.01 and abs(audio[-1]) > 0.01


def test_unknown_language_is_refused() -> None:
    with pytest.raises(SynthError, match="fr"):
        speak("Bonjour", "fr")
