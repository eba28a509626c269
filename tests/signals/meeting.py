"""A generated meeting recording: an agenda panel whose highlighted item moves, and a grid of
participant tiles where a coloured border marks whoever speaks."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from tests.conftest import ffmpeg

AGENDA = ("Welcome and introductions", "Quarterly budget review", "Hiring plan for spring", "Office move")
ITEM_SECONDS = 12
SPEAKER_SECONDS = 4
#: participant tiles (x, y) of a 2x2 grid right of the agenda, 300x200 each
TILES = ((660, 100), (980, 100), (660, 340), (980, 340))


def meeting_frame(second: int, font_path: Path | None = None, agenda: tuple[str, ...] = AGENDA) -> Image.Image:
    """The call at a second: agenda item ``second // ITEM_SECONDS`` highlighted, the speaker's
    tile ``(second // SPEAKER_SECONDS) % 4`` framed in green."""
    image = Image.new("RGB", (1280, 720), (32, 34, 38))
    draw = ImageDraw.Draw(image)
    big = ImageFont.truetype(str(font_path), 44) if font_path else ImageFont.load_default(size=44)
    small = ImageFont.truetype(str(font_path), 30) if font_path else ImageFont.load_default(size=30)
    draw.rectangle([20, 20, 620, 700], fill=(245, 245, 240))
    draw.text((50, 50), "Agenda" if not font_path else "议程", fill=(20, 20, 20), font=big)
    current = min(second // ITEM_SECONDS, len(agenda) - 1)
    for k, item in enumerate(agenda):
        top = 160 + 90 * k
        if k == current:
            draw.rectangle([30, top - 14, 610, top + 50], fill=(255, 214, 90))
        draw.text((60, top), f"{k + 1}. {item}", fill=(25, 25, 25), font=small)
    speaker = (second // SPEAKER_SECONDS) % len(TILES)
    for k, (x, y) in enumerate(TILES):
        draw.rectangle([x, y, x + 300, y + 200], fill=(70 + 12 * k, 72, 80))
        draw.ellipse([x + 110, y + 40, x + 190, y + 120], fill=(200, 170, 150))
        if k == speaker:
            draw.rectangle([x - 4, y - 4, x + 304, y + 204], outline=(40, 220, 60), width=6)
    return image


def meeting_video(path: Path, seconds: int = ITEM_SECONDS * len(AGENDA), font_path: Path | None = None,
                  agenda: tuple[str, ...] = AGENDA, audio: Path | None = None) -> Path:
    """An H.264 recording of the call, one drawn frame a second (10 fps)."""
    frames = path.parent / f"{path.stem}-frames"
    frames.mkdir(exist_ok=True)
    for second in range(seconds):
        meeting_frame(second, font_path, agenda).save(frames / f"{second:04d}.png")
    sound = ["-i", str(audio), "-c:a", "aac", "-shortest"] if audio else []
    ffmpeg("-framerate", "1", "-i", str(frames / "%04d.png"), *sound, "-r", "10", "-c:v", "libx264",
           "-pix_fmt", "yuv420p", "-g", "50", str(path))
    return path
