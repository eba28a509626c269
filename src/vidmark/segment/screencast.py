"""Screencast steps from the commands typed on screen: the family of work, not the command line.

In a terminal screencast the screen shows command lines and their output, never a title. What
a person names a step by is what the commands do, said as the step a narrator would say:
``git checkout -b feature`` and ``git switch -c fix`` are both "Create a branch", ``npm
install`` and ``pip install -r`` both "Install dependencies". Each command line read on
screen (see :func:`vidmark.segment.quality.is_command_line`) is put in its family; a new
family of commands is a step hint, and a chapter with commands and no better name is named by
the family of most of the commands first typed in it (a few commands say more than their
family: ``git log`` looks at the history, ``python -m venv`` makes a virtual environment).

An editor screencast shows no commands; its steps are the files worked on. A file's name
turning up in a new place after the first screen (a new tab, a new entry in the file tree,
a window's title) is a file opened or made, and a ``file`` hint; a console's output that
lists files is not. Such a step is named by what its new code does, as a narrator says it:
a test written, errors handled, a data model or a configuration defined, functions written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from vidmark.model import TimedText
from vidmark.segment.fusion import Hint
from vidmark.segment.headlines import text_key
from vidmark.segment.quality import COMMANDS, console, is_command_line

#: (pattern over "command subcommand args", English title, Chinese title), first match wins
FAMILIES: tuple[tuple[str, str, str], ...] = (
    (r"git (?:checkout -b|switch -c|branch)\b", "Create a branch", "创建分支"),
    (r"git (?:init)\b", "Initialise a repository", "初始化仓库"),
    (r"git clone\b", "Clone the repository", "克隆仓库"),
    (r"git (?:add|commit)\b", "Commit the changes", "提交更改"),
    (r"git (?:merge|rebase|cherry-pick)\b", "Merge the branch", "合并分支"),
    (r"git (?:push|pull|fetch|remote)\b", "Sync with the remote", "同步远程仓库"),
    (r"git (?:checkout|switch)\b", "Switch branches", "切换分支"),
    (r"git (?:status|log|diff|show)\b", "Check the status", "查看仓库状态"),
    (r"(?:pip3?|uv pip|poetry|conda|npm|yarn|pnpm|bun|apt-get|apt|brew|cargo|go) (?:install|add|get|i)\b|pip3? install",
     "Install dependencies", "安装依赖"),
    (r"(?:pytest|npm test|yarn test|cargo test|go test|make test|python3? -m (?:pytest|unittest))\b",
     "Run the tests", "运行测试"),
    (r"(?:docker|podman) (?:build|compose build)\b", "Build the image", "构建镜像"),
    (r"(?:docker|podman) (?:run|compose up|start|ps|exec)\b", "Run the container", "运行容器"),
    (r"(?:make|cargo build|go build|npm run build|yarn build|gcc|javac|mvn|gradle)\b", "Build the project", "构建项目"),
    (r"(?:python3?|node|deno|bun|cargo run|go run|npm (?:start|run)|yarn (?:start|dev)|java|flask|uvicorn)\b",
     "Run the program", "运行程序"),
    (r"(?:mkdir|touch|cd|npm init|cargo new|python3? -m venv|uv init|poetry new)\b", "Set up the project", "创建项目"),
    (r"(?:vim|nano|code|emacs|cat|less|head|tail|ls|tree|find|grep)\b", "Look at the files", "查看文件"),
    (r"(?:ssh|scp|rsync|curl|wget)\b", "Connect to the server", "连接服务器"),
    (r"(?:kubectl|helm)\b", "Deploy to the cluster", "部署到集群"),
)
#: commands that say more than their family, for titles only (the families still make the hints)
SPECIFIC: tuple[tuple[str, str, str], ...] = (
    (r"git log\b", "Look at the history", "查看提交历史"),
    (r"(?:python3? -m venv|virtualenv|uv venv|conda create|source \S*activate)\b", "Create a virtual environment", "创建虚拟环境"),
    (r"(?:tail|less|cat|head|journalctl)\b.*\blogs?\b|journalctl\b|(?:docker|kubectl) logs\b", "Look at the logs", "查看日志"),
)
_COMPILED = tuple((re.compile(pattern), en, zh) for pattern, en, zh in FAMILIES)
_SPECIFIC = tuple((re.compile(pattern), en, zh) for pattern, en, zh in SPECIFIC)
#: commands that only look (at the status, the history, the files) or move to where the work
#: is done (another branch), beside the work of a step
_LOOKING = re.compile(r"git (?:status|log|diff|show)\b|git (?:switch|checkout)\b(?!.* -[bcB]\b)|(?:ls|tree|cat|less|head|tail|grep|find|journalctl)\b")
#: a line that is only a file's name (a tab, an entry in a file tree)
FILE_NAME = re.compile(r"^[\w.-]*[A-Za-z][\w.-]*\.(?:py|js|ts|tsx|jsx|json|txt|md|yml|yaml|toml|sh|html|css|cfg|ini|rs|go|java|c|cpp|h|"
                       r"rb|php|swift|kt|ipynb|sql|xml|csv)$")
#: (pattern over a line of code, English title, Chinese title), in the order they win when a
#: step's new lines hold several: tests and error handling say more than the functions they are in
CODE_FAMILIES: tuple[tuple[str, str, str], ...] = (
    (r"(?:def|async def|function|func|fn)\s+test_?\w*\s*\(|assert\b|expect\(|\b(?:it|describe|test)\(\s*['\"]|@Test\b",
     "Write a test", "编写测试"),
    (r"try\s*[:{]|except\b|catch\s*\(|finally\s*[:{]|raise\b|throw\b", "Handle errors", "处理错误"),
    (r"(?:class|interface|struct|enum|type)\s+[A-Z]\w*|@dataclass\b", "Define the data model", "定义数据模型"),
    (r"(?:export\s+)?(?:const\s+)?[A-Z][A-Z0-9_]{2,}\s*[:=]", "Define the configuration", "定义配置"),
    (r"(?:def|async def|function|func|fn)\s+\w+\s*\(", "Write the functions", "编写函数"),
)
_CODE = tuple((re.compile(r"^\s*(?:\d+\s+)?(?:" + pattern + ")"), en, zh) for pattern, en, zh in CODE_FAMILIES)
#: a step is named by its code when at least this many of its new lines are code of the families above
MIN_CODE_LINES = 2
#: two reads of one line this close (a share of the frame) are one place on screen
_SAME_PLACE = 0.03
#: a line no taller than this share of a command line's height beside it is set in the console's type
OUTPUT_HEIGHT = 0.85
#: a command read this long before a chapter's start is already its work (OCR reads late or early)
EARLY_SECONDS = 1.0
_PROMPT_END = re.compile(r"^.*?[$#%>❯➜λ]\s+")


def command(line: str) -> str | None:
    """The command a line shows after its prompt (lower-cased), if it is a command line."""
    if not is_command_line(line):
        return None
    plain = line.split()[0].lower() in COMMANDS
    typed = line.strip() if plain else _PROMPT_END.sub("", line.strip(), count=1)
    return " ".join(typed.split()).lower() or None


def family(typed: str, language: str = "en", specific: bool = False) -> str | None:
    """The title of the family of a typed command (in the language), None for one not known;
    ``specific``: the title of what the command does where that says more than its family."""
    for pattern, en, zh in (*_SPECIFIC, *_COMPILED) if specific else _COMPILED:
        if pattern.match(typed):
            return zh if language.startswith("zh") else en
    return None


def typed_commands(texts: Sequence[TimedText]) -> list[tuple[float, str]]:
    """(first seen, command) for each distinct command line read on screen, in time order."""
    seen: dict[str, tuple[float, str]] = {}
    for text in sorted((t for t in texts if t.source == "ocr"), key=lambda t: t.start_seconds):
        typed = command(text.text)
        if typed and text_key(typed) not in seen:
            seen[text_key(typed)] = (text.start_seconds, typed)
    return sorted(seen.values(), key=lambda seen_at: seen_at[0])  # lines read at once keep their order


def command_hints(texts: Sequence[TimedText]) -> list[Hint]:
    """A ``command`` hint where the family of the commands typed changes, over the time since
    the last command of the old family, and where the first command is typed into a console
    opened after screens that showed none (an editor's terminal panel, to run what was written)."""
    hints, current, last = [], None, 0.0
    for at, typed in typed_commands(texts):
        kind = family(typed)
        if kind is None:
            continue
        if current is not None and kind != current:
            hints.append(Hint("command", at, 1.0, last, at))
        elif current is None and _console_opens(texts, at):
            hints.append(Hint("command", at, 1.0))
        current, last = kind, at
    return hints


def _console_opens(texts: Sequence[TimedText], at: float) -> bool:
    """Whether the screen showed text before ``at`` (by more than OCR's slack), none of it a command line."""
    before = [t.text for t in texts if t.source == "ocr" and t.start_seconds < at - EARLY_SECONDS]
    return bool(before) and not any(map(is_command_line, before))


def file_hints(texts: Sequence[TimedText]) -> list[Hint]:
    """A ``file`` hint where a file's name first shows in a place on screen, after the first
    screen was read and not on a console (``ls`` lists files); the first screen's names are
    the project, not a step."""
    ocr = sorted((t for t in texts if t.source == "ocr" and t.box), key=lambda t: t.start_seconds)
    if not ocr:
        return []
    first = ocr[0].start_seconds
    screens: dict[float, list[str]] = {}
    for text in ocr:
        screens.setdefault(text.start_seconds, []).append(text.text)
    places: list[TimedText] = []
    hints = []
    for text in ocr:
        if not FILE_NAME.match(text.text.strip()) or any(_same_place(text, seen) for seen in places):
            continue
        places.append(text)
        if text.start_seconds > first and not console(screens[text.start_seconds]):
            hints.append(Hint("file", text.start_seconds, 1.0))
    return hints


def code_title(texts: Sequence[TimedText], start: float, end: float, language: str) -> str | None:
    """What the code first shown in [start, end) does (see CODE_FAMILIES): the first family,
    in their order, that MIN_CODE_LINES of its new lines belong to; None for a step that
    shows little new code (a terminal's command lines are never code here)."""
    before = {text_key(t.text) for t in texts if t.source == "ocr" and t.start_seconds < start}
    new = {t.text for t in texts if t.source == "ocr" and start <= t.start_seconds < end
           and text_key(t.text) not in before and not is_command_line(t.text)}
    for pattern, en, zh in _CODE:
        if sum(1 for line in new if pattern.match(line)) >= MIN_CODE_LINES:
            return zh if language.startswith("zh") else en
    return None


def _same_place(a: TimedText, b: TimedText) -> bool:
    return a.text == b.text and all(abs(x - y) <= _SAME_PLACE for x, y in zip(a.box[:2], b.box[:2]))


def first_typed(texts: Sequence[TimedText]) -> list[tuple[float, str]]:
    """(first seen, command) for each command typed on screen, without the lines caught half
    typed (a prefix of another): the step is the whole command, from when it was whole."""
    typed = typed_commands(texts)
    keys = sorted({text_key(line) for _, line in typed})
    # in sorted order a key that begins another is followed by one that begins with it
    partial = {key for key, after in zip(keys, keys[1:]) if after.startswith(key)}
    return [(at, line) for at, line in typed if text_key(line) and text_key(line) not in partial]


def command_title(commands: Sequence[tuple[float, str]], start: float, end: float, language: str) -> str | None:
    """The family of most of the commands first typed in [start, end) (a command seen before
    is still on screen, not this chapter's work; one that only looks or moves counts half
    beside one that does the work), None without one; ``commands`` as :func:`first_typed` gives them."""
    families: dict[str, float] = {}
    for at, typed in commands:
        if start - EARLY_SECONDS <= at < end - EARLY_SECONDS and (found := family(typed, language, specific=True)):
            families[found] = families.get(found, 0.0) + (0.5 if _LOOKING.match(typed) else 1.0)
    return max(families, key=families.__getitem__) if families else None


def shown_command_title(texts: Sequence[TimedText], start: float, end: float, language: str) -> str | None:
    """The family of the last command line on screen during [start, end): what a chapter that
    types nothing new shows (the output of a test run typed before it), None without one."""
    shown = [t for t in texts if t.source == "ocr" and t.start_seconds < end and t.end_seconds > start]
    families = [found for _, typed in typed_commands(shown) if (found := family(typed, language, specific=True))]
    return families[-1] if families else None


def console_output(texts: Sequence[TimedText]) -> set[str]:
    """Keys of the on-screen lines set in a console's type: no taller than a command line on
    screen beside them, so they are its commands or their output ("Collecting requests"),
    never a title over it (a line of the same text in larger type elsewhere keeps its key)."""
    ocr = [t for t in texts if t.source == "ocr" and t.box is not None]
    by_second: dict[int, list[TimedText]] = {}
    for line in ocr:
        if is_command_line(line.text):
            for second in range(int(line.start_seconds), int(line.end_seconds) + 1):
                by_second.setdefault(second, []).append(line)
    output: set[str] = set()
    titles: set[str] = set()
    for line in ocr:
        beside = {id(c): c for second in range(int(line.start_seconds), int(line.end_seconds) + 1) for c in by_second.get(second, [])}
        typeset = any(c.start_seconds < line.end_seconds and line.start_seconds < c.end_seconds
                      and c.box[3] >= OUTPUT_HEIGHT * line.box[3] for c in beside.values())
        (output if typeset else titles).add(text_key(line.text))
    return output - titles
