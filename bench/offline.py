#!/usr/bin/env python3
"""Time the offline engine end to end on one video, beside decoding alone (2 cores, no GPU).

    .venv/bin/python bench/offline.py [VIDEO]

VIDEO defaults to the benchmark's 10.9-minute 720p lecture (bench/.data/synthetic-full/
en_photo_long_course.mp4, made by bench/make_dataset.py) or else the bundled sample. Runs,
in one process with a fresh signal cache: decoding the frames the visual pass samples (the
baseline), `vidmark.pipeline.annotate` with the offline engine (every stage, speech in its
second process as by default), then the segmentation alone on the measured signals. Prints
wall and CPU seconds (CPU of this process and its finished children), the real-time factor,
the ratio to decoding, and peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")
DEFAULT = ROOT / "bench" / ".data" / "synthetic-full" / "en_photo_long_course.mp4"


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(step: Callable[..., T], *args: object) -> tuple[T, float, float]:
    """The step's result, its wall seconds and its CPU seconds."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = step(*args)
    return result, time.perf_counter() - wall, cpu_seconds() - cpu


def decode(path: Path) -> int:
    from vidmark.media import SamplingOptions, sample_frames

    return sum(1 for _ in sample_frames(path, SamplingOptions(mode="auto", every_seconds=1.0, max_side=960)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", type=Path, nargs="?", default=DEFAULT if DEFAULT.is_file() else ROOT / "sample" / "tutorial.mp4")
    args = parser.parse_args()
    os.environ["VIDMARK_CACHE_DIR"] = tempfile.mkdtemp(prefix="vidmark-bench-offline-")
    from vidmark.media import probe
    from vidmark.pipeline import AnnotateOptions, annotate
    from vidmark.segment import segment
    from vidmark.signals import SignalOptions, collect_signals

    video = probe(args.video)
    frames, decode_wall, decode_cpu = timed(decode, args.video)
    annotation, wall, cpu = timed(annotate, args.video, AnnotateOptions(engine="offline", cache=False))
    signals = collect_signals(args.video, video, SignalOptions(languages=[annotation.language] if annotation.language else []))
    chapters, seg_wall, seg_cpu = timed(segment, signals, 0.0, video.duration_seconds)
    length = video.duration_seconds
    print(f"{args.video.name}: {length:.0f} s, {video.video.width}x{video.video.height}, {frames} frames sampled, "
          f"{len(annotation.chapters)} chapters")
    print(f"{'step':<34} {'wall s':>8} {'CPU s':>8} {'x real time':>12} {'wall / decode':>14}")
    for name, w, c in (("decode the sampled frames (baseline)", decode_wall, decode_cpu),
                       ("offline engine end to end", wall, cpu), ("segmentation alone", seg_wall, seg_cpu)):
        print(f"{name:<34} {w:>8.1f} {c:>8.1f} {w / length:>12.3f} {w / decode_wall:>14.2f}")
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"peak memory: {own.ru_maxrss / 1024:.0f} MiB this process, {children.ru_maxrss / 1024:.0f} MiB the largest child")
    return 0


if __name__ == "__main__":
    sys.exit(main())
