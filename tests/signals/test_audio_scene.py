"""The sound signal: changes between speech and steady sound (music), and unusually long
pauses, from the decoded audio alone. Checked on arrays whose answer is known, on a
generated podcast in every audio format, and on real clips with music and with speech."""

from __future__ import annotations

import numpy as np
import pytest

from tests.podcast import ENCODERS, encode, make_podcast
from vidmark.media import read_audio
from vidmark.signals.audio_scene import analyse_sound, frame_levels, long_pauses, second_labels, sound_boundaries

RATE = 16_000


def _speechlike(seconds: float, seed: int = 0) -> np.ndarray:
    """Noise bursts four times a second with gaps between them, as syllables come and go."""
    t = np.arange(int(seconds * RATE)) / RATE
    syllables = (np.sin(2 * np.pi * 4 * t) > 0).astype(np.float32)
    return 0.3 * syllables * np.random.default_rng(seed).normal(0, 1, len(t)).astype(np.float32)


def _tone(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (0.3 * np.sin(2 * np.pi * 330 * t)).astype(np.float32)


def _pcm(*parts: np.ndarray) -> np.ndarray:
    return (np.clip(np.concatenate(parts), -1, 1) * 32767).astype(np.int16)


def test_speech_and_steady_sound_are_told_apart():
    samples = _pcm(_speechlike(10), _tone(10))
    levels = frame_levels(samples, RATE)
    labels = second_labels(levels, levels < -70)
    assert labels[:8] == ["speech"] * 8 and labels[-8:] == ["steady"] * 8


def test_music_after_speech_is_a_boundary_where_it_starts():
    found = sound_boundaries(_pcm(_speechlike(12), _tone(12), _speechlike(12, seed=1)))
    assert [(b.kind, b.time_seconds) for b in found] == [("sound", 12.0), ("sound", 24.0)]


def test_short_stretches_are_not_changes():
    """Speech over a music bed alternates in stretches of a few seconds: not a new chapter."""
    parts = [_speechlike(3, seed=i) if i % 2 else _tone(3) for i in range(10)]
    assert sound_boundaries(_pcm(*parts)) == []


def test_only_pauses_far_longer_than_usual_count():
    gap, long = np.zeros(int(0.5 * RATE), np.float32), np.zeros(int(4.0 * RATE), np.float32)
    speech = [_speechlike(3, seed=i) for i in range(6)]
    samples = _pcm(speech[0], gap, speech[1], gap, speech[2], long, speech[3], gap, speech[4], gap, speech[5])
    levels = frame_levels(samples, RATE)
    pauses = long_pauses(levels < -70)
    assert [b.time_seconds for b in pauses] == pytest.approx([14.0], abs=0.05)
    assert pauses[0].duration_seconds == pytest.approx(4.0, abs=0.15) and 0.5 < pauses[0].strength <= 1.0


def test_silence_and_nothing_give_nothing():
    assert sound_boundaries(np.zeros(0, np.int16)) == []
    assert sound_boundaries(np.zeros(30 * RATE, np.int16)) == []


@pytest.fixture(scope="module")
def podcast(tmp_path_factory):
    return make_podcast(tmp_path_factory.mktemp("podcast"))


@pytest.mark.parametrize("suffix", ENCODERS)
def test_podcast_parts_found_in_every_format(podcast, tmp_path, suffix):
    found = analyse_sound(encode(podcast, suffix, tmp_path)).boundaries
    assert [b.time_seconds for b in found] == pytest.approx(podcast.boundaries, abs=0.5)


@pytest.mark.shared
@pytest.mark.parametrize(("clip", "kind"), [("04_moviepy_bbb_trailer/trailer_bbb.mp4", "steady"),
                                            ("09_fillets_intro/fillets_intro.mpg", "steady"),
                                            ("07_autoeditor_example/example.mp4", "speech")])
def test_real_music_and_real_speech(shared_clips, clip, kind):
    """Real music (a film trailer, a game intro) is steady sound; a real voice is speech."""
    samples = read_audio(shared_clips / clip).samples
    levels = frame_levels(samples, RATE)
    labels = [x for x in second_labels(levels, levels < np.percentile(levels, 95) - 35) if x != "silence"]
    assert labels.count(kind) / len(labels) > 0.9
