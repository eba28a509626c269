"""Command families from the command lines read on screen: step hints and titles."""

from __future__ import annotations

from vidmark.model import TimedText
from vidmark.segment.screencast import command, command_hints, command_title, family


def _ocr(at: float, text: str) -> TimedText:
    return TimedText(start_seconds=at, end_seconds=at + 3, text=text, source="ocr", box=(0.02, 0.5, 0.6, 0.04))


def test_the_command_after_the_prompt_and_its_family():
    assert command("dev@laptop:~/shop$ git switch -c fix-cart") == "git switch -c fix-cart"
    assert family("git switch -c fix-cart") == "Creating a branch"
    assert family("pip install -r requirements.txt") == "Installing dependencies"
    assert family("npm install express", "zh") == "安装依赖"
    assert family("frobnicate --all") is None
    assert command("On branch main") is None


def test_a_new_family_of_commands_is_a_step_and_names_the_chapter():
    texts = [_ocr(2, "$ mkdir shop"), _ocr(6, "$ cd shop"), _ocr(20, "$ git init"), _ocr(24, "$ git status"),
             _ocr(40, "$ npm install express"), _ocr(44, "$ npm install jest"), _ocr(46, "added 57 packages")]
    hints = command_hints(texts)
    assert [(h.time_seconds, h.lo, h.hi) for h in hints] == [(20, 6, 20), (24, 20, 24), (40, 24, 40)]
    assert command_title(texts[4:], "en") == "Installing dependencies"
    assert command_title(texts[:2], "zh") == "创建项目"
    assert command_title([_ocr(1, "hello world")], "en") is None
