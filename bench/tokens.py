"""Visual tokens per video minute: windows sized by the token budget against 5-minute windows.

    python bench/tokens.py [--lecture-minutes 30] [--dynamic-minutes 5] [--skip-synthetic]

For each video it prints the plan `vidmark annotate --engine openai --dry-run` makes at the
defaults (near-duplicate frames dropped by a low-resolution pass, then windows as long as
16,384 visual tokens allow) beside the plan of today's fixed 5-minute windows overlapping by
30 s (what the dry-run printed before; near-duplicates were only dropped at send time), and
whether every picture change has a kept frame within 2 s after it. Videos: a generated
slide lecture (1280x720, 30 fps, GOP 250, a still slide every 45 s), a generated moving
picture (testsrc2, 1280x720), the synthetic benchmark (bench/make_dataset.py, whose gold
lists every slide change) and the real clips in ../shared/clips when present.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import time
from pathlib import Path

import imageio_ffmpeg

from vidmark.engines import EngineRequest, create_engine
from vidmark.media import probe
from vidmark.pipeline import AnnotateOptions, plan
from vidmark.windowing import plan_windows

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / ".data" / "tokens"
SYNTHETIC = ROOT / "bench" / ".data" / "synthetic" / "manifest.json"
CLIPS = ROOT.parent / "shared" / "clips"
ENGINE = {"api_key": "none", "log_requests": False, "base_url": "http://127.0.0.1:9/v1"}
KINDS = {"slides": ("bread", "bike", "network", "photo", "dumplings"), "screencast": ("git", "linux", "gnome"),
         "mixed": ("data",)}
_COLOURS = ["0x1f3b73", "0xf2f2f2", "0x2e7d32", "0xfbc02d", "0x6a1b9a", "0xe64a19", "0x37474f", "0x00838f"]


def _ffmpeg(*args: str) -> None:
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def slide_lecture(minutes: int, slide_seconds: float = 45.0) -> tuple[Path, list[float]]:
    """Still slides (a colour and a box that moves from slide to slide), 720p30, GOP 250."""
    path = DATA / f"lecture_{minutes}min.mp4"
    count = int(minutes * 60 // slide_seconds)
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        parts = [f"color=c={_COLOURS[i % len(_COLOURS)]}:s=1280x720:r=30:d={slide_seconds},"
                 f"drawbox=x={80 + 37 * i % 900}:y={60 + 53 * i % 500}:w=320:h=120:color=0x{(40 * i) % 256:02x}8080:t=fill[s{i}]"
                 for i in range(count)]
        graph = ";".join(parts) + ";" + "".join(f"[s{i}]" for i in range(count)) + f"concat=n={count}:v=1[v]"
        _ffmpeg("-filter_complex", graph, "-map", "[v]", "-c:v", "libx264", "-preset", "ultrafast", "-g", "250",
                "-pix_fmt", "yuv420p", str(path))
    return path, [i * slide_seconds for i in range(1, count)]


def moving_picture(minutes: int) -> Path:
    path = DATA / f"moving_{minutes}min.mp4"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        _ffmpeg("-f", "lavfi", "-i", f"testsrc2=s=1280x720:r=30:d={minutes * 60}", "-c:v", "libx264",
                "-preset", "ultrafast", "-g", "250", "-pix_fmt", "yuv420p", str(path))
    return path


def _synthetic() -> list[tuple[str, str, Path, list[float]]]:
    if not SYNTHETIC.exists():
        print(f"(no synthetic benchmark at {SYNTHETIC}; make it with bench/make_dataset.py --config full)")
        return []
    rows = []
    for item in json.loads(SYNTHETIC.read_text()):
        gold = json.loads((SYNTHETIC.parent / item["gold"]).read_text())
        changes = [c["time_seconds"] for c in gold["run"]["parameters"]["slide_changes"] if c["visual_change"]]
        kind = next((k for k, words in KINDS.items() if any(w in item["name"] for w in words)), "other")
        rows.append((item["name"], kind, SYNTHETIC.parent / item["video"], changes))
    return rows


def _clips() -> list[tuple[str, str, Path, list[float]]]:
    if not CLIPS.is_dir():
        return []
    chosen = {"04_moviepy_bbb_trailer": "dynamic", "08_gnome_screencast": "screencast", "01_cc_wannaworktogether": "mixed"}
    return [(name, kind, next(p for p in (CLIPS / name).iterdir() if p.suffix in (".mp4", ".webm", ".mpg")), [])
            for name, kind in chosen.items() if (CLIPS / name).is_dir()]


def measure(name: str, kind: str, video: Path, changes: list[float]) -> dict:
    """The budget plan and the 5-minute plan of one video, and the changes the kept frames miss."""
    started = time.perf_counter()
    budget = plan(video, AnnotateOptions(engine="openai", engine_options=ENGINE))
    seconds = time.perf_counter() - started
    info = probe(video)
    engine = create_engine("openai", ENGINE)
    fixed = engine.plan(EngineRequest(path=str(video), video=info), plan_windows(info.duration_seconds, 300.0, 30.0))
    kept = sorted({t for w in budget.windows for t in w.frame_seconds})
    missed = [c for c in changes if not any(0 <= t - c <= 2.0 for t in kept)]
    return {"name": name, "kind": kind, "minutes": info.duration_seconds / 60, "kept": len(kept),
            "grid": sum(w.sampling.frames for w in fixed.windows), "windows": len(budget.windows),
            "fixed_windows": len(fixed.windows), "per_minute": budget.visual_tokens_per_minute,
            "fixed_per_minute": fixed.visual_tokens_per_minute, "changes": len(changes), "missed": missed,
            "size": f"{budget.windows[0].sampling.width}x{budget.windows[0].sampling.height}", "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lecture-minutes", type=int, default=30)
    parser.add_argument("--dynamic-minutes", type=int, default=5)
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    lecture, changes = slide_lecture(args.lecture_minutes)
    videos = [(f"lecture_{args.lecture_minutes}min (generated)", "slides", lecture, changes),
              (f"testsrc2_{args.dynamic_minutes}min (generated)", "dynamic", moving_picture(args.dynamic_minutes), [])]
    videos += ([] if args.skip_synthetic else _synthetic()) + _clips()
    print(f"{platform.node()} {platform.machine()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print("| video | kind | min | frames kept / 5-min grid | frame size | requests (5-min) | visual tokens / min "
          "| 5-min windows / min | ratio | changes with a kept frame <= 2 s after | plan s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in (measure(*video) for video in videos):
        found = f"{row['changes'] - len(row['missed'])}/{row['changes']}" if row["changes"] else "-"
        print(f"| {row['name']} | {row['kind']} | {row['minutes']:.1f} | {row['kept']} / {row['grid']} | {row['size']} "
              f"| {row['windows']} ({row['fixed_windows']}) | {row['per_minute']:.0f} | {row['fixed_per_minute']:.0f} "
              f"| {row['per_minute'] / row['fixed_per_minute']:.2f} | {found} | {row['seconds']:.1f} |")
        if row["missed"]:
            print(f"  missed changes at: {', '.join(f'{t:.1f}' for t in row['missed'])}")


if __name__ == "__main__":
    main()
