"""Music beds and room tone for the kind generators, synthesised with numpy.

Explainers, vlogs and cooking videos run on music: a bed under the narration, louder in
the gaps, changing (or stopping) between acts. A bed here is a chord progression of
soft additive tones with a kick and a hi-hat on the beat; its key, tempo and timbre come
from a seeded random generator, so one act's music differs from the next's.
"""

from __future__ import annotations

import random

import numpy as np

from vidmark.synth.speech import SAMPLE_RATE

_PROGRESSIONS = ((0, 5, 7, 3), (0, 3, 5, 4), (0, 7, 5, 5), (0, 4, 5, 3))
_MAJOR = (0, 2, 4, 5, 7, 9, 11)


def music_bed(seconds: float, rng: random.Random, level: float = 0.12) -> np.ndarray:
    """``seconds`` of music at about ``level`` peak, fading in and out over half a second."""
    n = int(round(seconds * SAMPLE_RATE))
    if n <= 0:
        return np.zeros(0, dtype=np.float32)
    tempo, root = rng.uniform(80, 132), rng.uniform(110, 220)
    progression, bright = rng.choice(_PROGRESSIONS), rng.uniform(0.2, 0.7)
    beat = 60.0 / tempo
    t = np.arange(n, dtype=np.float64) / SAMPLE_RATE
    bar = (t // (4 * beat)).astype(int) % len(progression)
    out = np.zeros(n)
    for third in (0, 2, 4):
        degree = np.array([progression[b] for b in range(len(progression))])[bar]
        semis = np.array([_MAJOR[(d + third) % 7] + 12 * ((d + third) // 7) for d in range(8)])[degree % 8]
        freq = root * 2.0 ** (semis / 12.0)
        phase = 2 * np.pi * np.cumsum(freq) / SAMPLE_RATE
        out += np.sin(phase) + bright * 0.5 * np.sin(2 * phase)
    in_beat = (t % beat) / beat
    out *= 0.25 * (0.6 + 0.4 * np.exp(-4 * in_beat))
    out += 0.9 * np.sin(2 * np.pi * 55 * t) * np.exp(-18 * in_beat * beat)
    hat = np.random.default_rng(rng.randrange(2**32)).standard_normal(n) * np.exp(-60 * ((t + beat / 2) % beat))
    out += 0.15 * hat
    ramp = np.minimum(1.0, np.minimum(t, seconds - t) / 0.5).clip(0, 1)
    return (level * out / max(np.max(np.abs(out)), 1e-9) * ramp).astype(np.float32)


def room_tone(seconds: float, rng: random.Random, level: float = 0.003) -> np.ndarray:
    """Quiet noise, as a microphone in a room picks up between words."""
    n = int(round(seconds * SAMPLE_RATE))
    return (level * np.random.default_rng(rng.randrange(2**32)).standard_normal(n)).astype(np.float32)
