"""`auto` sampling where nothing moves: a slide lecture and a moving picture, against OpenCV.

    .venv/bin/python bench/sampling_still.py              # both inputs (about 5 minutes here)
    .venv/bin/python bench/sampling_still.py --rounds 3   # each row 3 times, the least CPU kept
    .venv/bin/python bench/sampling_still.py --only moving  # one table (lecture, lecture-mid-gop, moving)

Inputs, generated once with the imageio-ffmpeg binary into bench/.data/:

* a 10-minute 1280x720 30 fps lecture of 20 stills, 30 s each (slides drawn with Pillow:
  a coloured title bar, bullets, a plot; x264 preset fast, GOP 250, default B-frames and
  scene-cut detection, which puts a keyframe at every change here), and the same with
  `scenecut=0`, so every change falls mid-GOP. When each slide really appears is measured once, by decoding
  every frame and matching it to the slide pictures, and cached beside the video;
* 2 minutes of 1280x720 30 fps `testsrc2` (everything moves), encoded as bench/sampling.py
  encodes its 10-minute file (`--moving-seconds 600` makes that length).

Rows, each in its own child process, one frame every 2 s at max side 448: vidmark `auto`
as it is now, `auto` with `skip_still=False` (the previous path, which decodes every
reference frame up to the last fill of each group of pictures), the seed's OpenCV
`cap.read()` loop, and the `vidmark frames` command itself (interpreter start-up and
JPEG writing included, so its CPU is not comparable with the in-process rows). Wall and
CPU seconds as in bench/sampling.py; on a machine shared with other jobs read the CPU
ratios.

The check, on the lecture: for every slide change, is there a kept frame shown at most
2 s after it whose picture is the new slide? And does every kept frame show the slide that
is on screen at its time? (Each frame is matched to the nearest slide picture.)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

from sampling import DATA, MAX_SIDE, STEP_SECONDS, _cached, _child_with_rusage, _ffmpeg, best_of, row_opencv

SLIDES = 20
SLIDE_SECONDS = 30
SIZE = (1280, 720)
WORDS = "kernel vector matrix lemma proof gradient tensor basis norm eigen spectrum sample loss prior".split()
OPENCV = "OpenCV cap.read() loop (baseline)"
TABLES = ("lecture", "lecture-mid-gop", "moving")


def slide_picture(n: int):
    """Slide ``n``: a title bar in its own colour, bullets, a small bar chart."""
    from PIL import Image, ImageDraw, ImageFont

    rnd = random.Random(n)
    dark = n % 4 == 3
    image = Image.new("RGB", SIZE, (24, 26, 32) if dark else (250, 250, 244))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, SIZE[0], 120], fill=(rnd.randrange(40, 200), rnd.randrange(40, 200), rnd.randrange(40, 200)))
    draw.text((48, 30), f"{n + 1}. {rnd.choice(WORDS).title()} {rnd.choice(WORDS)}", font=ImageFont.load_default(60),
              fill="white")
    ink = (230, 230, 230) if dark else (20, 20, 20)
    for line in range(rnd.randint(3, 7)):
        words = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 8)))
        draw.text((80, 170 + line * 70), f"- {words}", font=ImageFont.load_default(34), fill=ink)
    for bar in range(rnd.randint(0, 6)):
        height = rnd.randrange(40, 300)
        draw.rectangle([900 + bar * 50, 650 - height, 935 + bar * 50, 650], fill=(rnd.randrange(256), 90, 160))
    return image


def lecture_input(scene_cuts: bool = True) -> tuple[Path, list[float]]:
    """The lecture video and the measured time each slide after the first appears at.
    Without ``scene_cuts`` x264 puts no keyframe at a slide change (they fall mid-GOP)."""
    def make(tmp: Path) -> None:
        folder = DATA / "lecture_slides"
        folder.mkdir(parents=True, exist_ok=True)
        lines = []
        for n in range(SLIDES):
            slide_picture(n).save(folder / f"slide_{n:02d}.png")
            lines += [f"file 'slide_{n:02d}.png'", f"duration {SLIDE_SECONDS}"]
        listing = folder / "list.txt"
        listing.write_text("\n".join([*lines, f"file 'slide_{SLIDES - 1:02d}.png'"]) + "\n")
        _ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), "-vf", "fps=30,format=yuv420p", "-t",
                str(SLIDES * SLIDE_SECONDS), "-c:v", "libx264", "-preset", "fast", "-g", "250",
                *(() if scene_cuts else ("-x264-params", "scenecut=0")), str(tmp))

    video = _cached("lecture_720p30_600s_g250" + ("" if scene_cuts else "_noscenecut") + ".mp4", make)
    if not scene_cuts:  # both encodings come from one filter graph: their frames share times
        return video, lecture_input()[1]
    truth = _cached("lecture_720p30_600s_g250.changes.json",
                    lambda tmp: tmp.write_text(json.dumps(_measure_changes(video))))
    return video, json.loads(truth.read_text())


def moving_input(seconds: int) -> Path:
    """``seconds`` of 1280x720 `testsrc2` at 30 fps, a keyframe every 250 frames."""
    return _cached(f"720p30_{seconds}s_g250.mp4", lambda tmp: _ffmpeg(
        "-f", "lavfi", "-i", f"testsrc2=s=1280x720:r=30:d={seconds}", "-c:v", "libx264", "-preset", "fast",
        "-g", "250", "-pix_fmt", "yuv420p", str(tmp)))


def _slide_thumbnails(width: int, height: int) -> np.ndarray:
    from PIL import Image

    return np.stack([np.asarray(slide_picture(n).resize((width, height), Image.BILINEAR), dtype=np.int16)
                     for n in range(SLIDES)])


def nearest_slide(image: np.ndarray, thumbnails: np.ndarray) -> int:
    """The slide whose picture ``image`` is closest to (mean absolute difference)."""
    return int(np.abs(thumbnails - image.astype(np.int16)).mean(axis=(1, 2, 3)).argmin())


def _measure_changes(video: Path) -> list[float]:
    """Decode every frame (small), match it to a slide: the first time of each new slide."""
    import av

    thumbnails = _slide_thumbnails(160, 90)
    changes, current = [], 0
    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            slide = nearest_slide(frame.to_ndarray(width=160, height=90, format="rgb24"), thumbnails)
            if slide != current:
                changes.append(float(frame.time))
                current = slide
    return changes


# --- rows, each run in a child process -------------------------------------------------

def row_vidmark(path: str, skip_still: bool, classify: bool) -> dict:
    """vidmark `auto`, one frame every STEP_SECONDS at MAX_SIDE; then, untimed, which slide
    each frame shows."""
    from vidmark.media import SamplingOptions, sample_frames

    options = SamplingOptions(mode="auto", every_seconds=STEP_SECONDS, max_side=MAX_SIDE, skip_still=skip_still)
    start, cpu = time.perf_counter(), time.process_time()
    frames = list(sample_frames(path, options))
    result = {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "frames": len(frames),
              "decoded": sum(f.copied_from_seconds is None for f in frames)}
    if classify:
        thumbnails = _slide_thumbnails(frames[0].width, frames[0].height)
        result["shown"] = [(f.timestamp_seconds, nearest_slide(f.image, thumbnails)) for f in frames]
    return result


def run_row(kind: str, path: Path, classify: bool = False) -> dict:
    if kind == "cli":
        out = DATA / f"cli_frames_{path.stem}"
        command = str(Path(sys.executable).with_name("vidmark"))
        args = [command, "frames", str(path), "--mode", "auto", "--every", "2s", "-o", str(out)]
        result = _child_with_rusage(args)
        frames = json.loads((out / "manifest.json").read_text())["frames"]
        return {"seconds": result["wall"], "cpu": result["cpu"], "frames": len(frames),
                "decoded": sum(f.get("copied_from_seconds") is None for f in frames)}
    result = _child_with_rusage([sys.executable, __file__, "--row", kind, str(path), json.dumps(classify)])
    return json.loads(result["out"].strip().splitlines()[-1])


def check_changes(shown: list[tuple[float, int]], changes: list[float]) -> tuple[int, int]:
    """(changes with a frame of the new slide shown within 2 s after them, frames that show
    another slide than the one on screen at their time)."""
    caught = sum(any(c - 1e-3 <= t <= c + 2.0 and slide == index for t, slide in shown)
                 for index, c in enumerate(changes, 1))
    wrong = sum(slide != sum(t >= c - 1e-3 for c in changes) for t, slide in shown)
    return caught, wrong


def table(name: str, path: Path, changes: list[float] | None, rounds: int) -> None:
    """Measure and print one input's rows."""
    runners = {"vidmark auto (new)": lambda: run_row("new", path, changes is not None),
               "vidmark auto, skip_still=False (previous path)": lambda: run_row("old", path, changes is not None),
               OPENCV: lambda: run_row("opencv", path),
               "`vidmark frames --mode auto --every 2s` command (new)": lambda: run_row("cli", path)}
    best = best_of(runners, rounds, "cpu")
    base = best[OPENCV]
    print(f"\n{name}: {path.name}, one frame every {STEP_SECONDS:g} s, max side {MAX_SIDE}\n")
    print("| row | wall s | CPU s | frames (decoded) | vs OpenCV, wall (CPU) | changes caught within 2 s | wrong slide |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, row in best.items():
        check = " | "
        if "shown" in row:
            caught, wrong = check_changes(row["shown"], changes)
            check = f"{caught}/{len(changes)} | {wrong}"
        print(f"| {label} | {row['seconds']:.2f} | {row['cpu']:.2f} | {row['frames']} ({row.get('decoded', row['frames'])}) "
              f"| {base['seconds'] / row['seconds']:.1f}x ({base['cpu'] / row['cpu']:.1f}x) | {check} |")

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--row", nargs=3, metavar=("KIND", "PATH", "CLASSIFY"), help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=1, help="measure every row this many times, keep the least CPU")
    parser.add_argument("--only", choices=TABLES, action="append", help="only these tables (repeatable)")
    parser.add_argument("--moving-seconds", type=int, default=120, help="length of the moving input")
    args = parser.parse_args()
    if args.row:
        kind, path, classify = args.row
        row = row_opencv(path) if kind == "opencv" else row_vidmark(path, kind == "new", json.loads(classify))
        print(json.dumps(row))
        return
    for name in args.only or TABLES:
        if name == "moving":
            table("Moving picture (testsrc2)", moving_input(args.moving_seconds), None, args.rounds)
            continue
        scene_cuts = name == "lecture"
        video, changes = lecture_input(scene_cuts)
        how = "x264 defaults: a keyframe at each change" if scene_cuts else "scenecut=0: every change mid-GOP"
        table(f"Lecture, 20 stills, {how}", video, changes, args.rounds)


if __name__ == "__main__":
    main()
