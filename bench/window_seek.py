"""Windows far into a long video: sampling starts at the window's keyframe (a seek)
rather than demuxing everything before it.

    .venv/bin/python bench/window_seek.py [--minutes 5,60,115] [--window 300]

Input: the 2-hour 1080p H.264 file of bench/sampling.py (made by it, cached in
bench/.data). Each window is sampled as annotation samples it (`auto`, a frame every 2 s,
longest side 448) twice in the same run: with the seek, and walking from 0 s as before
(the seek switched off). Prints wall seconds per window and their ratio; both ways give
the same frames (tests/media/test_frames.py checks that on every container). The
demux-only scan that precedes sampling is remembered per file, so it runs once, untimed.
"""

from __future__ import annotations

import argparse
import math
import time

from sampling import memory_input

from vidmark.media import SamplingOptions, sample_frames, scan_stream
from vidmark.media import frames as frames_module


def sample_window(path, start: float, length: float) -> tuple[float, int]:
    began = time.perf_counter()
    count = sum(1 for _ in sample_frames(path, SamplingOptions(start_seconds=start, end_seconds=start + length)))
    return time.perf_counter() - began, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", default="5,60,115", help="window starts, in minutes")
    parser.add_argument("--window", type=float, default=300.0, help="window length in seconds")
    args = parser.parse_args()
    path = memory_input(120)
    scan_stream(path)  # the demux-only scan is remembered per file: done once, outside the timings
    seek_after = frames_module._SEEK_AFTER_SECONDS
    print("| window start | frames | seek s | walk from 0 s | seek / walk |")
    print("|---:|---:|---:|---:|---:|")
    for minute in (float(m) for m in args.minutes.split(",")):
        frames_module._SEEK_AFTER_SECONDS = seek_after
        seek, count = sample_window(path, minute * 60, args.window)
        frames_module._SEEK_AFTER_SECONDS = math.inf
        walk, _ = sample_window(path, minute * 60, args.window)
        print(f"| {minute:.0f} min | {count} | {seek:.2f} | {walk:.2f} | {seek / walk:.2f} |")


if __name__ == "__main__":
    main()
