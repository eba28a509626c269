"""Batch benchmark: cache speed-up, worker scaling and memory across many videos.

    python bench/batch.py [--engine offline] [--clips 20] [--memory-videos 200]

Prints one table. Rows, all measured in this run:
* first run vs repeated run of the same `vidmark annotate` command on a cached video (a
  generated clip, and ../shared's narrated 3-min explainer when it is there);
* batch throughput on N short clips with 1 worker and with 2 workers (a CPU-bound engine);
* peak memory of the batch process and its workers after 50/100/200 tiny videos.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import imageio_ffmpeg

DATA = Path(__file__).resolve().parent / ".data" / "batch"
VIDMARK = [sys.executable, "-m", "vidmark.cli"]
REAL_CLIP = Path(__file__).resolve().parents[2] / "shared" / "clips" / "01_cc_wannaworktogether" / "wannaworktogether.mp4"


def make_clip(path: Path, seconds: float, size: str, seed: int) -> Path:
    if not path.exists():
        source = f"testsrc2=s={size}:r=15:d={seconds}" if seed % 2 else f"mandelbrot=s={size}:r=15"
        subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi", "-i", source,
                        "-t", str(seconds), "-vf", f"hue=h={seed * 13}", "-c:v", "libx264", "-preset", "veryfast",
                        "-g", "45", str(path)], check=True)
    return path


class Usage(NamedTuple):
    wall: float
    cpu: float  # user + system seconds of the command and every process below it
    peak_kb: dict[int, int]  # each process's peak resident memory
    root: int  # the command's own process id


def watched(command: list[str], env: dict[str, str]) -> Usage:
    """Run a command: wall time, CPU time of its whole process tree (this process is a
    child subreaper, so the orphaned forkserver pools come back here and are counted) and
    each process's peak memory, sampled from /proc."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen: dict[int, tuple[float, int]] = {}
    while child.poll() is None:
        for pid in _tree(child.pid):
            seen[pid] = _sample(pid) or seen.get(pid, (0.0, 0))
        time.sleep(0.1)
    if child.returncode:
        raise SystemExit(f"{command} failed: {child.stderr.read().decode()[-2000:]}")
    wall = time.perf_counter() - started
    _reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Usage(wall, cpu, {p: m for p, (_, m) in seen.items()}, child.pid)


def _reap_orphans(limit_seconds: float = 30.0) -> None:
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.05)


def _become_subreaper() -> None:
    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            children.setdefault(int(stat.read_text().rsplit(")", 1)[1].split()[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [root]
    while todo:
        found.append(pid := todo.pop())
        todo += children.get(pid, [])
    return found


def _sample(pid: int) -> tuple[float, int] | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    peak = next((int(line.split()[1]) for line in status if line.startswith("VmHWM")), 0)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), peak


def cache_rows(engine: str, env: dict[str, str]) -> list[tuple[str, float, str]]:
    videos = [("2-min generated clip", make_clip(DATA / "cached2.mp4", 120, "640x360", 1))]
    if REAL_CLIP.exists():  # narration and on-screen text: speech and OCR run
        videos.append(("3-min real explainer", REAL_CLIP))
    rows = []
    for name, video in videos:
        out = str(Path(env["VIDMARK_CACHE_DIR"]) / "o.json")
        command = [*VIDMARK, "annotate", str(video), "--engine", engine, "-o", out]
        first, again = watched(command, env), watched(command, env)
        rows += [(f"annotate, first run ({name})", first.wall, f"{first.cpu:.1f} CPU s"),
                 ("annotate, same command again (cached)", again.wall,
                  f"{again.cpu:.1f} CPU s; {first.wall / again.wall:.0f}x faster (wall), {first.cpu / again.cpu:.0f}x (CPU)")]
    return rows


def throughput_rows(engine: str, clips: int, env: dict[str, str], seconds: int = 90) -> list[tuple[str, float, str]]:
    folder = DATA / f"distinct{clips}x{seconds}s"  # each clip its own content: no cache hits between them
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(clips):
        make_clip(folder / f"c{i:03d}.mp4", seconds, "640x360", i)
    rows, rates = [], {}
    for jobs in (1, 2):
        out = Path(tempfile.mkdtemp())
        cache = {**env, "VIDMARK_CACHE_DIR": tempfile.mkdtemp()}
        command = [*VIDMARK, "batch", str(folder), "--out", str(out), "--engine", engine, "-j", str(jobs), "--plain"]
        wall, cpu, *_ = watched(command, cache)
        rates[jobs] = clips / wall * 3600
        rows.append((f"batch of {clips} {seconds}-s clips, -j {jobs}", wall, f"{rates[jobs]:.0f} videos/h, {cpu:.0f} CPU s"))
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
        "import sys\n"
        "from vidmark.batch import BatchOptions, expand_inputs, run_batch\n"
        "items = expand_inputs([sys.argv[1]])[: int(sys.argv[3])]\n"
        "run_batch(items, BatchOptions(out_dir=sys.argv[2], jobs=2, annotate={'engine': 'scenes'}))\n"
    )
    rows = []
    for count in sorted({videos // 4, videos // 2, videos}):
        command = [sys.executable, "-c", script, str(folder), tempfile.mkdtemp(), str(count)]
        usage = watched(command, {**env, "VIDMARK_CACHE_DIR": tempfile.mkdtemp()})
        own = usage.peak_kb.pop(usage.root, 0)
        rows.append((f"batch of {count} tiny videos", usage.wall,
                     f"peak RSS: batch {own / 1024:.0f} MB, largest worker {max(usage.peak_kb.values(), default=0) / 1024:.0f} MB"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", default="offline")
    parser.add_argument("--clips", type=int, default=20)
    parser.add_argument("--memory-videos", type=int, default=200)
    parser.add_argument("--only", choices=("cache", "throughput", "memory"), default=None, help="one group of rows")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    _become_subreaper()
    env = {**os.environ, "VIDMARK_CACHE_DIR": tempfile.mkdtemp()}
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    groups = {"cache": lambda: cache_rows(args.engine, env), "throughput": lambda: throughput_rows(args.engine, args.clips, env),
              "memory": lambda: memory_rows(args.memory_videos, env)}
    rows = [row for name, group in groups.items() if args.only in (None, name) for row in group()]
    print(f"{'measurement':<42} {'seconds':>9}  result")
    for name, seconds, result in rows:
        print(f"{name:<42} {seconds:>9.2f}  {result}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
