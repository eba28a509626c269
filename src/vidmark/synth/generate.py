"""One call from a video spec to an MP4 and its ground truth on disk."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from vidmark.media import probe
from vidmark.synth.speech import SAMPLE_RATE, speak
from vidmark.synth.spec import VideoSpec
from vidmark.synth.timeline import Timeline, layout
from vidmark.synth.truth import ground_truth, write_truth
from vidmark.synth.video import encode, soundtrack


class GeneratedVideo(BaseModel):
    """What :func:`generate_video` wrote, and how long it took."""

    model_config = ConfigDict(extra="forbid")

    video: Path
    gold: Path
    duration_seconds: float
    timeline: Timeline
    elapsed_seconds: float


def generate_video(spec: VideoSpec, out_dir: Path, seed_json: bool = False) -> GeneratedVideo:
    """Write ``<name>.mp4`` and ``<name>.gold.json`` (and ``<name>.chapters.json``) into ``out_dir``."""
    began = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    clips = [
        [[speak(text, chapter.language, spec.render.voice) for text in slide.narration] for slide in chapter.slides]
        for chapter in spec.chapters
    ]
    timeline = layout(spec, [[[len(c) / SAMPLE_RATE for c in slide] for slide in chapter] for chapter in clips])
    flat: list[np.ndarray] = [clip for chapter in clips for slide in chapter for clip in slide]
    video = out_dir / f"{spec.name}.mp4"
    encode(spec, timeline, soundtrack(timeline, flat), video)
    info = probe(video).model_copy(update={"path": video.name})  # relative to the gold file, so the folder can move
    gold = out_dir / f"{spec.name}.gold.json"
    write_truth(ground_truth(spec, timeline, info), gold, out_dir / f"{spec.name}.chapters.json" if seed_json else None)
    return GeneratedVideo(
        video=video, gold=gold, duration_seconds=info.duration_seconds, timeline=timeline,
        elapsed_seconds=time.perf_counter() - began,
    )
