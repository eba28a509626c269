"""Embedding benchmark: writing chapters into a 1-hour video against copying the file.

    python bench/embed.py [--minutes 60] [--repeats 5] [--variants low,high]

Embedding copies every stream (no re-encoding), so it should cost about what `cp` costs.
Two ways are timed: the default splice (the file's bytes copied as `cp` copies them, then
the chapter index rewritten) and `--remux` (ffmpeg rewrites every packet).
Two 1-hour test videos (25 fps H.264 + AAC) are generated once and cached under
bench/.data/embed/: ``low`` (320x180, about 0.4 Mbit/s, 190 MB) and ``high`` (640x360
lossless, about 4 Mbit/s like a real 1080p upload, 1.7 GB). Remuxing costs per packet and
copying per byte, so the low-bitrate file is the worst case for the ratio. Prints one
table: median wall seconds and CPU seconds (user + system, child processes included), and
each as a ratio to `cp` of the same file, all measured in this run. The actions take turns
within each repeat; before each (untimed) the previous output is deleted and `sync` runs,
so every action writes a new file and none pays for another's dirty pages (ext4 flushes a
file at once when it replaces an existing one, which would otherwise favour one side).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import imageio_ffmpeg

from vidmark.export.embed import EmbedOptions, embed_chapters
from vidmark.model import Chapter

DATA = Path(__file__).resolve().parent / ".data" / "embed"


VARIANTS = {
    "low": ("320x180", ["-b:v", "350k"]),
    "high": ("640x360", ["-qp", "0"]),
}


def make_video(minutes: int, variant: str) -> dict[str, Path]:
    """The cached test video as MP4, and the same streams remuxed into MKV."""
    DATA.mkdir(parents=True, exist_ok=True)
    stem = f"long-{minutes}m" + ("" if variant == "low" else f"-{variant}")
    mp4, mkv = DATA / f"{stem}.mp4", DATA / f"{stem}.mkv"
    ffmpeg = [imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y"]
    seconds, (size, rate) = minutes * 60, VARIANTS[variant]
    if not mp4.exists():
        print(f"generating the {variant}-bitrate {minutes}-minute video (once)...", file=sys.stderr)
        subprocess.run([*ffmpeg, "-f", "lavfi", "-i", f"testsrc2=s={size}:r=25:d={seconds}",
                        "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                        "-c:v", "libx264", "-preset", "ultrafast", *rate, "-g", "250",
                        "-c:a", "aac", "-b:a", "64k", str(mp4)], check=True)
    if not mkv.exists():
        subprocess.run([*ffmpeg, "-i", str(mp4), "-map", "0", "-c", "copy", str(mkv)], check=True)
    return {"mp4": mp4, "mkv": mkv}


def chapters(minutes: int) -> list[Chapter]:
    """One chapter every 5 minutes."""
    starts = list(range(0, minutes * 60, 300))
    ends = starts[1:] + [minutes * 60]
    return [Chapter(start_seconds=s, end_seconds=e, title=f"Part {i} 第{i}章") for i, (s, e) in enumerate(zip(starts, ends), 1)]


def measure(actions: dict[str, Callable[[], object]], repeats: int, output: Path) -> dict[str, tuple[float, float]]:
    """Median wall seconds and median CPU seconds (this process and its children) per action,
    each writing ``output`` afresh."""
    walls: dict[str, list[float]] = {name: [] for name in actions}
    cpus: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeats):
        for name, action in actions.items():
            output.unlink(missing_ok=True)
            os.sync()
            cpu_before, wall_before = _cpu_seconds(), time.perf_counter()
            action()
            walls[name].append(time.perf_counter() - wall_before)
            cpus[name].append(_cpu_seconds() - cpu_before)
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in actions}


def _cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--variants", default="low,high", help="comma-separated: low, high")
    args = parser.parse_args()
    marks = chapters(args.minutes)
    out = DATA / "out"
    out.mkdir(exist_ok=True)
    rows = []
    for variant in args.variants.split(","):
        for kind, video in make_video(args.minutes, variant).items():
            target = out / f"result.{kind}"
            results = measure({
                "cp": lambda: subprocess.run(["cp", str(video), str(target)], check=True),
                f"embed {len(marks)} chapters (splice)": lambda: embed_chapters(video, marks, target),
                "embed --remux (ffmpeg)": lambda: embed_chapters(video, marks, target, EmbedOptions(method="remux")),
            }, args.repeats, target)
            size = f"{video.stat().st_size / 1e6:.0f} MB"
            copy = results["cp"]
            for name, (wall, cpu) in results.items():
                rows.append(f"| {variant} {kind} | {size} | {name} | {wall:.2f} | {wall / copy[0]:.2f} | {cpu:.2f} | "
                            f"{cpu / copy[1]:.2f} |")
            target.unlink()
    print(f"| video | size | action | wall s (median of {args.repeats}) | wall ratio | CPU s | CPU ratio |")
    print("|---|---:|---|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
