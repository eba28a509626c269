"""Frame sampling speed and memory: vidmark's three modes against OpenCV and FFmpeg.

    .venv/bin/python bench/sampling.py            # prints the tables (about 3 minutes)
    .venv/bin/python bench/sampling.py --long     # also `auto` over the whole 2-hour file
    .venv/bin/python bench/sampling.py --rounds 3 # each speed row 3 times, the fastest kept

Inputs are generated once with the imageio-ffmpeg binary and cached in bench/.data/:
a 10-minute 1280x720 H.264 30 fps file with a GOP of 250 (lavfi testsrc2, which moves),
and for memory 1920x1080 files of 10 minutes and 2 hours made by stream-copying a
one-minute 1080p segment (no re-encoding, so the 2-hour file costs seconds to make).

Every row runs in its own child process; its peak RSS is that child's ru_maxrss from
os.wait4. Wall and CPU seconds (all threads) of Python rows are measured inside the child
around the sampling loop (interpreter start-up excluded); FFmpeg rows are the wall time
and the rusage CPU time of the ffmpeg process. All rows of a table are measured in the
same run, so the ratios compare like with like; on a machine shared with other jobs the
CPU ratios are the steadier ones.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import imageio_ffmpeg

DATA = Path(__file__).resolve().parent / ".data"
FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
STEP_SECONDS = 2.0
MAX_SIDE = 448
MODES = ("exact", "keyframes", "auto")
OPENCV = "OpenCV cap.read() loop (baseline)"
FLOOR = "ffmpeg -threads 2 full decode (floor)"


def _ffmpeg(*args: str) -> None:
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def _cached(name: str, make) -> Path:
    """DATA/name, made by ``make(tmp_path)`` the first time."""
    path = DATA / name
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name("tmp_" + name)
        print(f"generating {path} (once) ...", file=sys.stderr)
        make(tmp)
        tmp.rename(path)
    return path


def speed_input() -> Path:
    """10 minutes of 1280x720 H.264 at 30 fps, a keyframe every 250 frames."""
    return _cached("720p30_600s_g250.mp4", lambda tmp: _ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=600", "-c:v", "libx264", "-preset", "fast",
        "-g", "250", "-pix_fmt", "yuv420p", str(tmp)))


def memory_input(minutes: int) -> Path:
    """``minutes`` of 1920x1080 H.264 at 30 fps: one encoded minute, stream-copied end to end."""
    segment = _cached("1080p30_60s_g250.mp4", lambda tmp: _ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=30:d=60", "-c:v", "libx264", "-preset", "veryfast",
        "-b:v", "1M", "-g", "250", "-pix_fmt", "yuv420p", str(tmp)))

    def concat(tmp: Path) -> None:
        listing = DATA / f"concat_{minutes}.txt"
        listing.write_text(f"file '{segment.name}'\n" * minutes)
        _ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", str(tmp))

    return _cached(f"1080p30_{minutes}min.mp4", concat)


# --- rows, each run in a child process -------------------------------------------------

def row_vidmark(path: str, mode: str, end: float | None) -> dict:
    """vidmark's sampler in ``mode``, one frame every STEP_SECONDS at MAX_SIDE."""
    from vidmark.media import SamplingOptions, sample_frames

    options = SamplingOptions(mode=mode, every_seconds=STEP_SECONDS, max_side=MAX_SIDE, end_seconds=end)
    start, cpu = time.perf_counter(), time.process_time()
    count = sum(1 for _ in sample_frames(path, options))
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "frames": count}


def row_opencv(path: str) -> dict:
    """The seed's loop: read every frame, keep every N-th, scaled and in RGB."""
    import cv2

    start, cpu = time.perf_counter(), time.process_time()
    cap = cv2.VideoCapture(path)
    every = max(1, round(cap.get(cv2.CAP_PROP_FPS) * STEP_SECONDS))
    index = kept = 0
    while True:
        ok, image = cap.read()
        if not ok:
            break
        if index % every == 0:
            height, width = image.shape[:2]
            scale = MAX_SIDE / max(height, width)
            small = cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
            cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
            kept += 1
        index += 1
    cap.release()
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "frames": kept}


def run_python_row(kind: str, path: Path, mode: str = "", end: float | None = None) -> dict:
    """A vidmark or OpenCV row, run by this script in a child process."""
    args = [sys.executable, __file__, "--row", kind, str(path), mode, json.dumps(end)]
    result = _child_with_rusage(args)
    row = json.loads(result["out"].strip().splitlines()[-1])
    return {**row, "rss_mb": result["rss_mb"]}


def run_ffmpeg_row(path: Path, *decoder_options: str) -> dict:
    """A decode to FFmpeg's null muxer with ``decoder_options``: a floor to compare with."""
    args = [FFMPEG, "-hide_banner", "-loglevel", "error", "-nostats", *decoder_options, "-i", str(path),
            "-an", "-f", "null", "-progress", "pipe:1", "-"]
    result = _child_with_rusage(args)
    frames = [line.split("=", 1)[1] for line in result["out"].splitlines() if line.startswith("frame=")]
    return {"seconds": result["wall"], "cpu": result["cpu"], "frames": int(frames[-1]) if frames else 0,
            "rss_mb": result["rss_mb"]}


def row_pyav_all(path: str) -> dict:
    """Every frame decoded by PyAV with two threads, as in the issue's calibration."""
    import av

    start, cpu = time.perf_counter(), time.process_time()
    with av.open(path) as container:
        stream = container.streams.video[0]
        stream.thread_type, stream.codec_context.thread_count = "AUTO", 2
        count = sum(1 for _ in container.decode(stream))
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "frames": count}


def _child_with_rusage(args: list[str]) -> dict:
    """Run a child to completion and read its own rusage (not the sum over all children)."""
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    started = time.perf_counter()
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"row failed ({process.returncode}): {' '.join(args)}\n{err.decode(errors='replace')}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "out": out.decode(),
            "rss_mb": usage.ru_maxrss / 1024}


# --- tables ------------------------------------------------------------------------------

def speed_table(path: Path, rounds: int) -> list[tuple[str, dict]]:
    """Every speed row, in ``rounds`` interleaved rounds; each row keeps its fastest round."""
    runners = {f"vidmark {mode}": (lambda mode=mode: run_python_row("vidmark", path, mode)) for mode in MODES}
    runners[OPENCV] = lambda: run_python_row("opencv", path)
    runners["PyAV every frame, 2 threads"] = lambda: run_python_row("pyav", path)
    runners["ffmpeg -skip_frame nokey (floor)"] = lambda: run_ffmpeg_row(path, "-skip_frame", "nokey")
    runners[FLOOR] = lambda: run_ffmpeg_row(path, "-threads", "2")
    return list(best_of(runners, rounds, "seconds").items())


def best_of(runners: dict, rounds: int, measure: str) -> dict[str, dict]:
    """Every runner's row, in ``rounds`` interleaved rounds, each the round least in ``measure``."""
    best: dict[str, dict] = {}
    for _ in range(rounds):
        for name, run in runners.items():
            row = run()
            if name not in best or row[measure] < best[name][measure]:
                best[name] = row
    return best


def print_speed(path: Path, rows: list[tuple[str, dict]]) -> dict[str, dict]:
    """Print the speed table; the rows by name."""
    by_name = dict(rows)
    baseline, floor = by_name[OPENCV], by_name[FLOOR]
    print(f"\nSpeed: {path.name}, one frame every {STEP_SECONDS:g} s, max side {MAX_SIDE}\n")
    print("| row | wall s | CPU s | frames | speed-up vs OpenCV, wall (CPU) "
          "| time / full-decode floor, wall (CPU) | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, row in rows:
        print(f"| {name} | {row['seconds']:.2f} | {row['cpu']:.2f} | {row['frames']} "
              f"| {baseline['seconds'] / row['seconds']:.1f}x ({baseline['cpu'] / row['cpu']:.1f}x) "
              f"| {row['seconds'] / floor['seconds']:.2f} ({row['cpu'] / floor['cpu']:.2f}) | {row['rss_mb']:.0f} |")
    return by_name


def print_targets(by_name: dict[str, dict]) -> None:
    """Print whether each of the issue's targets is met in this run."""
    print()
    for measure in ("seconds", "cpu"):
        baseline, floor = by_name[OPENCV][measure], by_name[FLOOR][measure]
        checks = [
            ("exact <= 1.1x full-decode floor", by_name["vidmark exact"][measure] / floor, "<=", 1.1),
            ("keyframes >= 20x faster than OpenCV", baseline / by_name["vidmark keyframes"][measure], ">=", 20),
            ("auto >= 3x faster than OpenCV", baseline / by_name["vidmark auto"][measure], ">=", 3),
        ]
        for label, value, op, limit in checks:
            ok = value <= limit if op == "<=" else value >= limit
            print(f"- target {label} ({'wall' if measure == 'seconds' else 'CPU'}): {value:.2f} "
                  f"-> {'met' if ok else 'NOT met'}")


def memory_table(long: bool) -> None:
    """Peak RSS on 1080p inputs of 10 minutes and 2 hours: flat in the duration or not."""
    print("\nMemory: 1920x1080 H.264 30 fps, one frame every 2 s, max side 448\n")
    print("| input | mode | wall s | frames | peak RSS MB |")
    print("|---|---|---:|---:|---:|")
    plan = [(10, "auto"), (10, "keyframes"), (120, "keyframes")]
    if long:
        plan.append((120, "auto"))
    for minutes, mode in plan:
        row = run_python_row("vidmark", memory_input(minutes), mode)
        print(f"| {minutes} min | {mode} | {row['seconds']:.1f} | {row['frames']} | {row['rss_mb']:.0f} |")
    ten = run_python_row("vidmark", memory_input(120), "auto", 600.0)
    print(f"| 120 min, first 10 min | auto | {ten['seconds']:.1f} | {ten['frames']} | {ten['rss_mb']:.0f} |")


def main() -> None:
    """Generate the inputs if needed, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--row", nargs=4, metavar=("KIND", "PATH", "MODE", "END"), help=argparse.SUPPRESS)
    parser.add_argument("--long", action="store_true", help="also sample the whole 2-hour file in auto mode")
    parser.add_argument("--skip-memory", action="store_true", help="no memory table")
    parser.add_argument("--skip-speed", action="store_true", help="no speed table")
    parser.add_argument("--rounds", type=int, default=1, help="measure every speed row this many times, keep the fastest")
    args = parser.parse_args()
    if args.row:
        kind, path, mode, end = args.row
        rows = {"vidmark": lambda: row_vidmark(path, mode, json.loads(end)),
                "opencv": lambda: row_opencv(path), "pyav": lambda: row_pyav_all(path)}
        result = rows[kind]()
        print(json.dumps(result))
        return
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; ffmpeg {FFMPEG.rsplit('-', 1)[-1]}")
    if not args.skip_speed:
        path = speed_input()
        print_targets(print_speed(path, speed_table(path, args.rounds)))
    if not args.skip_memory:
        memory_table(args.long)


if __name__ == "__main__":
    main()
