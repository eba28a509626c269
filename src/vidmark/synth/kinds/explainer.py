"""Explainers, cooking videos and documentaries: visual acts over music.

A chapter is an *act*: a run of shots that share a palette and a layout (flat motion
graphics, a top-down kitchen table, a landscape), cut every few seconds, so a shot cut
is not a chapter change but a change of palette and layout is. Music beds change
between acts, sometimes through a short silence; narration is sparse and burnt-in
captions show it. 'cooking' names its step in a caption when the act begins,
'documentary' has long music-only stretches and slow pans.
"""

from __future__ import annotations

import colorsys
import random

import numpy as np
from PIL import Image, ImageDraw

from vidmark.synth.kinds.base import Cached, Line, Part, Video, add_at, face, place
from vidmark.synth.kinds.sound import music_bed
from vidmark.synth.spec import RenderOptions

_CONTENT = {
    ("explainer", "en"): [
        ("Collection", ["Every week, trucks collect the recycling bins from our streets.",
                        "Paper, plastic, glass and metal all travel together to one plant."]),
        ("Sorting", ["At the plant, machines sort the mix into separate streams.",
                     "Magnets pull out steel, and jets of air blow paper off the belt."]),
        ("Processing", ["Each material is then cleaned and broken down.",
                        "Plastic is shredded into flakes, and glass is crushed and melted."]),
        ("New products", ["Finally, the raw material becomes something new.",
                          "A bottle you throw away today can be back on the shelf in a few weeks."]),
    ],
    ("explainer", "zh"): [
        ("蒸发", ["太阳照在海面上，水慢慢变成水蒸气。", "水蒸气很轻，会一直往上升。"]),
        ("凝结", ["到了高空，空气变冷，水蒸气凝结成小水滴。", "无数的小水滴聚在一起，就形成了云。"]),
        ("降水", ["云里的水滴越来越大，最后落到地面。", "这就是我们看到的雨和雪。"]),
        ("汇流", ["雨水流进小河，小河又汇成大江。", "最后，水又回到了大海，开始新的循环。"]),
    ],
    ("cooking", "en"): [
        ("Prepare the vegetables", ["Start by chopping two onions and a clove of garlic.",
                                    "Cut the tomatoes into quarters."]),
        ("Fry the onions", ["Heat some olive oil and fry the onions until they are soft."]),
        ("Simmer the soup", ["Add the tomatoes and a litre of stock.", "Let it simmer for twenty minutes."]),
        ("Blend and serve", ["Blend the soup until smooth, then season with salt and pepper.",
                             "Serve it hot with a slice of bread."]),
    ],
    ("cooking", "zh"): [
        ("准备食材", ["先把三个鸡蛋打散，再把两个番茄切成小块。"]),
        ("炒鸡蛋", ["锅里放油，油热以后倒入鸡蛋。", "鸡蛋炒熟以后先盛出来。"]),
        ("炒番茄", ["再放一点油，把番茄炒出汁水。", "然后把鸡蛋倒回锅里一起翻炒。"]),
        ("出锅装盘", ["加一点盐和糖调味，就可以出锅了。"]),
    ],
    ("documentary", "en"): [
        ("Spring", ["In spring, the snow melts and the river wakes up."]),
        ("Summer", ["Summer brings long days, and the meadows are full of insects."]),
        ("Autumn", ["In autumn the forest turns gold, and the birds prepare to leave."]),
        ("Winter", ["Winter is quiet. The valley rests under the snow until the next year."]),
    ],
    ("documentary", "zh"): [
        ("清晨", ["清晨，渔民们已经出海了。"]),
        ("正午", ["到了正午，海滩上挤满了游客。"]),
        ("傍晚", ["傍晚的时候，渔船一艘一艘地回到港口。"]),
        ("夜晚", ["夜晚，海边只剩下海浪的声音。"]),
    ],
}
_CAPTION_STEP = {"en": "Step {n}: {title}", "zh": "第{n}步：{title}"}
_SIZES = ((1280, 720, 25), (854, 480, 24), (960, 540, 30), (1024, 576, 25))


def _palette(rng: random.Random) -> list[tuple[int, int, int]]:
    hue, light = rng.random(), rng.uniform(0.35, 0.65)
    return [tuple(int(255 * c) for c in colorsys.hls_to_rgb((hue + d) % 1, min(0.9, light + e), rng.uniform(0.45, 0.85)))
            for d, e in ((0, 0), (0.05, 0.2), (0.5, -0.1), (0.1, -0.2), (0.55, 0.25))]


def _parts(style: str, language: str, rng: random.Random) -> list[Part]:
    parts = []
    for title, lines in _CONTENT[(style, language)]:
        lead = rng.uniform(4.0, 8.0) if style == "documentary" else rng.uniform(1.0, 3.0)
        # some acts linger on music-only shots, so acts differ in length as real ones do
        tail = rng.choice((2.0, 3.0, 6.0, 12.0, 16.0)) + rng.uniform(0.0, 2.0)
        parts.append(Part(title=title, lines=[Line(text, pause=rng.uniform(0.6, 1.5)) for text in lines],
                          lead=lead, tail=tail))
    return parts


def _shots(layout, rng: random.Random) -> list[tuple[float, int, int]]:
    """(start, act, shot seed) of every shot; each act is cut into shots of 2.5 to 6 s."""
    shots = []
    for act in range(len(layout.parts)):
        start, end = layout.part_span(act)
        t = start
        while t < end - 1.0:
            shots.append((t, act, rng.randrange(1 << 30)))
            t += rng.uniform(2.5, 6.0)
    return shots


class Acts:
    """Draws shots: each act its own palette and layout, each shot its own composition."""

    def __init__(self, style: str, language: str, layout, opts: RenderOptions, rng: random.Random) -> None:
        self.style, self.language, self.layout = style, language, layout
        self.w, self.h, self.fps = opts.width, opts.height, opts.fps
        self.palettes = [_palette(rng) for _ in layout.parts]
        self.layouts = [rng.choice(("circles", "bars", "grid", "horizon")) for _ in layout.parts]
        if style == "documentary":
            self.layouts = ["horizon"] * len(layout.parts)
        elif style == "cooking":
            self.layouts = ["table"] * len(layout.parts)
        self.shots = _shots(layout, rng)
        self.starts = [s[0] for s in self.shots]
        self.size = max(12, self.h // 20)
        self.picture = Cached(self.state, self.draw, size=8)

    def state(self, t: float) -> tuple:
        shot = max(i for i, s in enumerate(self.starts) if s <= t + 1e-9)
        said = self.layout.last_said(t)
        caption = said.text if said and said.start <= t <= said.end + 0.3 else ""
        act = self.shots[shot][1]
        step = ""
        if self.style == "cooking" and t - self.layout.starts[act] < 4.0:
            step = _CAPTION_STEP[self.language].format(n=act + 1, title=self.layout.parts[act].title)
        # motion is drawn five times a second: smooth enough to move, cheap enough to draw
        return (shot, round((t - self.starts[shot]) * 5) / 5, caption, step)

    def draw(self, key: tuple) -> np.ndarray:
        shot, elapsed, caption, step = key
        _, act, seed = self.shots[shot]
        rng = random.Random(seed)
        palette = self.palettes[act]
        image = Image.new("RGB", (self.w, self.h), palette[0])
        draw = ImageDraw.Draw(image)
        getattr(self, f"_{self.layouts[act]}")(draw, palette, rng, elapsed)
        if step:
            font = face("bold", self.size * 1.2, step)
            draw.rectangle((0, self.h // 12, font.getlength(step) + 2 * self.size, self.h // 12 + font.size * 1.6),
                           fill=(255, 255, 255))
            draw.text((self.size, self.h // 12 + font.size * 0.25), step, font=font, fill=(30, 30, 30))
        if caption:
            self._caption(draw, caption)
        return np.asarray(image)

    def _caption(self, draw, text: str) -> None:
        font = face("regular", self.size, text)
        width = font.getlength(text)
        while width > self.w * 0.9 and font.size > 10:
            font = face("regular", font.size - 2, text)
            width = font.getlength(text)
        x, y = (self.w - width) / 2, self.h - font.size * 2.4
        draw.rectangle((x - 8, y - 4, x + width + 8, y + font.size * 1.35), fill=(0, 0, 0))
        draw.text((x, y), text, font=font, fill=(255, 255, 255))

    def _circles(self, draw, palette, rng, elapsed: float) -> None:
        for k in range(rng.randint(3, 7)):
            r = rng.uniform(0.06, 0.2) * self.h
            x = (rng.uniform(0, 1) * self.w + elapsed * rng.uniform(-30, 30)) % self.w
            y = rng.uniform(0.15, 0.7) * self.h
            draw.ellipse((x - r, y - r, x + r, y + r), fill=palette[1 + k % 4])

    def _bars(self, draw, palette, rng, elapsed: float) -> None:
        n = rng.randint(4, 8)
        grow = min(1.0, 0.3 + elapsed / 2.0)
        for k in range(n):
            height = rng.uniform(0.2, 0.65) * self.h * grow
            x0 = self.w * (0.1 + 0.8 * k / n)
            draw.rectangle((x0, self.h * 0.8 - height, x0 + self.w * 0.6 / n, self.h * 0.8), fill=palette[1 + k % 4])

    def _grid(self, draw, palette, rng, elapsed: float) -> None:
        cols, rows = rng.randint(3, 5), rng.randint(2, 3)
        pulse = int(elapsed * 2) % (cols * rows)
        for k in range(cols * rows):
            c, r = k % cols, k // cols
            box = (self.w * (0.08 + 0.84 * c / cols), self.h * (0.1 + 0.6 * r / rows),
                   self.w * (0.08 + 0.84 * (c + 0.8) / cols), self.h * (0.1 + 0.6 * (r + 0.8) / rows))
            draw.rounded_rectangle(box, radius=12, fill=palette[4] if k == pulse else palette[1 + k % 3])

    def _horizon(self, draw, palette, rng, elapsed: float) -> None:
        sky, ground = palette[1], palette[3]
        line = self.h * rng.uniform(0.45, 0.65)
        for y in range(0, int(line), 4):
            f = y / line
            draw.rectangle((0, y, self.w, y + 4), fill=tuple(int(a * (1 - f) + b * f) for a, b in zip(sky, palette[0])))
        shift = elapsed * rng.uniform(8, 25)
        for k in range(rng.randint(2, 4)):
            cx = (rng.uniform(0, 1.4) * self.w - shift) % (1.4 * self.w) - 0.2 * self.w
            half = rng.uniform(0.15, 0.35) * self.w
            draw.polygon([(cx - half, line), (cx, line - rng.uniform(0.1, 0.3) * self.h), (cx + half, line)],
                         fill=palette[2 + k % 3])
        draw.rectangle((0, line, self.w, self.h), fill=ground)

    def _table(self, draw, palette, rng, elapsed: float) -> None:
        wood = tuple(min(255, int(c * 0.5 + w * 0.5)) for c, w in zip(palette[0], (150, 105, 60)))
        draw.rectangle((0, 0, self.w, self.h), fill=wood)
        for y in range(0, self.h, 18):
            draw.line((0, y, self.w, y + 6), fill=tuple(max(0, c - 18) for c in wood), width=2)
        cx, cy, r = self.w * rng.uniform(0.35, 0.65), self.h * 0.45, self.h * rng.uniform(0.25, 0.35)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(70, 70, 75))
        draw.ellipse((cx - r * 0.85, cy - r * 0.85, cx + r * 0.85, cy + r * 0.85), fill=palette[1])
        for k in range(rng.randint(4, 9)):
            angle = rng.uniform(0, 6.28) + elapsed * 0.6
            d = rng.uniform(0.1, 0.6) * r
            x, y, s = cx + d * np.cos(angle), cy + d * np.sin(angle), r * rng.uniform(0.08, 0.16)
            draw.ellipse((x - s, y - s, x + s, y + s), fill=palette[2 + k % 3])


def _soundtrack(layout, style: str, rng: random.Random) -> np.ndarray:
    """Speech over a music bed per act; some act changes go through a second of silence."""
    track = layout.speech.copy()
    for act in range(len(layout.parts)):
        start, end = layout.part_span(act)
        gap = rng.choice((0.0, 0.0, 1.2)) if act + 1 < len(layout.parts) else 0.0
        level = 0.05 if style != "documentary" else 0.09
        add_at(track, music_bed(end - start - gap, rng, level), start)
    return track


def make(style: str, language: str, seed: int, voice: str) -> Video:
    """One video of ``style`` ('explainer', 'cooking', 'documentary') in ``language``."""
    rng = random.Random(f"{seed}:explainer:{style}:{language}")
    width, height, fps = rng.choice(_SIZES)
    opts = RenderOptions(width=width, height=height, fps=fps, crf=30, keyframe_seconds=2.0)
    layout = place(_parts(style, language, rng), language, voice, fps)
    acts = Acts(style, language, layout, opts, rng)
    return Video(name=f"{style}_{language}", kind="explainer", style=style, language=language, render=opts,
                 layout=layout, picture=acts.picture, audio=_soundtrack(layout, style, rng),
                 notes=f"{style}: acts of several shots each, music beds, captions",
                 extra={"shot_starts_seconds": [round(s[0], 3) for s in acts.shots],
                        "act_layouts": acts.layouts})
