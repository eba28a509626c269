"""Slide decks: the old benchmark's slide template ('classic') beside a different deck.

'classic' is :mod:`vidmark.synth.dataset`'s generator, unchanged, on short recipes, so
the kinds benchmark keeps the old benchmark's case inside it. 'deck' looks and behaves
otherwise: 4:3 slides with a header band, a footer with the deck name and slide number,
a full-colour section divider opening each chapter and content slides whose titles are
not the chapter's title, bar charts beside the bullets, and an espeak-ng voice.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from vidmark.synth.dataset import ChapterPlan, Recipe, build_spec
from vidmark.synth.generate import generate_video
from vidmark.synth.kinds.base import Cached, Line, Part, Video, face, place
from vidmark.synth.spec import RenderOptions

# (deck, [(section, [(slide title, bullets, [sentences]), ...]), ...])
_DECKS = {
    "en": ("Solar energy basics", [
        ("How solar panels work", [
            ("Photons and cells", ["Light hits silicon cells", "Electrons start to move"],
             ["Let's begin with how solar panels work.", "Light hits the silicon cells, and electrons start to move."]),
            ("From DC to AC", ["Panels make direct current", "An inverter converts it"],
             ["The panels make direct current, and an inverter turns it into the alternating current your home uses."]),
        ]),
        ("Installing panels", [
            ("Choosing the roof", ["South facing is best", "Avoid shade from trees"],
             ["The second part is about installing panels.", "A roof facing south without shade gives the most power."]),
            ("Mounting and wiring", ["Rails hold the panels", "An electrician connects them"],
             ["Rails hold the panels on the roof, and an electrician connects them to the fuse box."]),
        ]),
        ("Costs and savings", [
            ("Upfront cost", ["About six thousand euros", "Subsidies lower the price"],
             ["Finally, costs and savings.", "A small system costs about six thousand euros before subsidies."]),
            ("Payback time", ["Lower electricity bills", "Paid back in eight to ten years"],
             ["Lower bills pay the system back in eight to ten years."]),
            ("Selling power back", ["Feed-in tariffs", "Batteries store the surplus"],
             ["When the panels make more than you use, the grid buys the surplus, or a battery stores it for the evening."]),
            ("An example household", ["Four people, 4,000 kWh a year", "Saves about 900 euros a year"],
             ["A family of four using four thousand kilowatt hours a year saves about nine hundred euros."]),
        ]),
        ("Questions", [
            ("Questions?", ["Thank you for listening"], ["That is all for today, thank you for listening."]),
        ]),
    ]),
    "zh": ("家庭理财入门", [
        ("课程介绍", [
            ("今天的内容", ["记账", "储蓄", "投资"], ["大家好，今天我们讲三个内容。"]),
        ]),
        ("记账", [
            ("为什么要记账", ["知道钱花在哪里", "发现不必要的开支"], ["我们先从记账开始。", "记账可以让你知道钱都花在了哪里。"]),
            ("记账的方法", ["手机应用", "每周整理一次"], ["用手机应用记账最方便，每周整理一次就够了。"]),
        ]),
        ("储蓄", [
            ("先存后花", ["工资到账先存一部分", "建议百分之二十"], ["第二部分讲储蓄。", "工资到账以后，先把百分之二十存起来。"]),
            ("应急资金", ["准备六个月的生活费", "放在随时能取的账户"], ["应急资金最好够六个月的生活费。"]),
        ]),
        ("投资", [
            ("了解风险", ["收益越高风险越大", "不要把钱放在一个地方"], ["最后我们谈谈投资。", "收益越高，风险也越大。"]),
            ("长期坚持", ["定期定额", "不要频繁买卖"], ["定期定额投资，并且长期坚持，是比较稳妥的方法。"]),
            ("常见误区", ["追涨杀跌", "轻信高收益"], ["很多人看到价格上涨就买，下跌就卖，这样很容易亏钱。", "如果有人承诺很高的收益，一定要小心。"]),
            ("基金入门", ["指数基金", "费用低"], ["对初学者来说，指数基金费用低，风险也比较分散。"]),
        ]),
    ]),
}
_DECK_COLOURS = ((0, 84, 147), (153, 27, 27), (21, 128, 61), (88, 28, 135))
_CLASSIC = {
    "en": Recipe(name="slides_classic_en", topic="Basic Bicycle Repair",
                 render=RenderOptions(width=960, height=540, fps=10, voice="rms"),
                 chapters=[ChapterPlan(chapter=0, sentences=2), ChapterPlan(chapter=1, sentences=9, slides=3, transition="fade"),
                           ChapterPlan(chapter=2, sentences=3, slides=1), ChapterPlan(chapter=3, sentences=5, slides=2, transition="dip")]),
    "zh": Recipe(name="slides_classic_zh", topic="包饺子", render=RenderOptions(width=1280, height=720, fps=10, theme=1),
                 chapters=[ChapterPlan(chapter=0, sentences=5, slides=2), ChapterPlan(chapter=1, sentences=2, transition="fade"),
                           ChapterPlan(chapter=2, sentences=7, slides=3), ChapterPlan(chapter=3, sentences=2)]),
}


def write_classic(language: str, seed: int, out_dir: Path) -> dict:
    """The old generator's video (its own writer and truth), as a manifest row."""
    spec = build_spec(_CLASSIC[language], seed)
    made = generate_video(spec, out_dir)
    return {"name": spec.name, "video": made.video.name, "gold": made.gold.name, "duration_seconds": made.duration_seconds,
            "language": language, "kind": "slides", "style": "classic", "split": "kinds",
            "notes": "the old benchmark's slide template (vidmark.synth.dataset)"}


def _parts(language: str) -> list[Part]:
    parts = []
    for s, (section, slides) in enumerate(_DECKS[language][1]):
        lines = [Line(text, pause=0.5, cue=(k,)) for k, (_, _, said) in enumerate(slides) for text in said]
        parts.append(Part(title=section, lines=lines, lead=2.0, tail=1.0, info={"section": s}))
    return parts


class Deck:
    """Section dividers for the lead-in of each part, then the slide its lines belong to."""

    def __init__(self, language: str, layout, opts: RenderOptions, rng: random.Random) -> None:
        self.language, self.layout = language, layout
        self.deck, self.sections = _DECKS[language]
        self.w, self.h = opts.width, opts.height
        self.colour = rng.choice(_DECK_COLOURS)
        self.size = max(12, self.h // 26)
        self.picture = Cached(self.state, self.draw)

    def state(self, t: float) -> tuple:
        part = self.layout.part_at(t)
        said = self.layout.last_said(t)
        return (part, said.cue[0] if said else -1)

    def draw(self, key: tuple) -> np.ndarray:
        part, slide = key
        section, slides = self.sections[part]
        if slide < 0:
            return self._divider(part, section)
        title, bullets, _ = slides[slide]
        image = Image.new("RGB", (self.w, self.h), (255, 255, 255))
        draw = ImageDraw.Draw(image)
        band = int(self.h * 0.16)
        draw.rectangle((0, 0, self.w, band), fill=self.colour)
        draw.text((self.size, band * 0.25), title, font=face("serif-bold", self.size * 1.8, title), fill=(255, 255, 255))
        y = band + self.size * 2
        for bullet in bullets:
            draw.text((self.size * 2, y), "– " + bullet, font=face("serif", self.size * 1.2, bullet), fill=(30, 30, 30))
            y += int(self.size * 2.2)
        rng = random.Random(f"{part}:{slide}")
        for k in range(4):
            height = rng.uniform(0.1, 0.35) * self.h
            x = self.w * (0.6 + 0.08 * k)
            draw.rectangle((x, self.h * 0.8 - height, x + self.w * 0.05, self.h * 0.8), fill=self.colour)
        number = sum(len(s[1]) + 1 for s in self.sections[:part]) + slide + 2
        footer = f"{self.deck}   |   {number}"
        draw.text((self.size, self.h - self.size * 1.6), footer, font=face("condensed", self.size * 0.8, footer),
                  fill=(120, 120, 120))
        return np.asarray(image)

    def _divider(self, part: int, section: str) -> np.ndarray:
        image = Image.new("RGB", (self.w, self.h), self.colour)
        draw = ImageDraw.Draw(image)
        label = (f"第{part + 1}部分" if self.language == "zh" else f"Part {part + 1}")
        draw.text((self.w * 0.1, self.h * 0.3), label, font=face("condensed-bold", self.size * 1.2, label), fill=(230, 230, 230))
        draw.text((self.w * 0.1, self.h * 0.42), section, font=face("serif-bold", self.size * 2.4, section),
                  fill=(255, 255, 255))
        return np.asarray(image)


def make(style: str, language: str, seed: int, voice: str) -> Video:
    """A 'deck' video in ``language`` ('classic' goes through :func:`write_classic`)."""
    if style != "deck":
        raise ValueError(f"slidedeck.make draws style 'deck', not {style!r}; 'classic' is write_classic")
    rng = random.Random(f"{seed}:slides:{style}:{language}")
    opts = RenderOptions(width=1024, height=768, fps=rng.choice((8, 10, 15)), crf=30)
    layout = place(_parts(language), language, voice, opts.fps)
    deck = Deck(language, layout, opts, rng)
    return Video(name=f"slides_deck_{language}", kind="slides", style="deck", language=language, render=opts,
                 layout=layout, picture=deck.picture, audio=layout.speech,
                 notes="4:3 deck: a section divider opens each chapter; content slide titles differ from the chapter's")
