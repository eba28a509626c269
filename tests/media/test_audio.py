"""Audio as 16 kHz mono PCM on the video's timeline: a tone that starts at a known time
must start at that time in the samples, whatever the container's start or the audio
stream's offset."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ffmpeg
from vidmark.errors import MediaError
from vidmark.media import SAMPLE_RATE, SamplingOptions, iter_audio, probe, read_audio, sample_frames
from vidmark.media.audio import has_audio

TONE_AT = 1.5
DURATION = 4.0
TONE = f"if(gte(t,{TONE_AT}),0.5*sin(2*PI*1000*t),0)"


def tone_clip(path: Path, *before_audio: str, container: tuple[str, ...] = ()) -> Path:
    """A 4 s video with stereo 44.1 kHz audio: silence, then a 1 kHz tone from 1.5 s."""
    ffmpeg("-f", "lavfi", "-i", f"testsrc2=s=160x120:r=25:d={DURATION}",
           *before_audio, "-f", "lavfi", "-i", f"aevalsrc='{TONE}|{TONE}':s=44100:d={DURATION}",
           "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", *container, str(path))
    return path


def onset_seconds(samples: np.ndarray, rate: int = SAMPLE_RATE) -> float:
    """Start of the first 5 ms window much louder than the silence."""
    window = rate // 200
    frames = samples[: len(samples) // window * window].astype(float).reshape(-1, window)
    loud = np.flatnonzero(np.sqrt((frames**2).mean(axis=1)) > 2000)
    return float(loud[0] * window / rate)


@pytest.fixture(scope="module")
def mp4_tone(media_dir) -> Path:
    return tone_clip(media_dir / "tone.mp4")


def test_sixteen_kilohertz_mono_int16(mp4_tone):
    clip = read_audio(mp4_tone)
    assert clip.sample_rate == SAMPLE_RATE == 16_000
    assert clip.samples.dtype == np.int16 and clip.samples.ndim == 1
    assert clip.duration_seconds == pytest.approx(DURATION, abs=0.05)
    assert onset_seconds(clip.samples) == pytest.approx(TONE_AT, abs=0.02)
    # the tone is a tone: 1 kHz dominates the spectrum of a slice inside it
    part = clip.slice(2.0, 3.0).astype(float)
    peak = np.fft.rfftfreq(len(part), 1 / SAMPLE_RATE)[np.abs(np.fft.rfft(part)).argmax()]
    assert peak == pytest.approx(1000, abs=2)
    assert np.abs(clip.slice(0.2, 1.3)).max() < 200  # silence before it


def test_chunks_join_to_the_whole(mp4_tone):
    chunks = list(iter_audio(mp4_tone, chunk_seconds=1.0))
    assert all(len(c) == SAMPLE_RATE for c in chunks[:-1])
    assert np.array_equal(np.concatenate(chunks), read_audio(mp4_tone).samples)


def test_audio_aligned_with_video_when_the_container_starts_late(mp4_tone, media_dir):
    shifted = media_dir / "tone.ts"
    ffmpeg("-i", str(mp4_tone), "-c", "copy", "-output_ts_offset", "30", str(shifted))
    assert probe(shifted).start_time_seconds > 30
    # time 0 is the container start: here the AAC priming, 1024 samples before the video
    first = next(sample_frames(shifted, SamplingOptions(mode="exact"))).timestamp_seconds
    assert first == pytest.approx(1024 / 44100, abs=0.002)
    onset = onset_seconds(read_audio(shifted).samples)
    assert onset - first == pytest.approx(TONE_AT, abs=0.01)


def test_late_audio_stream_is_padded_with_silence(media_dir):
    """Audio that starts 1 s after the video: its tone (1.5 s into the audio) is at 2.5 s."""
    late = tone_clip(media_dir / "late_audio.mp4", "-itsoffset", "1.0")
    samples = read_audio(late).samples
    assert onset_seconds(samples) == pytest.approx(TONE_AT + 1.0, abs=0.03)


def test_no_audio_stream(media_dir):
    silent = media_dir / "silent.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=160x120:r=25:d=1", "-c:v", "libx264", str(silent))
    assert not has_audio(silent)
    with pytest.raises(MediaError, match="no audio stream"):
        read_audio(silent)
