"""Talking heads, podcasts and audio-only shows: chapters are topic shifts in speech.

The picture carries no structure: one camera on a gently swaying "person" ('lecture'),
two hosts with the camera cutting to whoever speaks ('podcast', so cuts follow turns,
not topics), or a still cover with a level meter ('audio'). A chapter is a topic: its
sentences share their words, it is followed by a longer pause, and only some topics
are announced ("now, about sleep"), so neither cue alone finds every boundary.
"""

from __future__ import annotations

import math
import random

import numpy as np
from PIL import Image, ImageDraw

from vidmark.synth.kinds.base import Cached, Line, Part, Video, face, place
from vidmark.synth.spec import RenderOptions

# (show title, hosts, [(topic, cue sentence or "", [(host, sentence), ...]), ...])
_CONTENT = {
    ("lecture", "en"): ("Healthy habits", ["Dr. Anna Berg"], [
        ("Sleep", "", [(0, "Most adults need between seven and nine hours of sleep every night."),
                       (0, "Going to bed at the same time each night helps your body keep its rhythm."),
                       (0, "Screens late in the evening make it harder to fall asleep."),
                       (0, "A cool and dark bedroom helps you sleep more deeply."),
                       (0, "Coffee in the afternoon can keep you awake for many hours."),
                       (0, "If you cannot sleep, get up and read for a while instead of lying awake."),
                       (0, "Short naps after lunch are fine, but keep them under half an hour.")]),
        ("Exercise", "Now, let's talk about exercise.", [
            (0, "Thirty minutes of walking a day already lowers the risk of heart disease."),
            (0, "Exercise does not have to happen in a gym; climbing stairs counts too."),
            (0, "Muscles also need strength training twice a week.")]),
        ("Nutrition", "", [(0, "What we eat matters just as much as how we move."),
                           (0, "Vegetables, whole grains and beans give fibre and vitamins."),
                           (0, "Sugary drinks are the easiest calories to cut from a diet.")]),
        ("Stress", "The last topic today is stress.", [
            (0, "Short breaks during the working day reduce stress hormones."),
            (0, "Talking to friends and breathing slowly both calm the nervous system.")]),
    ]),
    ("lecture", "zh"): ("城市交通", ["刘教授"], [
        ("地铁", "", [(0, "地铁是大城市最重要的交通方式。"), (0, "北京的地铁每天运送一千多万名乘客。"),
                    (0, "地铁的优点是准时，而且不会堵车。"), (0, "不过，上下班高峰的时候地铁非常拥挤。"),
                    (0, "很多城市正在修建新的地铁线路。"), (0, "地铁站附近的房子价格通常也比较高。")]),
        ("公交车", "下面我们说说公交车。", [(0, "公交车的线路比地铁多，可以到达更多的小区。"),
                                   (0, "很多城市设置了公交专用道，让公交车跑得更快。")]),
        ("自行车", "", [(0, "近几年，共享单车在城市里越来越多。"), (0, "骑自行车适合三公里以内的短途出行。"),
                     (0, "骑车既环保，又能锻炼身体。")]),
        ("未来交通", "最后谈谈未来的交通。", [(0, "自动驾驶汽车可能会改变我们出行的方式。"),
                                   (0, "未来的城市也许会有更少的私家车。")]),
    ]),
    ("podcast", "en"): ("The Weekend Show", ["Sam", "Priya"], [
        ("Favourite books", "", [(0, "So Priya, what have you been reading lately?"),
                                 (1, "I just finished a novel about a lighthouse keeper, and I loved it."),
                                 (0, "I am still stuck in the same detective book since March."),
                                 (1, "Detective books are perfect for the train, though.")]),
        ("Travel plans", "Let's move on to travel.", [
            (0, "I am going hiking in Scotland in the summer."),
            (1, "Oh nice, I am planning a trip to Japan with my sister."),
            (0, "Do you already have train tickets?"),
            (1, "Yes, we bought a rail pass for two weeks."),
            (0, "How many cities will you visit?"),
            (1, "Tokyo, Kyoto and Osaka, and maybe a small island in the south."),
            (0, "Take lots of photos for the show."),
            (1, "I will, and I will try all the street food too.")]),
        ("Cooking disasters", "", [(1, "Did I tell you about my birthday cake?"),
                                   (1, "It came out of the oven completely flat."),
                                   (0, "Mine caught fire once, so you are doing fine."),
                                   (0, "The smoke alarm still reminds me of that cake.")]),
    ]),
    ("podcast", "zh"): ("周末闲聊", ["小林", "阿美"], [
        ("电影推荐", "", [(0, "阿美，你最近看了什么好电影吗？"), (1, "我看了一部关于宇宙的科幻电影，特别好看。"),
                      (0, "我还是更喜欢喜剧电影。"), (1, "下次我们一起去电影院吧。")]),
        ("旅行经历", "说到假期，聊聊旅行吧。", [(0, "我上个月去了云南，风景非常美。"),
                                    (1, "我一直想去大理，那里的天气怎么样？"),
                                    (0, "白天很暖和，晚上有点凉。"), (1, "你们在那里住了几天？"),
                                    (0, "一共住了五天，还去了丽江古城。"), (1, "听起来真不错，明年我也想去。")]),
        ("工作习惯", "", [(1, "最近我开始早上六点起床工作。"), (1, "早上效率特别高，下午就轻松多了。"),
                      (0, "我可做不到，我是晚上才有精神的人。")]),
    ]),
    ("audio", "en"): ("History Minutes", ["Narrator"], [
        ("Early designs", "", [(0, "The first bicycles had no pedals at all."),
                               (0, "Riders pushed the wooden frame along with their feet."),
                               (0, "These running machines appeared in Germany in eighteen seventeen.")]),
        ("The safety bicycle", "Then came the safety bicycle.", [
            (0, "It had two wheels of the same size and a chain to the back wheel."),
            (0, "Suddenly cycling was safe enough for almost everyone.")]),
        ("Bikes in cities", "", [(0, "Today many cities build separate lanes for cyclists."),
                                 (0, "In Copenhagen more people ride to work than drive."),
                                 (0, "Electric bikes now make longer commutes easy."),
                                 (0, "Some cities even lend bikes for free at every corner."),
                                 (0, "And cargo bikes are replacing delivery vans in many old town centres.")]),
    ]),
    ("audio", "zh"): ("历史一分钟", ["旁白"], [
        ("茶的起源", "", [(0, "传说茶最早是在中国被发现的。"), (0, "古人先把茶叶当作药，后来才当作饮料。")]),
        ("茶的传播", "后来，茶传到了世界各地。", [(0, "唐朝的时候，喝茶已经非常流行。"),
                                     (0, "茶叶沿着丝绸之路传到了中亚和欧洲。"),
                                     (0, "英国人在下午喝茶的习惯也是这样来的。"), (0, "日本也从中国学会了种茶和喝茶。"),
                                     (0, "后来，日本人发展出了自己的茶道。")]),
        ("今天的茶", "", [(0, "今天，茶是世界上喝得最多的饮料之一。"), (0, "绿茶、红茶和乌龙茶各有各的味道。")]),
    ]),
}
_VOICES = {"en": ["kal16", "slt", "espeak:en-gb/150", "awb"], "zh": ["espeak:cmn/160", "espeak:cmn+f3/165"]}
_SIZES = ((1280, 720, 25), (1920, 1080, 25), (640, 360, 30), (960, 540, 25))


def _parts(topics, voices: list[str], rng: random.Random) -> list[Part]:
    parts = []
    for title, cue, lines in topics:
        said = [Line(cue, voice=voices[0], pause=0.5, cue=(0,))] if cue else []
        said += [Line(text, voice=voices[who], pause=rng.uniform(0.3, 0.8), cue=(who,)) for who, text in lines]
        parts.append(Part(title=title, lines=said, tail=rng.uniform(1.4, 2.6)))
    return parts


class Studio:
    """A camera on one or two people, or a still cover with a level meter."""

    def __init__(self, style: str, layout, opts: RenderOptions, hosts: list[str], show: str, rng: random.Random) -> None:
        self.style, self.layout, self.hosts, self.show = style, layout, hosts, show
        self.w, self.h = opts.width, opts.height
        self.wall = tuple(rng.randint(60, 200) for _ in range(3))
        self.shirts = [tuple(rng.randint(30, 220) for _ in range(3)) for _ in hosts]
        self.sway = rng.uniform(0.4, 1.2)
        self.picture = Cached(self.state, self.draw, size=8)

    def state(self, t: float) -> tuple:
        said = self.layout.last_said(t)
        speaker = said.cue[0] if said else 0
        talking = bool(said and said.start <= t <= said.end)
        tick = round(t * 5) / 5
        return (speaker, talking and self.style == "audio" and int(t * 5) % 2 == 0, tick if self.style != "audio" else
                int(t), t < 6.0)

    def draw(self, key: tuple) -> np.ndarray:
        speaker, loud, tick, intro = key
        image = Image.new("RGB", (self.w, self.h), self.wall)
        draw = ImageDraw.Draw(image)
        if self.style == "audio":
            self._cover(draw, loud, tick)
        else:
            who = speaker if self.style == "podcast" else 0
            self._person(draw, self.w / 2 + self.w * 0.02 * math.sin(tick * self.sway), self.shirts[who], tick)
            if intro or self.style == "podcast":
                self._lower_third(draw, self.hosts[who], self.show)
        return np.asarray(image)

    def _person(self, draw, cx: float, shirt, tick: float) -> None:
        h = self.h
        draw.rectangle((0, h * 0.72, self.w, h), fill=tuple(max(0, c - 40) for c in self.wall))
        draw.rounded_rectangle((cx - h * 0.28, h * 0.55, cx + h * 0.28, h * 1.1), radius=int(h * 0.12), fill=shirt)
        bob = h * 0.006 * math.sin(tick * 3.1)
        draw.ellipse((cx - h * 0.13, h * 0.2 + bob, cx + h * 0.13, h * 0.52 + bob), fill=(224, 188, 160))
        draw.chord((cx - h * 0.14, h * 0.17 + bob, cx + h * 0.14, h * 0.45 + bob), 180, 360, fill=(60, 40, 30))

    def _lower_third(self, draw, name: str, show: str) -> None:
        size = max(12, self.h // 22)
        y = self.h * 0.8
        text = f"{name} · {show}"
        font = face("bold", size, text)
        draw.rectangle((self.w * 0.05, y, self.w * 0.05 + font.getlength(text) + 2 * size, y + size * 1.7), fill=(20, 20, 20))
        draw.text((self.w * 0.05 + size, y + size * 0.3), text, font=font, fill=(255, 255, 255))

    def _cover(self, draw, loud: bool, second: int) -> None:
        size = max(14, self.h // 12)
        font = face("bold", size, self.show)
        draw.text(((self.w - font.getlength(self.show)) / 2, self.h * 0.3), self.show, font=font, fill=(255, 255, 255))
        bars = 24
        for k in range(bars):
            level = 0.2 + (0.6 if loud else 0.1) * abs(math.sin(k * 1.7 + second))
            x = self.w * (0.2 + 0.6 * k / bars)
            draw.rectangle((x, self.h * 0.75 - level * self.h * 0.15, x + self.w * 0.6 / bars * 0.6, self.h * 0.75),
                           fill=(255, 255, 255))
        clock = f"{second // 60}:{second % 60:02d}"
        draw.text((self.w * 0.2, self.h * 0.8), clock, font=face("regular", size * 0.5), fill=(230, 230, 230))


def make(style: str, language: str, seed: int, voice: str) -> Video:
    """One talk of ``style`` ('lecture', 'podcast', 'audio') in ``language``."""
    rng = random.Random(f"{seed}:talk:{style}:{language}")
    show, hosts, topics = _CONTENT[(style, language)]
    width, height, fps = rng.choice(_SIZES)
    opts = RenderOptions(width=width, height=height, fps=fps if style != "audio" else 5, crf=30)
    voices = [voice, *[v for v in _VOICES[language] if v != voice]]
    layout = place(_parts(topics, voices, rng), language, voice, opts.fps)
    studio = Studio(style, layout, opts, hosts, show, rng)
    return Video(name=f"talk_{style}_{language}", kind="talk", style=style, language=language, render=opts,
                 layout=layout, picture=studio.picture, audio=layout.speech,
                 notes=f"{style}: chapters are topic shifts in speech; only some are announced")
