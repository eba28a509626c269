#!/usr/bin/env python3
"""Speed of `vidmark annotate VIDEO` (offline engine, cold cache) against a baseline, in one run.

    .venv/bin/python bench/offline_speed.py [--baseline REV] [-O speech_model=DIR] [--repeat N] VIDEO...

The baseline is the ``src`` folder of a git revision (default: where this branch left
``main``), extracted into a temporary folder; the candidate is this checkout's ``src``.
Each run is the CLI in a fresh process with a fresh cache (``VIDMARK_CACHE_DIR``), baseline and candidate taking turns, so
both meet the same machine load. Reports, per video and side, the median wall and CPU
seconds (the process and its speech child), both as multiples of real time, peak memory
(the largest process), the candidate/baseline ratios, whether the chapters are the same,
and the load average before and after: on a shared machine compare CPU seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def baseline_src(revision: str, into: Path) -> Path:
    """The ``src`` folder of a git revision, extracted under ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "src"], capture_output=True, check=True)
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout.strip()


def annotate(src: Path, video: Path, options: list[str], out: Path) -> dict:
    """One cold CLI run with ``src`` first on the path: wall, CPU (with children), peak MiB, chapters."""
    env = {**os.environ, "PYTHONPATH": str(src), "VIDMARK_CACHE_DIR": tempfile.mkdtemp(prefix="vidmark-speed-")}
    command = [sys.executable, "-m", "vidmark.cli", "annotate", str(video), "-o", str(out), "--no-progress"]
    command += [arg for option in options for arg in ("-O", option)]
    with tempfile.TemporaryFile() as errors:
        wall = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - wall
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"{video}: vidmark failed: {errors.read().decode(errors='replace')[-500:]}")
    chapters = json.loads(out.read_text(encoding="utf-8"))
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024,
            "chapters": [(c["start_time"], c["end_time"], c["title"], c["summary"]) for c in chapters]}


def duration(video: Path) -> float:
    from vidmark.media import probe

    return probe(video).duration_seconds


def measure(sides: dict[str, Path], video: Path, options: list[str], repeat: int, work: Path) -> dict[str, list[dict]]:
    runs: dict[str, list[dict]] = {name: [] for name in sides}
    for k in range(repeat):
        for name, src in sides.items():
            runs[name].append(annotate(src, video, options, work / f"{video.stem}.{name}.{k}.json"))
    return runs


def row(video: Path, runs: dict[str, list[dict]]) -> str:
    length = duration(video)
    median = {name: {key: statistics.median(r[key] for r in rs) for key in ("wall", "cpu", "peak_mib")}
              for name, rs in runs.items()}
    old, new = median["baseline"], median["candidate"]
    same = all(r["chapters"] == runs["baseline"][0]["chapters"] for rs in runs.values() for r in rs)
    cells = [f"{m['wall']:.1f} / {m['cpu']:.1f} / {m['wall'] / length:.3f} / {m['cpu'] / length:.3f} / {m['peak_mib']:.0f}"
             for m in (old, new)]
    return (f"| {video.name} | {length:.0f} | {cells[0]} | {cells[1]} | {new['wall'] / old['wall']:.2f} "
            f"| {new['cpu'] / old['cpu']:.2f} | {'yes' if same else 'no'} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("videos", type=Path, nargs="+")
    parser.add_argument("--baseline", help="git revision whose src is the baseline (default: where this branch left main)")
    parser.add_argument("-O", dest="options", action="append", default=[], help="engine option KEY=VALUE, repeatable")
    parser.add_argument("--repeat", type=int, default=1, help="runs per side and video (the median is shown)")
    args = parser.parse_args()
    args.baseline = args.baseline or _git("merge-base", "main", "HEAD")[:12]
    with tempfile.TemporaryDirectory(prefix="vidmark-speed-") as work:
        sides = {"baseline": baseline_src(args.baseline, Path(work)), "candidate": ROOT / "src"}
        before = os.getloadavg()
        rows = [row(video, measure(sides, video, args.options, args.repeat, Path(work))) for video in args.videos]
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} CPUs; baseline {args.baseline}; "
          f"options {' '.join(args.options) or 'none'}; load average {before[0]:.1f} before, {os.getloadavg()[0]:.1f} after")
    print("| video | s | baseline wall / CPU s / wall x RT / CPU x RT / peak MiB | candidate (same) "
          "| wall ratio | CPU ratio | same chapters |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
