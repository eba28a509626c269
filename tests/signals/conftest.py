"""Generated media for the signal tests: rendered slides, spoken sentences, subtitle files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.conftest import FFMPEG, ffmpeg

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every signal test caches into its own folder, never the user's cache."""
    root = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("VIDMARK_CACHE_DIR", str(root))
    return root


def render_slide(path: Path, title: str, lines: list[str], size=(1280, 720), font: Path | None = None,
                 background=(248, 248, 244)) -> Path:
    """A lecture-style slide: a large title near the top, smaller body lines below."""
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    big = ImageFont.truetype(str(font), 64) if font else ImageFont.load_default(size=64)
    small = ImageFont.truetype(str(font), 36) if font else ImageFont.load_default(size=36)
    draw.rectangle([0, 0, size[0], 12], fill=(40, 70, 140))
    draw.text((80, 60), title, fill=(20, 30, 80), font=big)
    for k, line in enumerate(lines):
        draw.text((100, 220 + 70 * k), line, fill=(30, 30, 30), font=small)
    image.save(path)
    return path


def slide_video(path: Path, slides: list[Path], seconds: float, audio: Path | None = None) -> Path:
    """An H.264 video showing each slide image for ``seconds``, with an optional soundtrack."""
    inputs: list[str] = []
    for slide in slides:
        inputs += ["-loop", "1", "-framerate", "10", "-t", str(seconds), "-i", str(slide)]
    chain = "".join(f"[{i}:v]" for i in range(len(slides))) + f"concat=n={len(slides)}:v=1:a=0,format=yuv420p[v]"
    extra = ["-i", str(audio), "-map", f"{len(slides)}:a", "-c:a", "aac", "-shortest"] if audio else []
    ffmpeg(*inputs, *extra[:2], "-filter_complex", chain, "-map", "[v]", *extra[2:], "-c:v", "libx264",
           "-g", "50", str(path))
    return path


def speak(path: Path, text: str) -> Path:
    """A WAV of ``text`` spoken by Debian's flite."""
    if shutil.which("flite") is None:
        pytest.skip("flite is not installed (apt-get install flite)")
    subprocess.run(["flite", "-t", text, "-o", str(path)], check=True)
    return path


def with_speech_at(path: Path, wav: Path, offset_seconds: float, duration: float, video_size="320x240") -> Path:
    """A grey video with ``wav`` starting at ``offset_seconds``."""
    delay = int(offset_seconds * 1000)
    ffmpeg("-f", "lavfi", "-i", f"color=c=gray:s={video_size}:r=10:d={duration}", "-i", str(wav),
           "-filter_complex", f"[1:a]adelay={delay}|{delay},apad[a]", "-map", "0:v", "-map", "[a]",
           "-t", str(duration), "-c:v", "libx264", "-c:a", "aac", str(path))
    return path


__all__ = ["CJK_FONT", "FFMPEG", "render_slide", "slide_video", "speak", "with_speech_at"]
