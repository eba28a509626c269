"""Audio: the soundtrack as 16 kHz mono 16-bit PCM, the form speech recognisers take.

Samples are placed on vidmark's timeline: sample 0 is time 0.0 (the container start),
so an audio stream that starts late is padded with silence and times computed from
sample indices line up with frame times.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import av
import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from vidmark.errors import MediaError
from vidmark.media.container import container_origin, media_error, open_media

SAMPLE_RATE = 16_000
#: endings of the audio-only files vidmark chapters (podcasts, audiobooks, recordings)
AUDIO_EXTENSIONS: tuple[str, ...] = (".mp3", ".m4a", ".m4b", ".aac", ".wav", ".flac", ".opus", ".ogg", ".oga", ".wma")


class AudioClip(BaseModel):
    """Mono int16 samples at ``sample_rate``, starting at video time 0."""

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")

    samples: np.ndarray = Field(repr=False)
    sample_rate: int = SAMPLE_RATE

    @property
    def duration_seconds(self) -> float:
        """Length of the samples in seconds."""
        return len(self.samples) / self.sample_rate

    def slice(self, start_seconds: float, end_seconds: float) -> np.ndarray:
        """The samples between two video times (empty when the range is empty)."""
        a = max(0, int(start_seconds * self.sample_rate))
        return self.samples[a : max(a, int(end_seconds * self.sample_rate))]


def has_audio(path: str | os.PathLike[str]) -> bool:
    """Whether the file has an audio stream."""
    with open_media(path) as container:
        return bool(container.streams.audio)


def iter_audio(path: str | os.PathLike[str], sample_rate: int = SAMPLE_RATE, chunk_seconds: float = 30.0) -> Iterator[np.ndarray]:
    """Yield consecutive int16 mono chunks of about ``chunk_seconds`` from time 0 on."""
    chunk = int(chunk_seconds * sample_rate)
    buffer: list[np.ndarray] = []
    held = 0
    for block in _decoded_blocks(path, sample_rate):
        buffer.append(block)
        held += len(block)
        if held >= chunk:
            joined = np.concatenate(buffer)
            for start in range(0, len(joined) - chunk + 1, chunk):
                yield joined[start : start + chunk]
            rest = joined[len(joined) - len(joined) % chunk :]
            buffer, held = [rest], len(rest)
    if held:
        yield np.concatenate(buffer)


def read_audio(path: str | os.PathLike[str], sample_rate: int = SAMPLE_RATE) -> AudioClip:
    """The whole soundtrack in memory (about 115 MB an hour at 16 kHz)."""
    blocks = list(_decoded_blocks(path, sample_rate))
    samples = np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.int16)
    return AudioClip(samples=samples, sample_rate=sample_rate)


def _decoded_blocks(path, sample_rate: int) -> Iterator[np.ndarray]:
    with open_media(path) as container:
        if not container.streams.audio:
            raise MediaError(f"{path} has no audio stream")
        stream = container.streams.audio[0]
        origin = container_origin(container)
        resampler = av.AudioResampler(format="s16", layout="mono", rate=sample_rate)
        written = 0
        try:
            for frame in _frames(container, stream):
                for out in resampler.resample(frame):
                    block, written = _place(out, origin, sample_rate, written)
                    yield block
            for out in resampler.resample(None):
                block, written = _place(out, None, sample_rate, written)
                yield block
        except av.error.FFmpegError as exc:
            raise media_error(path, "audio decoding failed", exc) from exc


def _frames(container, stream) -> Iterator[av.AudioFrame]:
    for packet in container.demux(stream):
        try:
            yield from packet.decode()
        except av.error.InvalidDataError:
            continue  # a damaged packet is a short gap, not a reason to stop


def _place(frame: av.AudioFrame, origin: float | None, sample_rate: int, written: int) -> tuple[np.ndarray, int]:
    """The frame's samples, preceded by silence when it starts after what was written."""
    data = frame.to_ndarray().reshape(-1).astype(np.int16, copy=False)
    if origin is not None and frame.pts is not None and frame.time_base is not None:
        start = int(round((float(frame.pts * frame.time_base) - origin) * sample_rate))
        if start > written + sample_rate // 100:
            data = np.concatenate([np.zeros(start - written, dtype=np.int16), data])
    return data, written + len(data)
