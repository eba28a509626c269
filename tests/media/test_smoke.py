"""Smoke test of the media layer on a generated clip (fuller tests live beside it)."""

from vidmark.media import SamplingOptions, probe, sample_frames


def test_probe_and_sample(clip):
    info = probe(clip)
    assert 3.9 < info.duration_seconds < 4.2
    frames = list(sample_frames(clip, SamplingOptions(mode="exact", every_seconds=1.0)))
    assert [round(f.timestamp_seconds, 2) for f in frames] == [0.0, 1.0, 2.0, 3.0]
