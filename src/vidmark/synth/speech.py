"""Narration for synthetic videos: Debian's flite (English) and espeak-ng (Chinese).

flite's voices are ones pocketsphinx's English model reads back at a word error rate of
about 0.2, so the offline engine's speech path gets a fair test; espeak-ng speaks Chinese.
Each sentence is synthesised on its own, trimmed to its audible part, and measured, so
the generator can place it at an exact time and the ground truth says where speech is.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import av
import numpy as np

from vidmark.errors import VidmarkError

SAMPLE_RATE = 16_000
#: audible means above this fraction of full scale (about -40 dBFS)
_AUDIBLE = 0.01


class SynthError(VidmarkError):
    """The synthetic-video generator cannot run here: a program or font is missing."""


def speak(text: str, language: str, voice: str = "slt") -> np.ndarray:
    """``text`` spoken, as float32 mono samples at 16 kHz, trimmed to the audible part."""
    with tempfile.TemporaryDirectory(prefix="vidmark-tts-") as tmp:
        wav = Path(tmp) / "speech.wav"
        subprocess.run(_command(text, language, voice, wav), check=True, capture_output=True)
        samples, rate = _read_wav(wav)
    return trim(_resample(samples, rate))


def _command(text: str, language: str, voice: str, wav: Path) -> list[str]:
    """flite for English, espeak-ng for Chinese; a voice ``espeak:NAME[/WPM]`` (e.g.
    ``espeak:en-gb-x-rp/150``, ``espeak:cmn+f3``) takes espeak-ng in either language."""
    if voice.startswith("espeak:"):
        name, _, speed = voice.removeprefix("espeak:").partition("/")
        return [_program("espeak-ng"), "-v", name, *(["-s", speed] if speed else []), "-w", str(wav), text]
    if language == "en":
        return [_program("flite"), "-voice", voice, "-t", text, "-o", str(wav)]
    if language == "zh":
        # the plain "cmn" voice reads its pinyin's tone digits out in English ("da four")
        return [_program("espeak-ng"), "-v", "cmn-latn-pinyin", "-w", str(wav), text]
    raise SynthError(f"no narration voice for language {language!r} (available: en, zh)")


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SynthError(f"{name} is not installed; run: sudo apt-get install -y {name}")
    return path


def _read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as handle:
        rate, width = handle.getframerate(), handle.getsampwidth()
        raw = handle.readframes(handle.getnframes())
    if width != 2 or not raw:
        raise SynthError(f"speech synthesis wrote no 16-bit audio to {path}")
    return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0, rate


def _resample(samples: np.ndarray, rate: int) -> np.ndarray:
    if rate == SAMPLE_RATE:
        return samples
    frame = av.AudioFrame.from_ndarray(samples[None, :], format="flt", layout="mono")
    frame.sample_rate = rate
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
    blocks = [f.to_ndarray().reshape(-1) for f in [*resampler.resample(frame), *resampler.resample(None)]]
    return np.concatenate(blocks).astype(np.float32)


def trim(samples: np.ndarray) -> np.ndarray:
    """The samples from the first to the last audible one."""
    loud = np.flatnonzero(np.abs(samples) > _AUDIBLE)
    if loud.size == 0:
        return samples[:0]
    return samples[loud[0] : loud[-1] + 1]
