"""Sound: where the kind of sound changes (speech, music, silence), from the decoded audio.

A podcast or a meeting recording has no pictures to cut on; what it has is its sound. A
new segment of a show often starts with a jingle, music under a title, or a pause far
longer than the speaker's usual ones. This module measures that with numpy alone, no
model: the RMS energy of every 20 ms frame, and per second how much that energy swings.
Speech alternates syllables and short gaps four or five times a second, so the level of
its frames swings by 10-20 dB within a second; music and other steady sound holds its
level (Scheirer and Slaney, ICASSP 1997, use the same observation). Each second is labelled
silence, speech or steady sound; changes between speech and steady sound that hold for a
while, and pauses much longer than this recording's usual pause, become ``sound``
boundaries placed where the new sound starts.
"""

from __future__ import annotations

import os

import numpy as np

from vidmark.media.audio import SAMPLE_RATE, iter_audio
from vidmark.model import Boundary, Signals

FRAME_SECONDS = 0.02
#: frames quieter than the recording's loud level by this much are silence
SILENCE_BELOW_DB = 35.0
#: ... and frames below this level are silence however quiet the recording
SILENCE_FLOOR_DB = -70.0
#: within a second, speech frames' levels spread by more than this (dB, standard deviation)
SPEECH_SWING_DB = 7.0
#: a speech or steady-sound stretch must last this long for a change to count (speech over a
#: music bed alternates in shorter stretches)
MIN_RUN_SECONDS = 8.0
#: a pause is long when it lasts this many times the recording's median pause, and at least
PAUSE_FACTOR = 4.0
MIN_PAUSE_SECONDS = 2.0
_SHORTEST_PAUSE = 0.2
_SPEECH, _STEADY, _SILENT = "speech", "steady", "silence"


def analyse_sound(path: str | os.PathLike[str]) -> Signals:
    """``sound`` boundaries of the soundtrack of a file that has one, decoded a minute at a
    time (an hour's frame levels take 1.4 MB, its samples would take 115 MB)."""
    chunks = iter_audio(path, SAMPLE_RATE, chunk_seconds=60.0)  # a whole number of frames
    levels = np.concatenate([frame_levels(chunk, SAMPLE_RATE) for chunk in chunks] or [np.zeros(0)])
    return Signals(boundaries=level_boundaries(levels))


def sound_boundaries(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> list[Boundary]:
    """Changes between speech and steady sound, and unusually long pauses, in time order."""
    return level_boundaries(frame_levels(samples, sample_rate))


def level_boundaries(levels: np.ndarray) -> list[Boundary]:
    """:func:`sound_boundaries` from the 20 ms frame levels."""
    if not len(levels):
        return []
    silent = levels < max(SILENCE_FLOOR_DB, float(np.percentile(levels, 95)) - SILENCE_BELOW_DB)
    found = kind_changes(second_labels(levels, silent)) + long_pauses(silent)
    return sorted(found, key=lambda b: b.time_seconds)


def frame_levels(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """The level of every 20 ms frame in dBFS."""
    size = int(sample_rate * FRAME_SECONDS)
    count = len(samples) // size
    frames = samples[: count * size].astype(np.float32).reshape(count, size) / 32768.0
    return 20 * np.log10(np.sqrt((frames ** 2).mean(axis=1)) + 1e-5)


def second_labels(levels: np.ndarray, silent: np.ndarray) -> list[str]:
    """Silence, speech or steady sound for each whole second, smoothed over five seconds."""
    per = round(1 / FRAME_SECONDS)
    labels = []
    for start in range(0, len(levels) - per + 1, per):
        quiet = silent[start:start + per]
        loud = levels[start:start + per][~quiet]
        if quiet.mean() > 0.8:
            labels.append(_SILENT)
        else:
            floor = loud.max() - SILENCE_BELOW_DB
            swing = float(np.std(np.maximum(levels[start:start + per], floor)))
            labels.append(_SPEECH if swing > SPEECH_SWING_DB else _STEADY)
    return _majority(labels, 2)


def _majority(labels: list[str], reach: int) -> list[str]:
    """Each label replaced by the commonest one within ``reach`` seconds (its own on a tie)."""
    out = []
    for i, label in enumerate(labels):
        near = labels[max(0, i - reach):i + reach + 1]
        best = max(set(near), key=lambda x: (near.count(x), x == label))
        out.append(best)
    return out


def kind_changes(labels: list[str]) -> list[Boundary]:
    """A boundary where speech gives way to steady sound or back, each side lasting a while
    (pauses inside a stretch belong to it)."""
    sounding = [(i, label) for i, label in enumerate(labels) if label != _SILENT]
    runs = [(label, sounding[a][0], sounding[b - 1][0] + 1) for label, a, b in _runs([x for _, x in sounding])]
    lasting = [run for run in runs if run[2] - run[1] >= MIN_RUN_SECONDS]
    return [Boundary(time_seconds=float(start), kind="sound", strength=1.0, duration_seconds=float(start - end))
            for (before, _, end), (after, start, _) in zip(lasting, lasting[1:]) if before != after]


def long_pauses(silent: np.ndarray) -> list[Boundary]:
    """A boundary where sound resumes after a pause far longer than this recording's usual one."""
    pauses = [(start, end) for value, start, end in _runs(list(silent)) if value
              and (end - start) * FRAME_SECONDS >= _SHORTEST_PAUSE and start > 0 and end < len(silent)]
    if not pauses:
        return []
    lengths = [(end - start) * FRAME_SECONDS for start, end in pauses]
    threshold = max(MIN_PAUSE_SECONDS, PAUSE_FACTOR * float(np.median(lengths)))
    return [Boundary(time_seconds=round(end * FRAME_SECONDS, 2), kind="sound",
                     strength=round(min(1.0, length / (2 * threshold)), 3), duration_seconds=round(length, 2))
            for (start, end), length in zip(pauses, lengths) if length >= threshold]


def _runs(values: list) -> list[tuple[object, int, int]]:
    """(value, first index, index after the last) of each run of equal values."""
    runs: list[tuple[object, int, int]] = []
    for i, value in enumerate(values):
        if runs and runs[-1][0] == value:
            runs[-1] = (value, runs[-1][1], i + 1)
        else:
            runs.append((value, i, i + 1))
    return runs
