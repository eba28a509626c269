"""The media layer: probe files, sample frames and read audio, all through PyAV."""

from vidmark.media.audio import SAMPLE_RATE, AudioClip, iter_audio, read_audio
from vidmark.media.frames import MODES, SamplingOptions, sample_frames, scan_stream
from vidmark.media.probe import probe

__all__ = [
    "MODES",
    "SAMPLE_RATE",
    "AudioClip",
    "SamplingOptions",
    "iter_audio",
    "probe",
    "read_audio",
    "sample_frames",
    "scan_stream",
]
