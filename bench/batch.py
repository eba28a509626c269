"""Batch benchmark: cache speed-up, worker scaling and memory across many videos.

    python bench/batch.py [--engine offline] [--clips 20] [--memory-videos 200]

Prints one table. Rows, all measured in this run:
* first run vs repeated run of the same `vidmark annotate` command on a cached video;
* batch throughput on N short clips with 1 worker and with 2 workers (a CPU-bound engine);
* peak memory of the batch process and its workers after 50/100/200 tiny videos.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import imageio_ffmpeg

DATA = Path(__file__).resolve().parent / ".data" / "batch"
VIDMARK = [sys.executable, "-m", "vidmark.cli"]


def make_clip(path: Path, seconds: float, size: str, seed: int) -> Path:
    if not path.exists():
        source = f"testsrc2=s={size}:r=15:d={seconds}" if seed % 2 else f"mandelbrot=s={size}:r=15"
        subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi", "-i", source,
                        "-t", str(seconds), "-c:v", "libx264", "-preset", "veryfast", "-g", "45", str(path)], check=True)
    return path


def timed(command: list[str], env: dict[str, str]) -> float:
    return timed_cpu(command, env)[0]


def timed_cpu(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system of the command and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - started, cpu


def cache_rows(engine: str, env: dict[str, str]) -> list[tuple[str, float, str]]:
    video = make_clip(DATA / "cached.mp4", 120, "640x360", 1)
    command = [*VIDMARK, "annotate", str(video), "--engine", engine, "-o", str(Path(env["VIDMARK_CACHE_DIR"]) / "o.json")]
    first, second = timed(command, env), timed(command, env)
    return [("annotate, first run (2-min clip)", first, ""), ("annotate, same command again (cached)", second, f"{first / second:.0f}x faster")]


def throughput_rows(engine: str, clips: int, env: dict[str, str]) -> list[tuple[str, float, str]]:
    folder = DATA / f"clips{clips}"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(clips):
        make_clip(folder / f"c{i:03d}.mp4", 30, "640x360", i)
    rows, rates = [], {}
    for jobs in (1, 2):
        out = Path(tempfile.mkdtemp())
        cache = {**env, "VIDMARK_CACHE_DIR": tempfile.mkdtemp()}
        command = [*VIDMARK, "batch", str(folder), "--out", str(out), "--engine", engine, "-j", str(jobs), "--plain"]
        seconds, cpu = timed_cpu(command, cache)
        rates[jobs] = clips / seconds * 3600
        rows.append((f"batch of {clips} clips, -j {jobs}", seconds, f"{rates[jobs]:.0f} videos/h, {cpu:.0f} CPU s"))
    rows[-1] = (*rows[-1][:2], rows[-1][2] + f", {rates[2] / rates[1]:.2f}x -j 1")
    return rows


def memory_rows(videos: int, env: dict[str, str]) -> list[tuple[str, float, str]]:
    folder = DATA / "tiny"
    folder.mkdir(parents=True, exist_ok=True)
    base = make_clip(folder / "base.mp4", 2, "64x48", 1)
    for i in range(videos):
        target = folder / f"t{i:03d}.mp4"
        if not target.exists():
            shutil.copy(base, target)
            with target.open("ab") as handle:
                handle.write(i.to_bytes(4, "little"))  # distinct content: no cache hits
    script = (
        "import json,resource,sys\n"
        "from vidmark.batch import BatchOptions, expand_inputs, run_batch\n"
        "items = expand_inputs([sys.argv[1]])[: int(sys.argv[3])]\n"
        "run_batch(items, BatchOptions(out_dir=sys.argv[2], jobs=2, annotate={'engine': 'scenes'}))\n"
        "print(json.dumps([resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))\n"
    )
    rows = []
    for count in (50, 100, videos):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", script, str(folder), tempfile.mkdtemp(), str(count)],
                              check=True, capture_output=True, text=True, env={**env, "VIDMARK_CACHE_DIR": tempfile.mkdtemp()})
        own, children = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append((f"batch of {count} tiny videos", time.perf_counter() - started,
                     f"peak RSS: batch {own / 1024:.0f} MB, largest worker {children / 1024:.0f} MB"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", default="offline")
    parser.add_argument("--clips", type=int, default=20)
    parser.add_argument("--memory-videos", type=int, default=200)
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "VIDMARK_CACHE_DIR": tempfile.mkdtemp()}
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    rows = cache_rows(args.engine, env) + throughput_rows(args.engine, args.clips, env) + memory_rows(args.memory_videos, env)
    print(f"{'measurement':<42} {'seconds':>9}  result")
    for name, seconds, result in rows:
        print(f"{name:<42} {seconds:>9.2f}  {result}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
