"""A generated narrated terminal screencast: three spoken steps over a console whose commands change."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from tests.conftest import ffmpeg

#: (spoken step, what the console shows during it)
STEPS = (
    ("First, let's make a folder for the shop. We type the command and the terminal prints nothing back.",
     ["dev@laptop:~$ mkdir shop && cd shop", "dev@laptop:~/shop$ ls"]),
    ("Now let's create a branch for the new checkout page. Git tells us that it switched to the new branch.",
     ["dev@laptop:~/shop$ git checkout -b checkout", "Switched to a new branch 'checkout'", "dev@laptop:~/shop$ git status",
      "On branch checkout"]),
    ("Next, we install the dependencies with the package manager. It downloads every package the shop needs.",
     ["dev@laptop:~/shop$ npm install express", "added 57 packages in 3s", "dev@laptop:~/shop$"]),
)
PAUSE_SECONDS = 1.5


def _console(lines: list[str]) -> Image.Image:
    image = Image.new("RGB", (960, 540), (18, 18, 24))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=26)
    for k, line in enumerate(lines):
        draw.text((24, 30 + 40 * k), line, fill=(220, 220, 220), font=font)
    return image


def screencast_video(folder: Path) -> tuple[Path, list[float]]:
    """The video and the start of each step (where its narration begins)."""
    starts, parts, t = [], [], 0.0
    for k, (said, lines) in enumerate(STEPS):
        wav = folder / f"step{k}.wav"
        subprocess.run(["flite", "-t", said, "-o", str(wav)], check=True)
        seconds = _wav_seconds(wav)
        starts.append(t)
        _console(lines).save(folder / f"screen{k}.png")
        parts.append((folder / f"screen{k}.png", wav, seconds + PAUSE_SECONDS))
        t += seconds + PAUSE_SECONDS
    inputs, graph = [], []
    for k, (png, wav, seconds) in enumerate(parts):
        inputs += ["-loop", "1", "-framerate", "10", "-t", f"{seconds:.3f}", "-i", str(png), "-i", str(wav)]
        graph.append(f"[{2 * k + 1}:a]apad=whole_dur={seconds:.3f}[a{k}]")
    graph.append("".join(f"[{2 * k}:v][a{k}]" for k in range(len(parts))) + f"concat=n={len(parts)}:v=1:a=1[v][a]")
    video = folder / "screencast.mp4"
    ffmpeg(*inputs, "-filter_complex", ";".join(graph), "-map", "[v]", "-map", "[a]", "-c:v", "libx264",
           "-pix_fmt", "yuv420p", "-c:a", "aac", str(video))
    return video, starts


def _wav_seconds(path: Path) -> float:
    import wave

    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()
