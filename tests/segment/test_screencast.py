"""Command families from the command lines read on screen, files opened in an editor and what
their new code does: step hints and titles."""

from __future__ import annotations

import pytest

from vidmark.model import TimedText
from vidmark.segment.screencast import (code_title, command, command_hints, command_title, console_output, family, file_hints,
                                        first_typed, shown_command_title)


def _ocr(at: float, text: str, box: tuple[float, float, float, float] = (0.02, 0.5, 0.6, 0.04)) -> TimedText:
    return TimedText(start_seconds=at, end_seconds=at + 3, text=text, source="ocr", box=box)


def _editor() -> list[TimedText]:
    """An editor: a file tree on the left from the start, a tab for each file opened, and code."""
    tree = [_ocr(0, name, (0.02, 0.06 + 0.05 * k, 0.12, 0.05)) for k, name in enumerate(["models.py", "store.py", "test_store.py"])]
    tabs = [_ocr(at, name, (0.22 + 0.15 * k, 0.01, 0.12, 0.05)) for k, (at, name) in
            enumerate([(1.5, "models.py"), (18.5, "store.py"), (37.5, "test_store.py")])]
    code = [_ocr(1.5, "4 @dataclass"), _ocr(1.5, "5 class Task:"), _ocr(1.5, "title: str"),
            _ocr(18.5, "4 def save(tasks, path):"), _ocr(18.5, "8 def load(path):"), _ocr(18.5, "import json"),
            _ocr(37.5, "4 def test_round_trip(tmp_path):"), _ocr(37.5, "assert load(path) == [Task('milk')]"),
            _ocr(37.5, "$ pytest -q")]
    return tree + tabs + code


def test_a_file_opened_after_the_first_screen_is_a_step_and_a_console_listing_files_is_not():
    assert [h.time_seconds for h in file_hints(_editor())] == [1.5, 18.5, 37.5]  # the tree's names were there
    console = [_ocr(0, "$ cd shop"), _ocr(20, "$ ls"), _ocr(20, "README.md"), _ocr(20, "app.py")]
    assert file_hints(console) == []


def test_a_step_in_an_editor_is_named_by_what_its_new_code_does():
    texts = _editor()
    assert code_title(texts, 0, 18, "en") == "Define the data model"
    assert code_title(texts, 18, 37, "en") == "Write the functions"
    assert code_title(texts, 37, 59, "en") == "Write a test"  # before the functions it defines, and the command
    assert code_title(texts, 59, 66, "en") is None  # nothing new: the command still on screen names it
    config = [_ocr(0.5, "1 API_URL = 'https://api.example.com/weather'"), _ocr(0.5, "2 TIMEOUT = 5"),
              _ocr(40, "try:"), _ocr(40, "except requests.RequestException:"), _ocr(40, "9 def safe_fetch(city):")]
    assert code_title(config, 0, 20, "zh") == "定义配置"
    assert code_title(config, 30, 50, "zh") == "处理错误"
    assert code_title([_ocr(1, "$ git init"), _ocr(2, "$ git add README.md")], 0, 10, "en") is None


def test_the_command_after_the_prompt_and_its_family():
    assert command("dev@laptop:~/shop$ git switch -c fix-cart") == "git switch -c fix-cart"
    assert family("git switch -c fix-cart") == "Create a branch"
    assert family("pip install -r requirements.txt") == "Install dependencies"
    assert family("npm install express", "zh") == "安装依赖"
    assert family("frobnicate --all") is None
    assert command("On branch main") is None


@pytest.mark.parametrize("prompt", ["dev@laptop:~/shop$ ", "[dev@box shop]$ ", "[root@web01 /]# ", "(venv) me@host:~$ ",
                                    "PS C:\\shop> ", "$ "])
def test_the_usual_shell_prompts_open_a_command_line(prompt):
    # Fedora's and CentOS's default "[user@host dir]$" was read as prose: no command of such a terminal made a step
    assert command(prompt + "git switch -c cart") == "git switch -c cart"
    assert command("[x] Ship the cart") is None


def test_a_new_family_of_commands_is_a_step_and_names_the_chapter():
    texts = [_ocr(2, "$ mkdir shop"), _ocr(6, "$ cd shop"), _ocr(20, "$ git init"), _ocr(24, "$ git status"),
             _ocr(40, "$ npm install express"), _ocr(44, "$ npm install jest"), _ocr(46, "added 57 packages")]
    hints = command_hints(texts)
    assert [(h.time_seconds, h.lo, h.hi) for h in hints] == [(20, 6, 20), (24, 20, 24), (40, 24, 40)]
    commands = first_typed(texts)
    assert command_title(commands, 40, 50, "en") == "Install dependencies"
    assert command_title(commands, 0, 10, "zh") == "创建项目"
    assert command_title(first_typed([_ocr(1, "hello world")]), 0, 10, "en") is None


def test_a_step_is_named_by_the_commands_first_typed_in_it_a_half_typed_line_counting_for_nothing():
    texts = [_ocr(1, "$ git add cart.py &&"), _ocr(3, "$ git add cart.py && git commit -m 'Add cart'"),
             _ocr(20, "$ python3 -m venv .venv"), _ocr(20, "$ git add cart.py && git commit -m 'Add cart'"),
             _ocr(40, "$ pytest -q"), _ocr(41, "$ tail -n 5 logs/app.log"), _ocr(60, "$ git log --oneline")]
    commands = first_typed(texts)
    assert commands[0] == (3, "git add cart.py && git commit -m 'add cart'") and len(commands) == 5
    assert command_title(commands, 0, 10, "en") == "Commit the changes"
    assert command_title(commands, 15, 30, "zh") == "创建虚拟环境"  # the commit seen again is not this step's
    assert command_title(commands, 41.5, 50, "zh") == "查看日志"
    assert command_title(commands, 55, 70, "en") == "Look at the history"
    assert family("git log --oneline") == "Check the status"  # the family of its hints stays


def test_the_work_of_a_step_names_it_before_a_look_at_the_status_and_a_command_read_a_moment_early_counts():
    commands = first_typed([_ocr(9.6, "$ git status"), _ocr(12, "$ git add README.md && git commit -m 'readme'")])
    assert command_title(commands, 10, 20, "en") == "Commit the changes"
    assert command_title(commands, 10, 11, "en") == "Check the status"
    merge = first_typed([_ocr(60, "$ git switch main"), _ocr(64, "$ git merge cart"), _ocr(80, "$ git switch -c fix")])
    assert command_title(merge, 58, 70, "en") == "Merge the branch" and command_title(merge, 75, 90, "en") == "Create a branch"


def test_a_chapter_typing_nothing_new_is_named_by_the_command_still_on_its_screen():
    texts = [TimedText(start_seconds=30, end_seconds=66, text="$ pytest -q", source="ocr", box=(0.02, 0.7, 0.3, 0.04)),
             TimedText(start_seconds=30, end_seconds=66, text="1 passed in 0.03s", source="ocr", box=(0.02, 0.75, 0.3, 0.04))]
    assert shown_command_title(texts, 59, 66, "en") == "Run the tests"
    assert shown_command_title(texts, 0, 20, "en") is None


def test_console_output_is_the_text_in_the_consoles_type_a_title_elsewhere_keeps_its_key():
    def line(start: float, end: float, text: str, height: float) -> TimedText:
        return TimedText(start_seconds=start, end_seconds=end, text=text, source="ocr", box=(0.02, 0.3, 0.4, height))
    texts = [line(10, 30, "$ pip install requests", 0.05), line(12, 30, "Collecting requests", 0.05),
             line(12, 30, "Cleaning", 0.05), line(30, 90, "Cleaning", 0.13), line(30.5, 40, "Touching", 0.05)]
    assert console_output(texts) == {"pipinstallrequests", "collectingrequests"}


def test_an_editor_screencast_is_chaptered_where_its_files_open_and_named_by_their_code():
    from vidmark.model import Boundary, Signals
    from vidmark.segment import segment

    changed = [Boundary(time_seconds=at, kind="slide", strength=0.5) for at in (18.5, 37.5)]  # the code below changes
    texts = [t.model_copy(update={"end_seconds": 66.0}) for t in _editor()]
    chapters = segment(Signals(texts=texts, boundaries=changed, language="en"), 0.0, 66.0)
    assert [round(c.start_seconds, 1) for c in chapters] == [0.0, 18.5, 37.5]
    assert [c.title for c in chapters] == ["Define the data model", "Write the functions", "Write a test"]
    without = segment(Signals(texts=[t for t in texts if "py" not in t.text or " " in t.text],
                              boundaries=changed, language="en"), 0.0, 66.0)
    assert len(without) == 1  # a change of the code below alone is no step


def test_a_console_opened_under_code_is_a_step_a_terminal_that_starts_at_a_prompt_is_not():
    editor = [_ocr(0, "def save(tasks, path):"), _ocr(20, "def test_round_trip(tmp_path):"), _ocr(60, "$ pytest -q"),
              _ocr(61, "1 passed in 0.03s")]
    assert [(h.kind, h.time_seconds) for h in command_hints(editor)] == [("command", 60)]
    terminal = [_ocr(0, "dev@laptop:~$"), _ocr(6, "dev@laptop:~$ mkdir shop")]
    assert command_hints(terminal) == []
