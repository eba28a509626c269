"""Drawing slides with Pillow: large high-contrast titles an OCR engine can read.

Two looks: a presentation slide (title near the top, bullet lines below) and a screen
recording (a dark terminal window whose command lines are typed in as time passes).
Chinese text needs a CJK font (Debian's fonts-wqy-zenhei or fonts-noto-cjk); English
uses DejaVu, which every Debian has.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from vidmark.synth.spec import SlideSpec
from vidmark.synth.speech import SynthError

_FONT_DIRS = (Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts/opentype"), Path("/usr/share/fonts"))
_FONTS = {
    "bold": ("dejavu/DejaVuSans-Bold.ttf",),
    "regular": ("dejavu/DejaVuSans.ttf",),
    "mono": ("dejavu/DejaVuSansMono.ttf",),
    "mono-bold": ("dejavu/DejaVuSansMono-Bold.ttf",),
    "serif": ("dejavu/DejaVuSerif.ttf",),
    "serif-bold": ("dejavu/DejaVuSerif-Bold.ttf",),
    "condensed": ("dejavu/DejaVuSansCondensed.ttf",),
    "condensed-bold": ("dejavu/DejaVuSansCondensed-Bold.ttf",),
    "cjk": ("wqy/wqy-zenhei.ttc", "noto-cjk/NotoSansCJK-Regular.ttc", "noto/NotoSansCJK-Regular.ttc"),
}
_FONT_PACKAGES = {"cjk": "fonts-wqy-zenhei", "condensed": "fonts-dejavu-extra", "condensed-bold": "fonts-dejavu-extra"}

#: (background, title, text, accent): dark on light or light on dark, never low contrast
THEMES = (
    ((250, 250, 247), (20, 32, 66), (35, 35, 35), (214, 90, 49)),
    ((18, 38, 74), (255, 255, 255), (226, 232, 240), (250, 196, 60)),
    ((255, 255, 255), (0, 0, 0), (45, 45, 45), (32, 130, 90)),
)
_SCREEN = ((24, 24, 27), (255, 255, 255), (110, 231, 140), (60, 60, 66))


@functools.cache
def font_path(kind: str) -> Path:
    """The file of a font kind ('bold', 'regular', 'mono', 'cjk') on this machine."""
    for base in _FONT_DIRS:
        for name in _FONTS[kind]:
            if (base / name).is_file():
                return base / name
    raise SynthError(f"no {kind} font found; run: sudo apt-get install -y {_FONT_PACKAGES.get(kind, 'fonts-dejavu')}")


@functools.cache
def load_font(kind: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(kind)), size)


class SlideRenderer:
    """Renders slides of one size and theme to RGB uint8 arrays."""

    def __init__(self, width: int, height: int, theme: int = 0) -> None:
        self.width, self.height = width, height
        self.theme = THEMES[theme % len(THEMES)]
        self.margin = width // 16
        self.title_size = max(12, height // 11)
        self.body_size = max(10, height // 24)

    def title_box(self) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) of the band where titles are drawn."""
        top = self.height // 14
        return self.margin, top, self.width - self.margin, top + int(self.title_size * 1.3)

    def render(self, slide: SlideSpec, language: str, typed_chars: int | None = None) -> np.ndarray:
        """The slide as H x W x 3 uint8; a screen shows only its first ``typed_chars`` body characters."""
        colours = _SCREEN if slide.style == "screen" else self.theme
        image = Image.new("RGB", (self.width, self.height), colours[0])
        draw = ImageDraw.Draw(image)
        cjk = language == "zh"
        self._title(draw, slide.title, colours, cjk)
        if slide.style == "screen":
            self._screen_body(draw, slide.bullets, typed_chars, colours)
        else:
            self._bullets(draw, slide.bullets, colours, cjk)
        return np.asarray(image)

    def _title(self, draw: ImageDraw.ImageDraw, title: str, colours, cjk: bool) -> None:
        left, top, right, bottom = self.title_box()
        font = fit_font(title, "cjk" if cjk else "bold", self.title_size, right - left)
        draw.text((left, top), title, font=font, fill=colours[1])
        draw.rectangle((left, bottom + 4, left + self.width // 6, bottom + 10), fill=colours[3])

    def _bullets(self, draw: ImageDraw.ImageDraw, bullets: list[str], colours, cjk: bool) -> None:
        font = load_font("cjk" if cjk else "regular", self.body_size)
        y = self.title_box()[3] + self.body_size * 2
        indent = self.margin + self.body_size * 2
        for bullet in bullets:
            for i, line in enumerate(wrap_text(bullet, font, self.width - indent - self.margin, cjk)):
                if i == 0:
                    r = self.body_size // 5
                    cy = y + self.body_size // 2 + 2
                    draw.ellipse((self.margin + r, cy - r, self.margin + 3 * r, cy + r), fill=colours[3])
                draw.text((indent, y), line, font=font, fill=colours[2])
                y += int(self.body_size * 1.45)
            y += self.body_size // 2

    def _screen_body(self, draw: ImageDraw.ImageDraw, lines: list[str], typed: int | None, colours) -> None:
        top = self.title_box()[3] + self.body_size
        draw.rectangle((self.margin // 2, top, self.width - self.margin // 2, self.height - self.margin // 2), fill=colours[3])
        font = load_font("mono", self.body_size)
        remaining = sum(len(line) for line in lines) if typed is None else typed
        x, y = self.margin, top + self.body_size
        for line in lines:
            shown = line[: max(remaining, 0)]
            typing_here = typed is not None and remaining <= len(line)
            remaining -= len(line)
            draw.text((x, y), "$ " + shown, font=font, fill=colours[2])
            if typing_here:
                cursor_x = x + int(draw.textlength("$ " + shown, font=font))
                draw.rectangle((cursor_x + 2, y, cursor_x + self.body_size // 2 + 2, y + self.body_size), fill=colours[2])
            y += int(self.body_size * 1.5)
            if remaining <= 0:
                break


def typed_length(slide: SlideSpec) -> int:
    """How many characters a screen slide types in all."""
    return sum(len(line) for line in slide.bullets)


def fit_font(text: str, kind: str, size: int, width: int) -> ImageFont.FreeTypeFont:
    """The largest font up to ``size`` in which ``text`` fits in ``width`` pixels."""
    font = load_font(kind, size)
    while size > 12 and font.getlength(text) > width:
        size = int(size * 0.92)
        font = load_font(kind, size)
    return font


def wrap_text(text: str, font: ImageFont.FreeTypeFont, width: int, cjk: bool) -> list[str]:
    """``text`` broken into lines that fit ``width``: at spaces, or anywhere for CJK."""
    units = list(text) if cjk else text.split(" ")
    joiner = "" if cjk else " "
    lines: list[str] = []
    current = ""
    for unit in units:
        candidate = f"{current}{joiner}{unit}" if current else unit
        if current and font.getlength(candidate) > width:
            lines.append(current)
            current = unit
        else:
            current = candidate
    return [*lines, current] if current else lines
