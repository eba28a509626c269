"""The real clips in ../shared/clips: each probes and samples in every mode, with sane times.

These are files nobody here made (H.264 in MP4, VP8 in WebM, MPEG-1/2 in program streams),
so they catch what generated clips do not. Skipped, with the reason, when ../shared is absent.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from vidmark.media import SamplingOptions, probe, read_audio, sample_frames

pytestmark = [pytest.mark.shared, pytest.mark.slow]

#: folder/file -> (duration s, fps, width, height, has audio), as the shared README lists them
CLIPS = {
    "01_cc_wannaworktogether/wannaworktogether.mp4": (180.0, 29.97, 480, 352, True),
    "03_fraunhofer_chid/ChID-BLITS-EBU.mp4": (46.6, 8, 800, 600, True),
    "04_moviepy_bbb_trailer/trailer_bbb.mp4": (55.0, 24, 1280, 720, True),
    "05_pyscenedetect_testvideo/testvideo.mp4": (24.0, 29.97, 1280, 720, False),
    "07_autoeditor_example/example.mp4": (42.5, 30, 1280, 720, True),
    "08_gnome_screencast/display-dual-monitors.webm": (37.0, 15, 1024, 768, False),
    "09_fillets_intro/fillets_intro.mpg": (73.0, 30, 640, 480, True),
    "10_kivy_cityCC0/cityCC0.mpg": (7.6, 25, 720, 405, False),
}


def _path(shared_clips, name):
    path = shared_clips / name
    if not path.exists():
        pytest.skip(f"{name} is not in ../shared/clips")
    return path


@pytest.mark.parametrize("name", CLIPS)
def test_probe(shared_clips, name):
    duration, fps, width, height, has_audio = CLIPS[name]
    info = probe(_path(shared_clips, name))
    assert info.duration_seconds == pytest.approx(duration, abs=0.6)
    assert (info.video.width, info.video.height) == (width, height)
    assert info.video.fps == pytest.approx(fps, rel=0.02) or info.video.variable_frame_rate
    assert bool(info.audio) == has_audio


@pytest.mark.parametrize("mode", ["exact", "keyframes", "auto"])
@pytest.mark.parametrize("name", CLIPS)
def test_sample_every_mode(shared_clips, name, mode):
    duration = CLIPS[name][0]
    frames = list(sample_frames(_path(shared_clips, name), SamplingOptions(mode=mode, every_seconds=2.0)))
    times = [f.timestamp_seconds for f in frames]
    assert times and times == sorted(times) and len(set(times)) == len(times)
    assert 0 <= times[0] < 0.5 and times[-1] < duration + 0.5
    assert all(max(f.image.shape[:2]) == 448 for f in frames)
    if mode == "exact":
        assert abs(len(frames) - math.ceil(duration / 2)) <= 1
        assert all(0 <= f.timestamp_seconds - f.requested_seconds < 0.2 for f in frames)
    if mode == "keyframes":
        assert all(f.is_keyframe for f in frames)
    if mode == "auto":
        assert np.diff([0.0, *times]).max() <= 2.0 + 0.2
    # pictures are real pictures, not blank buffers
    assert max(float(f.image.std()) for f in frames) > 10


def test_kivy_hard_cut_is_the_biggest_frame_difference(shared_clips):
    path = _path(shared_clips, "10_kivy_cityCC0/cityCC0.mpg")
    options = SamplingOptions(mode="exact", every_seconds=0.04, start_seconds=3.5, end_seconds=6.0, max_side=160)
    frames = list(sample_frames(path, options))
    assert len(frames) >= 60
    diffs = [np.abs(b.image.astype(int) - a.image).mean() for a, b in zip(frames, frames[1:])]
    cut = int(np.argmax(diffs)) + 1
    assert frames[cut].timestamp_seconds == pytest.approx(4.64, abs=0.1)
    assert diffs[cut - 1] > 5 * np.median(diffs)


def test_speech_clip_audio_is_aligned_and_audible(shared_clips):
    """07 says "banana" at about 40 s: there is sound there, on the 16 kHz timeline."""
    audio = read_audio(_path(shared_clips, "07_autoeditor_example/example.mp4"))
    assert audio.duration_seconds == pytest.approx(42.4, abs=0.3)
    loudness = [np.sqrt((audio.slice(t, t + 1).astype(float) ** 2).mean()) for t in range(0, 42)]
    assert max(loudness[38:42]) > 300 and min(loudness) < max(loudness) / 5
