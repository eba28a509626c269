"""Narrated screencasts: a terminal, a code editor, a browser walkthrough.

A chapter is a *step* of the tutorial, announced by the narrator ("now let's create a
branch"); inside it several commands are typed, files edited or pages visited, so a
new command, a new file tab or a new page is not a chapter change. Commands are typed
character by character, their output scrolls in, a cursor moves to the button it clicks.
Styles differ in window chrome, colours, fonts, prompt and resolution.
"""

from __future__ import annotations

import random

import numpy as np
from PIL import Image, ImageDraw

from vidmark.synth.kinds.base import Cached, Line, Part, Video, face, place
from vidmark.synth.spec import RenderOptions

_TYPE_DELAY = 0.35
_OUTPUT_DELAY = 0.4
_OUTPUT_RATE = 25.0

# --- content: (step title, [(narration, cue), ...]); cues: ("cmd", command, output lines),
# ("edit", file, code lines), ("run", command, output), ("page", url, heading, fields, button)

_GIT_EN = [
    ("Set up the project", [
        ("In this video we put a small shop project under version control.", ()),
        ("First we make a folder for it and move into that folder.", ("cmd", "mkdir shop && cd shop", ())),
        ("Then we initialise an empty repository.", ("cmd", "git init", ("Initialized empty Git repository in /home/alice/shop/.git/",))),
    ]),
    ("Make the first commit", [
        ("Now let's make our first commit.", ()),
        ("We write a short readme file.", ("cmd", "echo '# Shop' > README.md", ())),
        ("Git status shows the new file as untracked.", ("cmd", "git status", ("On branch main", "", "No commits yet", "", "Untracked files:", "  (use \"git add <file>...\" to include in what will be committed)", "        README.md", "", "nothing added to commit but untracked files present"))),
        ("We add it and commit it with a message.", ("cmd", "git add README.md && git commit -m 'Add readme'", ("[main (root-commit) 4f2a9c1] Add readme", " 1 file changed, 1 insertion(+)", " create mode 100644 README.md"))),
    ]),
    ("Create a branch", [
        ("Next, let's create a branch for the shopping cart feature.", ("cmd", "git switch -c cart", ("Switched to a new branch 'cart'",))),
        ("On this branch we add the cart module.", ("cmd", "printf 'items = []\\n' > cart.py", ())),
        ("And we commit the work on the branch.", ("cmd", "git add cart.py && git commit -m 'Add cart module'", ("[cart 9b1e77d] Add cart module", " 1 file changed, 1 insertion(+)", " create mode 100644 cart.py"))),
    ]),
    ("Merge the branch", [
        ("When the feature is ready, we merge it back into main.", ()),
        ("So we switch back to the main branch.", ("cmd", "git switch main", ("Switched to branch 'main'",))),
        ("And merge the cart branch into it.", ("cmd", "git merge cart", ("Updating 4f2a9c1..9b1e77d", "Fast-forward", " cart.py | 1 +", " 1 file changed, 1 insertion(+)", " create mode 100644 cart.py"))),
    ]),
    ("Look at the history", [
        ("Finally, let's look at the history of the project.", ("cmd", "git log --oneline --graph", ("* 9b1e77d (HEAD -> main, cart) Add cart module", "* 4f2a9c1 Add readme"))),
        ("Each line is one commit, newest first.", ()),
    ]),
]

_PY_ZH = [
    ("创建虚拟环境", [
        ("这个视频我们来搭建一个 Python 项目。", ()),
        ("首先创建一个虚拟环境。", ("cmd", "python3 -m venv .venv", ())),
        ("然后激活这个环境。", ("cmd", "source .venv/bin/activate", ())),
    ]),
    ("安装依赖", [
        ("接下来我们安装项目需要的依赖包。", ("cmd", "pip install requests pytest", tuple(
            f"Collecting {p}\n  Downloading {p}-{v}-py3-none-any.whl ({k} kB)" for p, v, k in
            (("requests", "2.32.3", 64), ("pytest", "8.3.4", 343), ("idna", "3.10", 70), ("certifi", "2024.12.14", 164),
             ("urllib3", "2.3.0", 128), ("pluggy", "1.5.0", 20)))) + ("Successfully installed certifi idna pluggy pytest requests urllib3",)),
        ("安装完以后，把依赖写进文件里。", ("cmd", "pip freeze > requirements.txt", ())),
    ]),
    ("运行测试", [
        ("现在我们来运行测试。", ("cmd", "pytest -q", ("....F.", "FAILED tests/test_price.py::test_discount - assert 90 == 80", "1 failed, 5 passed in 0.42s"))),
        ("有一个测试失败了，我们修改折扣的计算。", ("cmd", "sed -i 's/0.9/0.8/' shop/price.py", ())),
        ("再运行一次，全部通过。", ("cmd", "pytest -q", ("......", "6 passed in 0.39s"))),
    ]),
    ("查看日志", [
        ("最后我们看一下程序的日志文件。", ("cmd", "tail -n 5 logs/app.log", tuple(f"2026-03-0{d} 10:1{d}:0{d} INFO order {100 + d} paid" for d in range(1, 6)))),
        ("每一行记录了一个订单。", ()),
    ]),
]

_EDITOR_EN = [
    ("Create the data model", [
        ("Today we build a small to-do app, starting with the data model.", ("edit", "models.py", ("from dataclasses import dataclass", "", "", "@dataclass", "class Task:"))),
        ("A task has a title and a done flag.", ("edit", "models.py", ("    title: str", "    done: bool = False"))),
    ]),
    ("Add the storage layer", [
        ("Now let's add a place to store the tasks.", ("edit", "store.py", ("import json", "from models import Task", ""))),
        ("The store saves the tasks as a JSON file.", ("edit", "store.py", ("def save(tasks, path):", "    data = [t.__dict__ for t in tasks]", "    path.write_text(json.dumps(data))"))),
        ("And it can load them back.", ("edit", "store.py", ("", "def load(path):", "    return [Task(**d) for d in json.loads(path.read_text())]"))),
    ]),
    ("Write a test", [
        ("Next we write a test for the store.", ("edit", "test_store.py", ("from store import save, load", "from models import Task", "", "def test_round_trip(tmp_path):"))),
        ("It saves one task and loads it again.", ("edit", "test_store.py", ("    path = tmp_path / 'tasks.json'", "    save([Task('milk')], path)", "    assert load(path) == [Task('milk')]"))),
    ]),
    ("Run the tests", [
        ("Let's run the tests in the terminal panel.", ("run", "pytest -q", ("collected 1 item", "", "test_store.py .                      [100%]", "", "1 passed in 0.03s"))),
        ("The test passes, so the storage works.", ()),
    ]),
]

_EDITOR_ZH = [
    ("定义配置", [
        ("今天我们写一个天气查询的小工具，先定义配置。", ("edit", "config.py", ("API_URL = 'https://api.example.com/weather'", "TIMEOUT = 5", "CITIES = ['北京', '上海', '广州']"))),
        ("城市列表可以以后再改。", ()),
    ]),
    ("编写请求函数", [
        ("接下来编写发送请求的函数。", ("edit", "client.py", ("import requests", "from config import API_URL, TIMEOUT", "", "def fetch(city):"))),
        ("函数返回这个城市的温度。", ("edit", "client.py", ("    r = requests.get(API_URL, params={'q': city}, timeout=TIMEOUT)", "    r.raise_for_status()", "    return r.json()['temp']"))),
    ]),
    ("处理错误", [
        ("然后我们处理网络错误的情况。", ("edit", "client.py", ("", "def safe_fetch(city):", "    try:", "        return fetch(city)", "    except requests.RequestException:", "        return None"))),
        ("出错的时候返回空值，程序不会崩溃。", ()),
    ]),
    ("运行程序", [
        ("最后在终端里运行程序。", ("run", "python main.py", ("北京 3°C", "上海 9°C", "广州 18°C"))),
        ("三个城市的温度都显示出来了。", ()),
    ]),
]

_BROWSER_EN = [
    ("Sign up for an account", [
        ("Let's start by signing up for an account on the project board.", ("page", "boardly.app/signup", "Create your account", (("Email", "sam@example.com"), ("Password", "••••••••")), "Sign up")),
        ("After signing up we land on the welcome page.", ("page", "boardly.app/welcome", "Welcome, Sam!", (), "Continue")),
    ]),
    ("Create a project", [
        ("Now let's create our first project.", ("page", "boardly.app/projects/new", "New project", (("Project name", "Garden redesign"), ("Description", "Plan the spring work")), "Create project")),
        ("The project page opens with an empty board.", ("page", "boardly.app/p/garden", "Garden redesign", (("Add a card", "Buy seeds"),), "Add card")),
    ]),
    ("Invite your team", [
        ("Next, we invite the rest of the team.", ("page", "boardly.app/p/garden/members", "Members", (("Invite by email", "lee@example.com"),), "Send invite")),
        ("Invited people appear in the list as pending.", ("page", "boardly.app/p/garden/members", "Members", (("Pending", "lee@example.com"),), "Done")),
    ]),
    ("Change notification settings", [
        ("Finally, let's turn down the email notifications.", ("page", "boardly.app/settings/notifications", "Notifications", (("Email digest", "Weekly"), ("Mentions", "On")), "Save")),
    ]),
]

_BROWSER_ZH = [
    ("注册账号", [
        ("首先，我们在网上商城注册一个账号。", ("page", "shop.example.cn/register", "注册新用户", (("手机号", "138 0000 1234"), ("密码", "••••••••")), "注册")),
        ("注册成功后会显示欢迎页面。", ("page", "shop.example.cn/welcome", "欢迎光临", (), "开始购物")),
    ]),
    ("搜索商品", [
        ("接下来我们搜索想买的商品。", ("page", "shop.example.cn/search?q=茶杯", "搜索结果：茶杯", (("排序", "销量最高"),), "查看详情")),
        ("点开第一个商品，看看详细介绍。", ("page", "shop.example.cn/item/8812", "青瓷茶杯 四只装", (("数量", "2"),), "加入购物车")),
    ]),
    ("填写收货地址", [
        ("然后我们填写收货地址。", ("page", "shop.example.cn/address", "收货地址", (("收货人", "王小明"), ("地址", "北京市海淀区中关村大街1号")), "保存地址")),
        ("把它设成默认地址，下次就不用再填了。", ("page", "shop.example.cn/address/list", "我的地址", (("默认地址", "王小明 北京市海淀区"),), "设为默认")),
    ]),
    ("提交订单", [
        ("最后确认订单并付款。", ("page", "shop.example.cn/checkout", "确认订单", (("合计", "¥ 96.00"), ("支付方式", "微信支付")), "提交订单")),
        ("订单提交以后就可以等待发货了。", ()),
    ]),
]

_TERMINAL_THEMES = (  # background, text, prompt, chrome
    ((30, 30, 30), (220, 220, 220), (80, 220, 120), (60, 60, 60)),
    ((253, 246, 227), (88, 110, 117), (38, 139, 210), (220, 212, 190)),
    ((1, 36, 86), (238, 238, 238), (255, 255, 102), (30, 70, 130)),
)
_PROMPTS = ("alice@laptop:~/shop$ ", "[dev@box shop]$ ", "PS C:\\shop> ")


def _parts(content, lead: float, rate: float, rng: random.Random) -> list[Part]:
    """A part per step; some steps end with a silent wait (a build, a page loading)."""
    return [Part(title=title, lines=[Line(text, cue=cue, pause=0.6, hold=_busy(cue, rate)) for text, cue in lines],
                 lead=lead, tail=rng.choice((1.5, 1.5, 4.0, 9.0, 14.0)))
            for title, lines in content]


def _typed_text(cue: tuple) -> str:
    if cue[0] in ("cmd", "run"):
        return cue[1]
    return "\n".join(cue[2]) if cue[0] == "edit" else "".join(v for _, v in cue[3])


def _busy(cue: tuple, rate: float) -> float:
    """How long the screen is busy with a cue: typing, then output scrolling in, then a look."""
    if not cue:
        return 0.0
    output = len(cue[2]) if cue[0] in ("cmd", "run") else 0
    return _TYPE_DELAY + len(_typed_text(cue)) / rate + _OUTPUT_DELAY + output / _OUTPUT_RATE + 1.2


def _typing(layout, rate: float) -> list[tuple]:
    """(line, typing start, typing end, output start) of every cue that types."""
    events = []
    for s in layout.said:
        if s.cue:
            begin = s.start + _TYPE_DELAY
            end = begin + len(_typed_text(s.cue)) / rate
            events.append((s, begin, end, end + _OUTPUT_DELAY))
    return events


def _progress(events, t: float, rate: float) -> tuple[int, int, int]:
    """(event index, characters typed, output lines shown) at ``t``; index -1 before any."""
    current = -1
    for i, (_, begin, _, _) in enumerate(events):
        if begin <= t:
            current = i
    if current < 0:
        return -1, 0, 0
    s, begin, end, out = events[current]
    typed = int((t - begin) * rate)
    shown = int((t - out) * _OUTPUT_RATE) + 1 if t >= out else 0
    return current, typed, shown


def _window(draw: ImageDraw.ImageDraw, w: int, h: int, chrome, title: str, top: int) -> None:
    draw.rectangle((0, 0, w, top), fill=chrome)
    for k, colour in enumerate(((237, 106, 94), (245, 191, 79), (98, 197, 84))):
        r = top // 4
        draw.ellipse((top // 2 + k * 3 * r - r, top // 2 - r, top // 2 + k * 3 * r + r, top // 2 + r), fill=colour)
    font = face("regular", top * 0.5, title)
    draw.text(((w - font.getlength(title)) / 2, top * 0.22), title, font=font, fill=(200, 200, 200))


class Terminal:
    """A terminal window: prompt, typed commands, output that scrolls."""

    def __init__(self, layout, opts: RenderOptions, rng: random.Random, clear_each_step: bool) -> None:
        self.layout, self.w, self.h = layout, opts.width, opts.height
        self.theme, self.prompt = rng.choice(_TERMINAL_THEMES), rng.choice(_PROMPTS)
        self.rate = opts.typing_chars_per_second
        self.events = _typing(layout, self.rate)
        self.size = max(10, self.h // rng.choice((26, 30, 34)))
        self.clear = clear_each_step
        self.picture = Cached(self.state, self.draw)

    def state(self, t: float) -> tuple:
        return _progress(self.events, t, self.rate)

    def rows(self, key: tuple) -> list[str]:
        current, typed, shown = key
        rows = []
        part = self.events[current][0].part if current >= 0 else 0
        for i, (s, _, _, _) in enumerate(self.events[: current + 1]):
            if self.clear and s.part != part:
                continue
            command = s.cue[1]
            output = [r for o in s.cue[2] for r in o.split("\n")]
            if i < current:
                rows += [self.prompt + command, *output]
            else:
                rows += [self.prompt + command[:typed] + ("_" if typed < len(command) else ""), *output[:shown]]
        if current < 0 or (typed >= len(self.events[current][0].cue[1]) and shown > len(self.events[current][0].cue[2])):
            rows.append(self.prompt + "_")
        return rows

    def draw(self, key: tuple) -> np.ndarray:
        bg, fg, accent, chrome = self.theme
        image = Image.new("RGB", (self.w, self.h), bg)
        draw = ImageDraw.Draw(image)
        top = max(18, self.h // 22)
        _window(draw, self.w, self.h, chrome, self.prompt.strip().rstrip("$>").strip() or "Terminal", top)
        step = int(self.size * 1.35)
        visible = (self.h - top - self.size) // step
        y = top + self.size // 2
        for row in self.rows(key)[-visible:]:
            colour = accent if row.startswith(self.prompt) else fg
            draw.text((self.size // 2, y), row, font=face("mono", self.size, row), fill=colour)
            y += step
        return np.asarray(image)


_EDITOR_THEMES = (  # background, text, sidebar, tab bar, accent, keyword
    ((30, 30, 30), (212, 212, 212), (37, 37, 38), (45, 45, 45), (0, 122, 204), (86, 156, 214)),
    ((255, 255, 255), (30, 30, 30), (243, 243, 243), (236, 236, 236), (70, 130, 60), (0, 0, 160)),
)
_KEYWORDS = ("def ", "class ", "import ", "from ", "return ", "try:", "except ", "@dataclass")


class Editor:
    """An IDE: file tree, tabs, line numbers, code typed in, a terminal panel when run."""

    def __init__(self, layout, opts: RenderOptions, rng: random.Random) -> None:
        self.layout, self.w, self.h = layout, opts.width, opts.height
        self.theme = rng.choice(_EDITOR_THEMES)
        self.rate = opts.typing_chars_per_second
        self.events = _typing(layout, self.rate)
        self.size = max(10, self.h // rng.choice((30, 34)))
        self.files = list(dict.fromkeys(s.cue[1] for s, *_ in self.events if s.cue[0] == "edit"))
        self.picture = Cached(self.state, self.draw)

    def state(self, t: float) -> tuple:
        return _progress(self.events, t, self.rate)

    def buffers(self, key: tuple) -> tuple[dict[str, list[str]], str, tuple | None]:
        """Each file's lines, the active file, and the run panel (command, output shown)."""
        current, typed, shown = key
        files: dict[str, list[str]] = {}
        active, panel = self.files[0], None
        for i, (s, _, _, _) in enumerate(self.events[: current + 1]):
            kind = s.cue[0]
            if kind == "run":
                panel = (s.cue[1], s.cue[2] if i < current else s.cue[2][:shown])
                continue
            active = s.cue[1]
            text = "\n".join(s.cue[2])
            added = (text if i < current else text[:typed]).split("\n")
            files[active] = files.get(active, []) + added
        return files, active, panel

    def draw(self, key: tuple) -> np.ndarray:
        bg, fg, side, tabs, accent, keyword = self.theme
        image = Image.new("RGB", (self.w, self.h), bg)
        draw = ImageDraw.Draw(image)
        files, active, panel = self.buffers(key)
        side_w, tab_h, status_h = self.w // 5, int(self.size * 2), int(self.size * 1.5)
        draw.rectangle((0, 0, side_w, self.h), fill=side)
        small = face("regular", self.size * 0.9)
        draw.text((self.size // 2, self.size // 2), "EXPLORER", font=small, fill=fg)
        for k, name in enumerate(self.files):
            y = int(self.size * (2.2 + 1.5 * k))
            if name == active:
                draw.rectangle((0, y - 2, side_w, y + self.size + 4), fill=tuple(min(255, c + 30) for c in side))
            draw.text((self.size, y), name, font=small, fill=fg)
        draw.rectangle((side_w, 0, self.w, tab_h), fill=tabs)
        x = side_w
        for name in files:
            width = int(small.getlength(name)) + 2 * self.size
            if name == active:
                draw.rectangle((x, 0, x + width, tab_h), fill=bg)
                draw.line((x, tab_h - 2, x + width, tab_h - 2), fill=accent, width=2)
            draw.text((x + self.size, self.size // 2), name, font=small, fill=fg)
            x += width
        code_bottom = self.h - status_h - (self.h // 3 if panel else 0)
        self._code(draw, files.get(active, []), side_w, tab_h, code_bottom, fg, keyword)
        if panel:
            self._panel(draw, panel, side_w, code_bottom, self.h - status_h, tabs, fg)
        draw.rectangle((0, self.h - status_h, self.w, self.h), fill=accent)
        lines = files.get(active, [""])
        status = f"Ln {len(lines)}, Col {len(lines[-1]) + 1}   UTF-8   Python"
        draw.text((self.w - small.getlength(status) - self.size, self.h - status_h + 2), status, font=small, fill=(255, 255, 255))
        return np.asarray(image)

    def _code(self, draw, lines: list[str], left: int, top: int, bottom: int, fg, keyword) -> None:
        font = face("mono", self.size)
        step = int(self.size * 1.4)
        visible = max(1, (bottom - top - self.size) // step)
        first = max(0, len(lines) - visible)
        for k, line in enumerate(lines[first:]):
            y = top + self.size // 2 + k * step
            draw.text((left + self.size // 2, y), f"{first + k + 1:>3}", font=face("mono", self.size), fill=(128, 128, 128))
            colour = keyword if line.strip().startswith(_KEYWORDS) else fg
            draw.text((left + self.size * 3, y), line, font=face("mono", self.size, line), fill=colour)

    def _panel(self, draw, panel, left: int, top: int, bottom: int, fill, fg) -> None:
        draw.rectangle((left, top, self.w, bottom), fill=fill)
        font = face("regular", self.size * 0.85)
        draw.text((left + self.size, top + 4), "TERMINAL", font=font, fill=fg)
        command, output = panel
        y = top + self.size * 2
        for row in ["$ " + command, *output]:
            draw.text((left + self.size, y), row, font=face("mono", self.size * 0.9, row), fill=fg)
            y += int(self.size * 1.3)


_SITE_COLOURS = ((33, 99, 235), (220, 38, 38), (5, 150, 105), (124, 58, 237), (234, 88, 12))


class Browser:
    """A browser window: tab, address bar, a page with a form; the cursor clicks its button."""

    def __init__(self, layout, opts: RenderOptions, rng: random.Random) -> None:
        self.layout, self.w, self.h = layout, opts.width, opts.height
        self.brand = rng.choice(_SITE_COLOURS)
        self.rate = opts.typing_chars_per_second
        self.size = max(11, self.h // 28)
        self.pages = [s for s in layout.said if s.cue]
        self.picture = Cached(self.state, self.draw, size=16)

    def state(self, t: float) -> tuple:
        shown = [i for i, s in enumerate(self.pages) if s.start <= t]
        if not shown:
            return (0, 0, 0.0)
        i = shown[-1]
        page = self.pages[i]
        typed = int(max(0.0, t - page.start - _TYPE_DELAY) * self.rate)
        limit = sum(len(v) for _, v in page.cue[3])
        end = page.start + _TYPE_DELAY + limit / self.rate
        move = round(min(1.0, max(0.0, (t - end) / 1.2)), 1)
        return (i, min(typed, limit), move)

    def draw(self, key: tuple) -> np.ndarray:
        i, typed, move = key
        _, url, heading, fields, button = self.pages[i].cue
        image = Image.new("RGB", (self.w, self.h), (255, 255, 255))
        draw = ImageDraw.Draw(image)
        bar = int(self.size * 2.4)
        draw.rectangle((0, 0, self.w, 2 * bar), fill=(222, 225, 230))
        draw.rectangle((self.size, bar // 4, self.size + self.w // 4, bar), fill=(255, 255, 255))
        draw.text((self.size * 2, bar // 4 + 4), heading[:24], font=face("regular", self.size * 0.8, heading), fill=(30, 30, 30))
        draw.rounded_rectangle((self.size * 4, bar + 6, self.w - self.size * 2, 2 * bar - 6), radius=10, fill=(255, 255, 255))
        draw.text((self.size * 5, bar + 10), "https://" + url, font=face("regular", self.size * 0.85, url), fill=(60, 60, 60))
        draw.rectangle((0, 2 * bar, self.w, 3 * bar), fill=self.brand)
        site = url.split("/")[0].split(".")[0].capitalize()
        draw.text((self.size * 2, 2 * bar + bar // 4), site, font=face("bold", self.size), fill=(255, 255, 255))
        left, y = self.w // 6, 3 * bar + self.size * 2
        draw.text((left, y), heading, font=face("bold", self.size * 1.8, heading), fill=(20, 20, 20))
        y += int(self.size * 3.5)
        remaining = typed
        for label, value in fields:
            draw.text((left, y), label, font=face("regular", self.size, label), fill=(80, 80, 80))
            box = (left, y + int(self.size * 1.4), left + self.w // 2, y + int(self.size * 3.2))
            draw.rectangle(box, outline=(160, 160, 160), width=2)
            shown = value[: max(0, remaining)]
            remaining -= len(value)
            draw.text((left + 8, box[1] + 4), shown, font=face("regular", self.size, shown), fill=(20, 20, 20))
            y += int(self.size * 4.2)
        bw = int(face("bold", self.size, button).getlength(button)) + 2 * self.size
        target = (left + bw // 2, y + self.size)
        draw.rounded_rectangle((left, y, left + bw, y + int(self.size * 2.2)), radius=8, fill=self.brand)
        draw.text((left + self.size, y + self.size // 3), button, font=face("bold", self.size, button), fill=(255, 255, 255))
        _cursor(draw, self.w * 0.8 + (target[0] - self.w * 0.8) * move, self.h * 0.85 + (target[1] - self.h * 0.85) * move,
                self.size)
        return np.asarray(image)


def _cursor(draw: ImageDraw.ImageDraw, x: float, y: float, size: int) -> None:
    points = [(x, y), (x, y + size * 1.4), (x + size * 0.4, y + size * 1.05), (x + size * 0.75, y + size * 1.6),
              (x + size * 0.95, y + size * 1.5), (x + size * 0.6, y + size * 0.95), (x + size * 1.05, y + size * 0.95)]
    draw.polygon(points, fill=(0, 0, 0), outline=(255, 255, 255))


STYLES = {
    "terminal": {"en": _GIT_EN, "zh": _PY_ZH},
    "editor": {"en": _EDITOR_EN, "zh": _EDITOR_ZH},
    "browser": {"en": _BROWSER_EN, "zh": _BROWSER_ZH},
}
_SIZES = ((1280, 720, 12), (1024, 768, 10), (1600, 900, 10), (960, 540, 15))


def make(style: str, language: str, seed: int, voice: str) -> Video:
    """One screencast of ``style`` ('terminal', 'editor', 'browser') in ``language``."""
    rng = random.Random(f"{seed}:screencast:{style}:{language}")
    width, height, fps = rng.choice(_SIZES)
    opts = RenderOptions(width=width, height=height, fps=fps, typing_chars_per_second=rng.uniform(14, 22), crf=30)
    layout = place(_parts(STYLES[style][language], rng.choice((0.0, 0.3)), opts.typing_chars_per_second, rng),
                   language, voice, fps)
    if style == "terminal":
        screen = Terminal(layout, opts, rng, clear_each_step=rng.random() < 0.3)
    elif style == "editor":
        screen = Editor(layout, opts, rng)
    else:
        screen = Browser(layout, opts, rng)
    return Video(name=f"screencast_{style}_{language}", kind="screencast", style=style, language=language,
                 render=opts, layout=layout, picture=screen.picture, audio=layout.speech,
                 notes=f"{style} screencast; a chapter is a spoken step, several commands/files/pages each")
