"""Command families from the command lines read on screen: step hints and titles."""

from __future__ import annotations

from vidmark.model import TimedText
from vidmark.segment.screencast import command, command_hints, command_title, console_output, family, first_typed, shown_command_title


def _ocr(at: float, text: str) -> TimedText:
    return TimedText(start_seconds=at, end_seconds=at + 3, text=text, source="ocr", box=(0.02, 0.5, 0.6, 0.04))


def test_the_command_after_the_prompt_and_its_family():
    assert command("dev@laptop:~/shop$ git switch -c fix-cart") == "git switch -c fix-cart"
    assert family("git switch -c fix-cart") == "Create a branch"
    assert family("pip install -r requirements.txt") == "Install dependencies"
    assert family("npm install express", "zh") == "安装依赖"
    assert family("frobnicate --all") is None
    assert command("On branch main") is None


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
