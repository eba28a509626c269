"""Meeting recordings in Zoom-, Teams- and Meet-like layouts, several speakers each.

A chapter is an agenda item. The chair announces it ("next item: hiring"), then others
speak, each in a voice of their own; the active-speaker highlight follows whoever talks.
Styles differ in what shows the structure: 'teams' has an agenda panel whose highlighted
item moves a moment after the chair announces it; 'meet' shares an agenda document with
the current item in bold, and someone shares their screen for part of an item; 'zoom' is
speaker view with a filmstrip and no agenda at all, so only what is said (and a screen
share that starts and stops inside items) carries the structure.
"""

from __future__ import annotations

import random

import numpy as np
from PIL import Image, ImageDraw

from vidmark.synth.kinds.base import Cached, Line, Part, Video, face, place
from vidmark.synth.spec import RenderOptions

# (item title, [(speaker index, sentence), ...]); speaker 0 chairs
_EN = ("Weekly product sync", ["Maria Lopez", "Tom Chen", "Aisha Khan", "Ben Okafor", "Julia Weber"], [
    ("Welcome and updates", [
        (0, "Good morning everyone, thanks for joining the weekly product sync."),
        (0, "Let's start with quick updates from each team."),
        (1, "The mobile team finished the new login screen on Friday."),
        (2, "Support tickets went down by ten percent this week."),
    ]),
    ("Release status", [
        (0, "Next item on the agenda is the release status."),
        (3, "Version two point four is in testing, and we found two blocking bugs."),
        (3, "Both fixes are under review, so the release moves to Thursday."),
        (1, "The app store build is ready once the fixes land."),
    ]),
    ("Hiring", [
        (0, "Okay, moving on to hiring."),
        (4, "We have three candidates for the backend role in the final round."),
        (4, "Interviews are on Tuesday and Wednesday, and we still need one more interviewer."),
        (2, "I can take the Wednesday slot."),
    ]),
    ("Budget review", [
        (0, "The next topic is the budget review for the quarter."),
        (2, "Cloud costs were higher than planned because of the load tests."),
        (2, "I shared a spreadsheet with the numbers per service."),
        (3, "We can turn off the staging cluster at night to save about a fifth."),
    ]),
    ("Action items", [
        (0, "Finally, let's go over the action items."),
        (0, "Ben finishes the release fixes, Julia books the interviews, and Aisha sends the budget sheet."),
        (1, "Sounds good, see you all next week."),
    ]),
])

_ZH = ("项目周会", ["王芳", "李强", "张伟", "陈静"], [
    ("开场", [
        (0, "大家好，欢迎参加这周的项目例会。"),
        (0, "今天有四个议题，我们抓紧时间。"),
        (1, "我这边一切正常，可以开始。"),
    ]),
    ("上线进度", [
        (0, "第一个议题是新版本的上线进度。"),
        (2, "测试已经完成了百分之八十，还剩下支付模块。"),
        (2, "如果没有大问题，下周三可以上线。"),
        (3, "运维这边已经准备好了服务器。"),
    ]),
    ("招聘计划", [
        (0, "好，我们接着讨论招聘计划。"),
        (1, "前端岗位收到了三十多份简历，已经约了五个面试。"),
        (1, "希望月底之前能确定人选。"),
        (3, "我可以帮忙参加第二轮面试。"),
    ]),
    ("预算", [
        (0, "下一项是第二季度的预算。"),
        (3, "服务器费用比计划多了一些，主要是因为压力测试。"),
        (3, "我建议晚上关掉测试环境，可以节省不少费用。"),
        (2, "同意，我来安排这件事。"),
    ]),
    ("下周安排", [
        (0, "最后我们确认一下下周的安排。"),
        (0, "张伟负责上线，李强安排面试，陈静整理预算表。"),
        (1, "好的，下周见。"),
    ]),
])

_VOICES = {
    "en": ["slt", "rms", "espeak:en-gb-x-rp", "awb", "espeak:en-us+f3/160"],
    "zh": ["espeak:cmn/165", "espeak:cmn+m3/150", "espeak:cmn+f3/170", "espeak:cmn+f5/155"],
}
_TILE_COLOURS = ((86, 110, 140), (140, 96, 86), (90, 130, 100), (120, 100, 150), (150, 130, 80), (80, 125, 140))
_STYLES = {  # background, panel, text, highlight
    "zoom": ((26, 26, 26), (40, 40, 40), (240, 240, 240), (35, 217, 89)),
    "teams": ((36, 36, 52), (255, 255, 255), (37, 36, 35), (123, 131, 235)),
    "meet": ((32, 33, 36), (255, 255, 255), (32, 33, 36), (138, 180, 248)),
}
_SHARE_DOCS = {
    "en": ("Q3 costs per service", ["Compute   $41,200", "Storage   $12,900", "Network    $6,300", "Staging    $9,800"]),
    "zh": ("第二季度费用", ["计算资源  41,200 元", "存储  12,900 元", "网络  6,300 元", "测试环境  9,800 元"]),
}


_DISCUSSION = {
    "en": ["I have a question about that.", "Can you share the numbers after the call?", "I agree with that plan.",
           "Let's write that down as a follow-up.", "Do we know who owns this?", "That matches what I heard from customers.",
           "I think we should wait one more week.", "Good point, I had not thought of that."],
    "zh": ["我有一个问题。", "会后能把数据发给大家吗？", "我同意这个方案。", "这个我们记下来，会后跟进。",
           "这件事由谁负责？", "客户那边的反馈也是这样。", "我觉得可以再等一周。", "这一点我之前没想到。"],
}


def _parts(items, voices: list[str], language: str, speakers: int, rng: random.Random) -> list[Part]:
    """A part per agenda item; each style skips one middle item and some items run long."""
    skipped = rng.randrange(1, len(items) - 1)
    parts = []
    for title, lines in [item for k, item in enumerate(items) if k != skipped]:
        lines = list(lines)
        for _ in range(rng.choice((0, 0, 1, 2, 4))):
            lines.insert(rng.randrange(1, len(lines) + 1), (rng.randrange(1, speakers), rng.choice(_DISCUSSION[language])))
        said = [Line(text, voice=voices[who % len(voices)], pause=rng.uniform(0.4, 1.1), cue=(who,))
                for who, text in lines]
        parts.append(Part(title=title, lines=said, tail=rng.uniform(0.8, 1.8)))
    return parts


class Meeting:
    """Draws one layout; ``share`` is the (start, end) of the one screen share, or None."""

    def __init__(self, style: str, language: str, layout, opts: RenderOptions, names: list[str], meeting: str,
                 rng: random.Random) -> None:
        self.style, self.language, self.layout = style, language, layout
        self.w, self.h, self.names, self.meeting = opts.width, opts.height, names, meeting
        self.colours = _STYLES[style]
        self.lag = rng.uniform(0.3, 1.5)  # the agenda highlight follows the chair a moment later
        self.size = max(11, self.h // 32)
        share_part = max(1, len(layout.parts) - 2)
        start, end = layout.part_span(share_part)
        self.share = (start + rng.uniform(3.0, 6.0), end - rng.uniform(0.5, 2.5)) if style != "teams" else None
        self.picture = Cached(self.state, self.draw)

    def state(self, t: float) -> tuple:
        said = self.layout.last_said(t)
        speaker = said.cue[0] if said else 0
        talking = bool(said and said.start <= t <= said.end)
        item = self.layout.part_at(max(0.0, t - self.lag))
        sharing = bool(self.share and self.share[0] <= t < self.share[1])
        return (speaker, talking, item, sharing, int(t))

    def draw(self, key: tuple) -> np.ndarray:
        speaker, talking, item, sharing, second = key
        bg, panel, text, highlight = self.colours
        image = Image.new("RGB", (self.w, self.h), bg)
        draw = ImageDraw.Draw(image)
        bar = int(self.size * 2.2)
        clock = f"{second // 60:02d}:{second % 60:02d}"
        draw.text((self.size, bar // 4), f"{self.meeting}   {clock}", font=face("regular", self.size, self.meeting),
                  fill=(200, 200, 200))
        body = (0, bar, self.w, self.h - bar)
        if self.style == "teams":
            body = (0, bar, int(self.w * 0.7), self.h - bar)
            self._agenda(draw, (body[2], bar, self.w, self.h - bar), item, panel, text, highlight, "Agenda")
        if sharing or self.style == "meet":
            self._shared(draw, body, item, sharing, speaker, talking)
        elif self.style == "zoom":
            self._speaker_view(draw, body, speaker, talking)
        else:
            self._grid(draw, body, speaker, talking)
        self._toolbar(draw, bar, sharing)
        return np.asarray(image)

    def _tile(self, draw, box, who: int, active: bool, talking: bool) -> None:
        x0, y0, x1, y1 = box
        draw.rounded_rectangle(box, radius=8, fill=_TILE_COLOURS[who % len(_TILE_COLOURS)])
        r = min(x1 - x0, y1 - y0) // 5
        cx, cy = (x0 + x1) // 2, (y0 + y1) // 2 - r // 3
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(235, 225, 210))
        initials = "".join(p[0] for p in self.names[who].split()[:2])[:2]
        font = face("bold", r * 0.8, initials)
        draw.text((cx - font.getlength(initials) / 2, cy - r * 0.45), initials, font=font, fill=(60, 60, 60))
        label = face("regular", max(9, min(self.size, (y1 - y0) // 8)), self.names[who])
        draw.text((x0 + 8, y1 - label.size - 8), self.names[who], font=label, fill=(255, 255, 255))
        if active:
            draw.rounded_rectangle(box, radius=8, outline=self.colours[3], width=max(3, self.size // 4))
            if talking:
                draw.rectangle((x1 - 22, y1 - 26, x1 - 10, y1 - 8), fill=self.colours[3])

    def _grid(self, draw, body, speaker: int, talking: bool) -> None:
        n = len(self.names)
        cols = 2 if n <= 4 else 3
        rows = (n + cols - 1) // cols
        x0, y0, x1, y1 = body
        gap = 8
        tw, th = (x1 - x0 - gap * (cols + 1)) // cols, (y1 - y0 - gap * (rows + 1)) // rows
        for who in range(n):
            c, r = who % cols, who // cols
            box = (x0 + gap + c * (tw + gap), y0 + gap + r * (th + gap), x0 + gap + c * (tw + gap) + tw,
                   y0 + gap + r * (th + gap) + th)
            self._tile(draw, box, who, who == speaker, talking)

    def _speaker_view(self, draw, body, speaker: int, talking: bool) -> None:
        x0, y0, x1, y1 = body
        strip = (y1 - y0) // 5
        self._strip(draw, (x0, y0, x1, y0 + strip), speaker, talking)
        self._tile(draw, (x0 + self.w // 8, y0 + strip + 8, x1 - self.w // 8, y1 - 8), speaker, False, False)

    def _strip(self, draw, box, speaker: int, talking: bool) -> None:
        x0, y0, x1, y1 = box
        n = len(self.names)
        tw = min((x1 - x0) // n, int((y1 - y0) * 1.6))
        left = (x0 + x1 - n * tw) // 2
        for who in range(n):
            self._tile(draw, (left + who * tw + 4, y0 + 4, left + (who + 1) * tw - 4, y1 - 4), who, who == speaker, talking)

    def _shared(self, draw, body, item: int, sharing: bool, speaker: int, talking: bool) -> None:
        x0, y0, x1, y1 = body
        strip = (y1 - y0) // 6
        self._strip(draw, (x0, y0, x1, y0 + strip), speaker, talking)
        doc = (x0 + 12, y0 + strip + 8, x1 - 12, y1 - 8)
        if sharing:
            title, rows = _SHARE_DOCS[self.language]
            label = f"{self.names[2 % len(self.names)]} " + ("正在共享屏幕" if self.language == "zh" else "is presenting")
            self._document(draw, doc, title, rows, -1, label)
        else:
            titles = [p.title for p in self.layout.parts]
            self._document(draw, doc, self.meeting, titles, item, "")

    def _document(self, draw, box, title: str, rows: list[str], bold: int, banner: str) -> None:
        x0, y0, x1, y1 = box
        draw.rectangle(box, fill=(255, 255, 255))
        if banner:
            draw.rectangle((x0, y0, x1, y0 + int(self.size * 1.8)), fill=(30, 142, 62))
            draw.text((x0 + 10, y0 + 4), banner, font=face("regular", self.size, banner), fill=(255, 255, 255))
            y0 += int(self.size * 1.8)
        big = int(self.size * 1.6)
        draw.text((x0 + big, y0 + big // 2), title, font=face("bold", big, title), fill=(20, 20, 20))
        y = y0 + big * 2 + 4
        for k, row in enumerate(rows):
            label = f"{k + 1}. {row}" if bold >= 0 else row
            if k == bold:
                draw.rectangle((x0 + big // 2, y - 4, x1 - big // 2, y + int(self.size * 1.6)), fill=(254, 239, 195))
            style = "bold" if k == bold else "regular"
            colour = (20, 20, 20) if k == bold else (110, 110, 110)
            draw.text((x0 + big, y), label, font=face(style, self.size * 1.15, row), fill=colour)
            y += int(self.size * 1.9)

    def _agenda(self, draw, box, item: int, panel, text, highlight, header: str) -> None:
        x0, y0, x1, y1 = box
        draw.rectangle(box, fill=panel)
        header = "议程" if self.language == "zh" else header
        draw.text((x0 + self.size, y0 + self.size // 2), header, font=face("bold", self.size * 1.3, header), fill=text)
        y = y0 + self.size * 3
        for k, part in enumerate(self.layout.parts):
            row = (x0 + 6, y - 6, x1 - 6, y + int(self.size * 1.6))
            if k == item:
                draw.rounded_rectangle(row, radius=6, fill=highlight)
            elif k < item:
                draw.text((x1 - self.size * 2, y), "✓", font=face("regular", self.size), fill=(90, 160, 90))
            colour = (255, 255, 255) if k == item else text
            draw.text((x0 + self.size, y), part.title, font=face("bold" if k == item else "regular", self.size, part.title),
                      fill=colour)
            y += int(self.size * 2.3)

    def _toolbar(self, draw, bar: int, sharing: bool) -> None:
        y0 = self.h - bar
        draw.rectangle((0, y0, self.w, self.h), fill=(20, 20, 20))
        labels = ["Mute", "Video", "Stop share" if sharing else "Share", "Chat", "Leave"]
        step = self.w // (len(labels) + 2)
        for k, label in enumerate(labels):
            x = step * (k + 1)
            fill = (200, 50, 50) if label == "Leave" else (70, 70, 70)
            draw.rounded_rectangle((x, y0 + 5, x + step - 10, self.h - 5), radius=6, fill=fill)
            draw.text((x + 8, y0 + bar // 4), label, font=face("regular", self.size * 0.8), fill=(255, 255, 255))


_SIZES = ((1280, 720, 10), (1920, 1080, 8), (960, 540, 15), (1366, 768, 10))


def make(style: str, language: str, seed: int, voice: str) -> Video:
    """One meeting of ``style`` ('zoom', 'teams', 'meet') in ``language``; ``voice`` chairs."""
    rng = random.Random(f"{seed}:meeting:{style}:{language}")
    meeting, names, items = _EN if language == "en" else _ZH
    width, height, fps = rng.choice(_SIZES)
    opts = RenderOptions(width=width, height=height, fps=fps, crf=30)
    voices = [voice, *[v for v in _VOICES[language] if v != voice]]
    layout = place(_parts(items, voices, language, len(names), rng), language, voice, fps)
    view = Meeting(style, language, layout, opts, names, meeting, rng)
    return Video(name=f"meeting_{style}_{language}", kind="meeting", style=style, language=language, render=opts,
                 layout=layout, picture=view.picture, audio=layout.speech,
                 notes=f"{style}-like meeting, {len(names)} speakers; chapters are agenda items",
                 extra={"screen_share_seconds": list(view.share) if view.share else None,
                        "agenda_highlight_lag_seconds": round(view.lag, 3)})
