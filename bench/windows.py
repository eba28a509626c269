"""Long videos in windows: time and memory against duration, and what windowing costs.

    python bench/windows.py [--minutes 15 45 90 180] [--skip-quality]

Part 1 runs the whole pipeline with the `openai` engine (frames mode, windows sized by the
token budget, no global pass) against a local OpenAI-compatible server that answers each window
with chapters placed from the time markers it was sent; each duration runs in its own
process, whose peak RSS is reported. Time per video minute should stay flat (linear growth).
Part 2 chapters the synthetic benchmark's long video with the offline engine once whole and
once in 5-minute windows, and compares boundary F1 at 3 s against the gold chapters.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import imageio_ffmpeg

DATA = Path(__file__).resolve().parent / ".data" / "windows"
MARKER = re.compile(r'"<(\d+(?:\.\d+)?) seconds>"')  # a text part that is only a time marker


class _Handler(BaseHTTPRequestHandler):
    """Answers a chat completion with two chapters spanning the window it was shown."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        text = json.dumps(body)
        times = [float(t) for t in MARKER.findall(text)] or [0.0]
        start, end = min(times), max(times)
        middle = (start + end) / 2
        answer = [{"start_time": start, "end_time": middle, "title": f"Part from {start:.0f} s", "summary": "First half."},
                  {"start_time": middle, "end_time": end, "title": f"Part from {middle:.0f} s", "summary": "Second half."}]
        reply = {"id": "x", "object": "chat.completion", "created": 0, "model": "bench",
                 "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": json.dumps(answer)}}],
                 "usage": {"prompt_tokens": len(text) // 4, "completion_tokens": 60, "total_tokens": len(text) // 4 + 60}}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def long_video(minutes: int) -> Path:
    """A cheap long video: a 64x36 moving test pattern at 2 fps, a keyframe every 10 s."""
    path = DATA / f"long_{minutes}min.mp4"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi",
                        "-i", f"testsrc2=s=64x36:r=2:d={minutes * 60}", "-c:v", "libx264", "-preset", "ultrafast",
                        "-g", "20", str(path)], check=True)
    return path


_RUN = """
import json, resource, sys, time
from vidmark.pipeline import AnnotateOptions, annotate
started = time.perf_counter()
a = annotate(sys.argv[1], AnnotateOptions(engine="openai", cache=False, signals=False, global_pass=False,
             engine_options={"base_url": sys.argv[2], "model": "bench", "log_requests": False}))
print(json.dumps({"seconds": time.perf_counter() - started, "chapters": len(a.chapters),
                  "windows": a.run.usage.get("windows", 1), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "end": a.chapters[-1].end_seconds}))
"""


def scaling(minutes_list: list[int]) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    print(f"{'duration':>9} {'windows':>8} {'chapters':>9} {'seconds':>8} {'s / video min':>14} {'peak RSS':>9}")
    for minutes in minutes_list:
        video = long_video(minutes)
        done = subprocess.run([sys.executable, "-c", _RUN, str(video), url], check=True, capture_output=True,
                              text=True, env={**os.environ, "OPENAI_API_KEY": "none"})
        row = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{minutes:>6} min {row['windows']:>8} {row['chapters']:>9} {row['seconds']:>8.1f} "
              f"{row['seconds'] / minutes:>14.2f} {row['rss_mb']:>6.0f} MB")
    server.shutdown()


def windowed_quality() -> None:
    manifest = Path(__file__).resolve().parent / ".data" / "synthetic" / "manifest.json"
    if not manifest.exists():
        subprocess.run([sys.executable, str(manifest.parents[2] / "make_dataset.py"), "--config", "full", "--jobs", "2"], check=True)
    items = json.loads(manifest.read_text())
    longest = max(items, key=lambda i: i["duration_seconds"])
    video, gold = manifest.parent / longest["video"], manifest.parent / longest["gold"]
    out = Path(tempfile.mkdtemp())
    env = {**os.environ, "VIDMARK_CACHE_DIR": str(out / "cache")}  # both runs share the signals, not stale answers
    print(f"\n{longest['name']} ({longest['duration_seconds'] / 60:.1f} min), offline engine, boundary F1 at 3 s:")
    scores = {}
    for label, window in (("whole video", []), ("5-minute windows", ["--window", "300"])):
        target = out / f"{label.replace(' ', '_')}.full.json"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "vidmark.cli", "annotate", str(video), "-o", str(target), "--no-progress", *window],
                       check=True, capture_output=True, env=env)
        seconds = time.perf_counter() - started
        report = subprocess.run([sys.executable, "-m", "vidmark.cli", "eval", str(target), str(gold), "--json"],
                                check=True, capture_output=True, text=True)
        scores[label] = _f1_at_3(json.loads(report.stdout))
        print(f"  {label:<18} F1@3s {scores[label]:.3f}   ({seconds:.0f} s)")
    print(f"  difference         {scores['whole video'] - scores['5-minute windows']:+.3f}")


def _f1_at_3(report: dict) -> float:
    """The boundary F1 at 3 s from `vidmark eval --json`."""
    return float(report["videos"][0]["metrics"]["boundary_f1@3s"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=int, nargs="+", default=[15, 45, 90, 180])
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    scaling(args.minutes)
    if not args.skip_quality:
        windowed_quality()


if __name__ == "__main__":
    main()
