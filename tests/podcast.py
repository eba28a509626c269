"""A generated podcast for the audio-only tests: music, narration, a long pause, more music.

Narration is flite's (as in the synthetic benchmark), music a chord with a slow tremolo,
and a faint noise floor lies under everything, as in a real recording. The exact times
where each part starts are known, so the tests can check chapters against them. Encoded
to every audio format vidmark takes with the ffmpeg that imageio-ffmpeg ships.
"""

from __future__ import annotations

import shutil
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ffmpeg

RATE = 16_000
#: (what, content): music lasts the given seconds; narration is flite reading the sentences
PARTS: list[tuple[str, object]] = [
    ("music", 10.0),
    ("speech", ["Welcome to the garden show.", "Today we plant tomatoes in pots on the balcony.",
                "Tomatoes need a lot of sun and water.", "Give every tomato plant a stick to climb on.",
                "Pick the tomatoes when they are red and soft."]),
    ("pause", 5.0),
    ("speech", ["Now a word about bicycles.", "Check the tyres of your bicycle before every ride.",
                "Oil the bicycle chain once a month.", "A clean chain makes the bicycle quiet and fast.",
                "Brakes on a bicycle need new pads every year."]),
    ("music", 10.0),
    ("speech", ["Finally, the weather.", "Tomorrow brings rain and wind in the north.",
                "The weekend weather will be dry and warm.", "Next week the weather turns cold again.",
                "Take a warm coat if you go out in this weather."]),
]
#: a talk whose topics change without music, cue or a pause far longer than the others: only
#: a little longer (1.8 s) than the gaps between its sentences (0.45 s), as speakers pause
TALK: list[list[str]] = [
    ["Most adults need between seven and nine hours of sleep.", "Going to bed at the same time helps the body.",
     "A cool and dark bedroom helps you sleep deeply.", "Coffee late in the day keeps you awake."],
    ["Walking for thirty minutes a day is good for the heart.", "Climbing stairs counts as exercise too.",
     "Muscles need strength training twice a week."],
    ["Vegetables and beans give fibre and vitamins.", "Sugary drinks are the easiest calories to cut.",
     "Whole grain bread keeps you full for longer.", "Drink water with every meal."],
]
TOPIC_PAUSE_SECONDS = 1.8
#: ffmpeg encoder arguments per file ending
ENCODERS: dict[str, tuple[str, ...]] = {
    ".mp3": ("-c:a", "libmp3lame", "-b:a", "64k"),
    ".m4a": ("-c:a", "aac", "-b:a", "64k"),
    ".m4b": ("-c:a", "aac", "-b:a", "64k", "-f", "ipod"),
    ".wav": ("-c:a", "pcm_s16le"),
    ".flac": ("-c:a", "flac"),
    ".opus": ("-c:a", "libopus", "-b:a", "32k"),
    ".ogg": ("-c:a", "libvorbis", "-q:a", "3"),
}


@dataclass(frozen=True)
class Podcast:
    wav: Path
    duration_seconds: float
    #: where each part after the first starts (the chapter boundaries a listener hears)
    boundaries: list[float]


def make_podcast(folder: Path) -> Podcast:
    """The podcast as a 16 kHz mono WAV in ``folder``."""
    if shutil.which("flite") is None:
        pytest.skip("flite is not installed (scripts/debian-test-packages.txt lists it)")
    from vidmark.synth.speech import speak

    pieces, starts, at = [], [], 0.0
    for kind, content in PARTS:
        starts.append(at)
        piece = _music(content) if kind == "music" else np.zeros(int(content * RATE)) if kind == "pause" \
            else _narration(content, speak)
        pieces.append(piece.astype(np.float32))
        at += len(piece) / RATE
    samples = np.concatenate(pieces)
    samples += np.random.default_rng(0).normal(0, 10 ** (-62 / 20), len(samples)).astype(np.float32)
    wav = folder / "podcast.wav"
    _write_wav(wav, samples)
    pauses = [i for i, (kind, _) in enumerate(PARTS) if kind == "pause"]
    boundaries = [round(s, 2) for i, s in enumerate(starts) if i and i not in pauses]
    return Podcast(wav=wav, duration_seconds=len(samples) / RATE, boundaries=boundaries)


def make_talk(folder: Path) -> Podcast:
    """The talk of TALK as a 16 kHz mono WAV in ``folder``, with where each topic starts."""
    if shutil.which("flite") is None:
        pytest.skip("flite is not installed (scripts/debian-test-packages.txt lists it)")
    from vidmark.synth.speech import speak

    pieces, starts = [], []
    for topic in TALK:
        starts.append(sum(len(p) for p in pieces) / RATE)
        pieces += [_narration(topic, speak), np.zeros(int(TOPIC_PAUSE_SECONDS * RATE))]
    samples = np.concatenate(pieces[:-1]).astype(np.float32)
    samples += np.random.default_rng(1).normal(0, 10 ** (-62 / 20), len(samples)).astype(np.float32)
    wav = folder / "podcast.wav"
    _write_wav(wav, samples)
    return Podcast(wav=wav, duration_seconds=len(samples) / RATE, boundaries=[round(s, 2) for s in starts[1:]])


def _write_wav(path: Path, samples: np.ndarray) -> None:
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(RATE)
        handle.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


def encode(podcast: Podcast, suffix: str, folder: Path) -> Path:
    """The podcast in the format of ``suffix`` (one of ENCODERS)."""
    target = folder / f"podcast{suffix}"
    if not target.exists():
        ffmpeg("-i", str(podcast.wav), *ENCODERS[suffix], str(target))
    return target


def _music(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    chord = sum(np.sin(2 * np.pi * f * t) for f in (220.0, 277.2, 329.6, 440.0)) / 4
    return 0.3 * chord * (0.8 + 0.2 * np.sin(2 * np.pi * 2 * t))


def _narration(sentences: list[str], speak) -> np.ndarray:
    gap = np.zeros(int(0.45 * RATE))
    parts = []
    for sentence in sentences:
        parts += [speak(sentence, "en"), gap]
    return np.concatenate(parts[:-1])
