"""Screencast steps from the commands typed on screen: the family of work, not the command line.

In a terminal screencast the screen shows command lines and their output, never a title. What
a person names a step by is what the commands do: ``git checkout -b feature`` and ``git
switch -c fix`` are both "Creating a branch", ``npm install`` and ``pip install -r`` both
"Installing dependencies". Each command line read on screen (see
:func:`vidmark.segment.quality.is_command_line`) is put in its family; a new family of
commands is a step hint, and a chapter with commands and no better name is named by the
family it used most.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from vidmark.model import TimedText
from vidmark.segment.fusion import Hint
from vidmark.segment.headlines import text_key
from vidmark.segment.quality import COMMANDS, is_command_line

#: (pattern over "command subcommand args", English title, Chinese title), first match wins
FAMILIES: tuple[tuple[str, str, str], ...] = (
    (r"git (?:checkout -b|switch -c|branch)\b", "Creating a branch", "创建分支"),
    (r"git (?:init)\b", "Initialising a repository", "初始化仓库"),
    (r"git clone\b", "Cloning the repository", "克隆仓库"),
    (r"git (?:add|commit)\b", "Committing changes", "提交更改"),
    (r"git (?:merge|rebase|cherry-pick)\b", "Merging branches", "合并分支"),
    (r"git (?:push|pull|fetch|remote)\b", "Syncing with the remote", "同步远程仓库"),
    (r"git (?:checkout|switch)\b", "Switching branches", "切换分支"),
    (r"git (?:status|log|diff|show)\b", "Inspecting the repository", "查看仓库状态"),
    (r"(?:pip3?|uv pip|poetry|conda|npm|yarn|pnpm|bun|apt-get|apt|brew|cargo|go) (?:install|add|get|i)\b|pip3? install",
     "Installing dependencies", "安装依赖"),
    (r"(?:pytest|npm test|yarn test|cargo test|go test|make test|python3? -m (?:pytest|unittest))\b",
     "Running the tests", "运行测试"),
    (r"(?:docker|podman) (?:build|compose build)\b", "Building the image", "构建镜像"),
    (r"(?:docker|podman) (?:run|compose up|start|ps|exec)\b", "Running the container", "运行容器"),
    (r"(?:make|cargo build|go build|npm run build|yarn build|gcc|javac|mvn|gradle)\b", "Building the project", "构建项目"),
    (r"(?:python3?|node|deno|bun|cargo run|go run|npm (?:start|run)|yarn (?:start|dev)|java|flask|uvicorn)\b",
     "Running the program", "运行程序"),
    (r"(?:mkdir|touch|cd|npm init|cargo new|python3? -m venv|uv init|poetry new)\b", "Setting up the project", "创建项目"),
    (r"(?:vim|nano|code|emacs|cat|less|head|tail|ls|tree|find|grep)\b", "Looking at the files", "查看文件"),
    (r"(?:ssh|scp|rsync|curl|wget)\b", "Connecting to the server", "连接服务器"),
    (r"(?:kubectl|helm)\b", "Deploying to the cluster", "部署到集群"),
)
_COMPILED = tuple((re.compile(pattern), en, zh) for pattern, en, zh in FAMILIES)
_PROMPT_END = re.compile(r"^.*?[$#%>❯➜λ]\s+")


def command(line: str) -> str | None:
    """The command a line shows after its prompt (lower-cased), if it is a command line."""
    if not is_command_line(line):
        return None
    plain = line.split()[0].lower() in COMMANDS
    typed = line.strip() if plain else _PROMPT_END.sub("", line.strip(), count=1)
    return " ".join(typed.split()).lower() or None


def family(typed: str, language: str = "en") -> str | None:
    """The title of the family of a typed command (in the language), None for one not known."""
    for pattern, en, zh in _COMPILED:
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
    the last command of the old family."""
    hints, current, last = [], None, 0.0
    for at, typed in typed_commands(texts):
        kind = family(typed)
        if kind is None:
            continue
        if current is not None and kind != current:
            hints.append(Hint("command", at, 1.0, last, at))
        current, last = kind, at
    return hints


def command_title(document: Sequence[TimedText], language: str) -> str | None:
    """The family most of the chapter's new commands belong to, None without one."""
    families = Counter(f for _, typed in typed_commands(document) if (f := family(typed, language)))
    return families.most_common(1)[0][0] if families else None
