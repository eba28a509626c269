"""The bad-media corpus: files users really feed vidmark, built on the spot.

Half-downloaded files, flipped bytes, images and text renamed .mp4, phone recordings with
rotation and variable frame rate, odd and extreme sizes, odd start times, hours with a
handful of frames, many streams, no video at all, and names with spaces, Chinese and
quotes. Every file comes from the ffmpeg that imageio-ffmpeg ships, PyAV or Pillow, so CI
builds the same corpus from a clean clone (``scripts/make_bad_media.py`` writes it to a
folder for a look by hand).

Each :class:`Case` says what a correct vidmark does with it: ``chapters`` (the file is
fine, chapters must come out), ``error`` (nothing readable, a one-line error must come
out) or ``either`` (a damaged file: chapters for the readable part, or a one-line error).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg
from PIL import Image

from vidmark.export import get_format

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
_SOURCE = "testsrc2=s=160x120:r=10:d=6"
_TONE = "sine=frequency=440:duration=6"


@dataclass(frozen=True)
class Case:
    name: str
    expect: str  # "chapters" | "error" | "either"
    build: Callable[[Path], Path]
    long: bool = False  # only in the long corpus (minutes to build or to annotate)


def ffmpeg(*args: str) -> None:
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-y", *args], check=True, timeout=300)


def _encode(target: Path, *args: str, source: str = _SOURCE, audio: bool = True) -> Path:
    inputs = ["-f", "lavfi", "-i", source]
    if audio:
        inputs += ["-f", "lavfi", "-i", _TONE, "-c:a", "aac", "-shortest"]
    ffmpeg(*inputs, "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", *args, str(target))
    return target


def _base(folder: Path, kind: str) -> Path:
    """A sound 6 s clip: ``mp4`` (moov at the end), ``faststart`` (moov first) or ``mkv``."""
    names = {"mp4": ("base.mp4", ()), "faststart": ("base-faststart.mp4", ("-movflags", "+faststart")),
             "mkv": ("base.mkv", ())}
    name, args = names[kind]
    target = folder / "_base" / name
    if not target.exists():
        target.parent.mkdir(exist_ok=True)
        _encode(target, "-pix_fmt", "yuv420p", *args)
    return target


def _truncated(kind: str, percent: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        data = _base(folder, kind).read_bytes()
        target = folder / f"truncated-{percent}-{kind}{'.mkv' if kind == 'mkv' else '.mp4'}"
        target.write_bytes(data[: len(data) * percent // 100])
        return target
    return build


def _flipped(kind: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        data = bytearray(_base(folder, kind).read_bytes())
        middle = len(data) // 2
        for i in range(middle, min(len(data), middle + 4096)):
            data[i] ^= 0xFF
        target = folder / f"flipped-{kind}{'.mkv' if kind == 'mkv' else '.mp4'}"
        target.write_bytes(bytes(data))
        return target
    return build


def _zero_length(folder: Path) -> Path:
    target = folder / "zero.mp4"
    target.write_bytes(b"")
    return target


def _audio_only(folder: Path) -> Path:
    target = folder / "audio-only.mp4"
    ffmpeg("-f", "lavfi", "-i", _TONE, "-c:a", "aac", str(target))
    return target


def _video_only(folder: Path) -> Path:
    return _encode(folder / "video-only.mp4", "-pix_fmt", "yuv420p", audio=False)


def _image_renamed(suffix: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        picture = folder / f"picture.{suffix}"
        Image.new("RGB", (320, 240), (200, 40, 40)).save(picture)
        return picture.rename(folder / f"picture-{suffix}.mp4")
    return build


def _text_renamed(folder: Path) -> Path:
    target = folder / "notes.mp4"
    target.write_text("Meeting notes\n- budget\n- hiring\n" * 50)
    return target


def _huge_flat(folder: Path) -> Path:
    return _encode(folder / "huge-8000x8000.mp4", "-pix_fmt", "yuv420p", "-b:v", "20k",
                   source="color=c=navy:s=8000x8000:r=1:d=2", audio=False)


def _one_pixel(folder: Path) -> Path:
    return _encode(folder / "one-pixel.mkv", "-pix_fmt", "yuv444p", source="color=c=red:s=1x1:r=10:d=4")


def _odd_size(folder: Path) -> Path:
    return _encode(folder / "odd-1921x1081.mp4", "-pix_fmt", "yuv444p", source="testsrc2=s=1921x1081:r=5:d=3")


def _rotated(folder: Path) -> Path:
    plain = _encode(folder / "_rotate-src.mp4", "-pix_fmt", "yuv420p")
    target = folder / "rotated-90.mp4"
    ffmpeg("-display_rotation", "90", "-i", str(plain), "-c", "copy", str(target))
    plain.unlink()
    return target


def _variable_rate(folder: Path) -> Path:
    # frames 2.5x further apart in the middle third: a phone dropping its rate in low light
    times = "if(lt(N,20),N*0.1,if(lt(N,40),2+(N-20)*0.25,7+(N-40)*0.1))"
    return _encode(folder / "variable-rate.mp4", "-pix_fmt", "yuv420p", "-vf", f"setpts='{times}/TB'",
                   "-fps_mode", "vfr", audio=False)


def _offset_start(seconds: float, name: str, container: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        plain = _base(folder, "mkv" if container == "mkv" else "mp4")
        target = folder / f"{name}.{container}"
        ffmpeg("-i", str(plain), "-c", "copy", "-output_ts_offset", str(seconds),
               "-avoid_negative_ts", "disabled", str(target))
        return target
    return build


def _sparse(hours: float) -> Callable[[Path], Path]:
    """One frame every 10 minutes for ``hours`` hours."""
    def build(folder: Path) -> Path:
        return _encode(folder / f"sparse-{hours:g}h.mkv", "-pix_fmt", "yuv420p",
                       source=f"testsrc2=s=160x120:r=1/600:d={int(hours * 3600)}", audio=False)
    return build


def _gap(folder: Path) -> Path:
    """Two seconds of frames, then a jump of five hours, then one more second."""
    times = "if(lt(N,20),N*0.1,18000+(N-20)*0.1)"
    return _encode(folder / "timestamp-gap.mkv", "-pix_fmt", "yuv420p", "-vf", f"setpts='{times}/TB'",
                   "-fps_mode", "vfr", source="testsrc2=s=160x120:r=10:d=3", audio=False)


def _many_streams(folder: Path) -> Path:
    target = folder / "many-streams.mkv"
    subtitle = _subtitle_file(folder)
    inputs = ["-f", "lavfi", "-i", _SOURCE, "-f", "lavfi", "-i", "testsrc=s=96x64:r=5:d=6"]
    for k in range(6):
        inputs += ["-f", "lavfi", "-i", f"sine=frequency={300 + 100 * k}:duration=6"]
    inputs += ["-i", str(subtitle), "-i", str(subtitle)]
    maps = [arg for i in range(10) for arg in ("-map", str(i))]
    ffmpeg(*inputs, *maps, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
           "-c:s", "srt", str(target))
    return target


def _subtitle_file(folder: Path) -> Path:
    srt = folder / "_lines.srt"
    srt.write_text("1\n00:00:00,500 --> 00:00:02,000\nHello\n\n2\n00:00:03,000 --> 00:00:05,000\nWorld\n\n")
    return srt


def _subtitle_only(folder: Path) -> Path:
    target = folder / "subtitle-only.mkv"
    ffmpeg("-i", str(_subtitle_file(folder)), "-c:s", "srt", str(target))
    return target


def _named(name: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        target = folder / name
        target.write_bytes(_base(folder, "faststart").read_bytes())
        return target
    return build


CASES: list[Case] = [
    *[Case(f"truncated {p}% {k}", "either", _truncated(k, p)) for k in ("mp4", "faststart", "mkv") for p in (10, 50, 90)],
    Case("bytes flipped mid mp4", "either", _flipped("faststart")),
    Case("bytes flipped mid mkv", "either", _flipped("mkv")),
    Case("zero length", "error", _zero_length),
    Case("audio only", "either", _audio_only),  # chapters by the default engine, one line from scenes (tests/engines/test_offline_audio.py)
    Case("video only", "chapters", _video_only),
    Case("png renamed .mp4", "either", _image_renamed("png")),
    Case("jpeg renamed .mp4", "either", _image_renamed("jpeg")),
    Case("text renamed .mp4", "error", _text_renamed),
    Case("8000x8000 one colour", "either", _huge_flat),
    Case("1x1 pixels", "chapters", _one_pixel),
    Case("odd size 1921x1081", "chapters", _odd_size),
    Case("rotation 90", "chapters", _rotated),
    Case("variable frame rate", "chapters", _variable_rate),
    Case("start time +30 s mp4", "chapters", _offset_start(30, "start-plus-30", "mp4")),
    Case("start time -2 s mkv", "chapters", _offset_start(-2, "start-minus-2", "mkv")),
    Case("start time -0.6 s MPEG-TS", "chapters", _offset_start(-2, "start-minus-ts", "ts")),
    Case("sparse 1 frame/10 min, 1 h", "chapters", _sparse(1)),
    Case("sparse 1 frame/10 min, 6 h", "chapters", _sparse(6), long=True),
    Case("5 h timestamp gap", "either", _gap),
    Case("many streams (2 video, 6 audio, 2 subs)", "chapters", _many_streams),
    Case("subtitle only", "error", _subtitle_only),
    Case("name with spaces", "chapters", _named("my holiday clip.mp4")),
    Case("name in Chinese", "chapters", _named("会议记录 视频.mp4")),
    Case("name with quotes", "chapters", _named("it's a \"clip\" `x` $(y).mp4")),
]


def build_corpus(folder: Path, include_long: bool = False) -> list[tuple[Case, Path]]:
    """Build every case into ``folder`` and return (case, file) pairs."""
    folder.mkdir(parents=True, exist_ok=True)
    return [(case, case.build(folder)) for case in CASES if include_long or not case.long]


@dataclass
class Outcome:
    """What ``vidmark annotate`` did with one case: ``chapters``, ``error`` or a defect."""

    case: str
    engine: str
    result: str  # "chapters" | "error" | "DEFECT"
    detail: str
    seconds: float


def run_annotate(case: Case, video: Path, engine: str | None, out_dir: Path, timeout: float = 120) -> Outcome:
    """Run the real CLI on one case in a subprocess and judge what came out."""
    out_dir.mkdir(parents=True, exist_ok=True)
    full = out_dir / "out.full.json"
    command = [sys.executable, "-m", "vidmark.cli", "annotate", str(video), "-o", str(out_dir / "out.json"),
               "-o", str(full), "--no-progress"]
    started = time.perf_counter()
    try:
        done = subprocess.run(command + (["--engine", engine] if engine else []), capture_output=True, text=True,
                              timeout=timeout, env={**os.environ, "VIDMARK_DEBUG": ""})
    except subprocess.TimeoutExpired:
        return Outcome(case.name, engine or "default", "DEFECT", f"hung past {timeout:g} s", timeout)
    seconds = time.perf_counter() - started
    verdict, detail = _judge(done, out_dir, full)
    if verdict != "DEFECT" and case.expect not in ("either", verdict):
        verdict, detail = "DEFECT", f"expected {case.expect}, got {verdict}: {detail}"
    return Outcome(case.name, engine or "default", verdict, detail, seconds)


def _judge(done: subprocess.CompletedProcess[str], out_dir: Path, full: Path) -> tuple[str, str]:
    lines = [line for line in done.stderr.splitlines() if line.startswith("vidmark: error:")]
    if "Traceback" in done.stderr or "internal error" in done.stderr:
        return "DEFECT", "traceback or internal error: " + done.stderr.strip().splitlines()[-1]
    leftovers = sorted(p.name for p in out_dir.iterdir() if p.name not in ("out.json", "out.full.json"))
    if leftovers:
        return "DEFECT", f"stray files in the output folder: {leftovers}"
    problem = _output_problem(out_dir, full)
    if problem:
        return "DEFECT", problem
    if done.returncode != 0:
        if len(lines) != 1:
            return "DEFECT", f"exit {done.returncode} without exactly one error line: {done.stderr.strip()[-200:]!r}"
        return "error", lines[0].removeprefix("vidmark: error: ")
    if not full.exists():
        return "DEFECT", "exit 0 but no output written"
    chapters = json.loads(full.read_text())["chapters"]
    return "chapters", f"{len(chapters)} chapters"


def _output_problem(out_dir: Path, full: Path) -> str | None:
    """None when every output is absent or valid; else what is wrong."""
    for path in (out_dir / "out.json", full):
        if path.exists():
            try:
                json.loads(path.read_text(encoding="utf-8"))
            except ValueError as exc:
                return f"corrupt output {path.name}: {exc}"
    if not full.exists():
        return None
    read = get_format("json-full").read(full.read_text(encoding="utf-8"))
    chapters, duration = read.chapters, read.duration_seconds or 0.0
    if not chapters or abs(chapters[0].start_seconds) > 1e-6 or abs(chapters[-1].end_seconds - duration) > 1e-3:
        return f"chapters do not cover 0..{duration:g} s"
    if any(a.end_seconds != b.start_seconds for a, b in zip(chapters, chapters[1:])):
        return "chapters overlap or leave gaps"
    return None
