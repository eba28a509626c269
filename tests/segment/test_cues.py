"""Spoken step cues in English and Chinese, and the chapters they open in a screencast."""

from __future__ import annotations

import pytest

from vidmark.model import Boundary, Signals, TimedText, Word
from vidmark.segment import segment
from vidmark.segment.cues import cue_title, find_cue, spoken_cues
from vidmark.segment.quality import readable


@pytest.mark.parametrize("sentence, strength, phrase", [
    ("Now let's create a branch for the new feature.", 1.0, "create a branch"),
    ("Okay, moving on to hiring.", 1.0, "hiring"),
    ("Next item is the budget review.", 1.0, "budget review"),
    ("So now we're going to run the tests and see what happens.", 1.0, "run the tests"),
    ("First, let's make a folder for the shop.", 0.5, "make a folder"),
    ("接下来我们创建一个新的分支。", 1.0, "创建一个新的分支"),
    ("下一项是招聘计划。", 1.0, "招聘计划"),
    ("首先，我们安装依赖。", 0.5, "安装依赖"),
    ("好，我们进入下一个议题，招聘计划。", 1.0, "招聘计划"),
    ("接下来看预算。", 1.0, "预算"),
    ("Finally, let's go over the action items.", 1.0, "action items"),
    ("The last topic today is stress.", 1.0, "stress"),
    ("Finally, let's take a look at the history of the project.", 1.0, "look at the history"),
])
def test_a_cue_opening_a_sentence_gives_its_strength_and_phrase(sentence, strength, phrase):
    assert find_cue(sentence) == (strength, phrase)


@pytest.mark.parametrize("sentence", ["I think next year is good.", "We will then see the output.", "我们现在看到了结果。"])
def test_no_cue_inside_a_sentence(sentence):
    assert find_cue(sentence) is None


def test_a_cue_is_timed_by_its_word_or_its_share_of_the_segment():
    words = [Word(text=w, start_seconds=10 + i, end_seconds=10.8 + i) for i, w in enumerate("That works. Next, we deploy it.".split())]
    timed = TimedText(start_seconds=10, end_seconds=16, text="That works. Next, we deploy it.", words=words)
    assert [(c.time_seconds, c.phrase) for c in spoken_cues([timed])] == [(12.0, "deploy")]
    spread = TimedText(start_seconds=0, end_seconds=20, text="Done here. Now let's push the code.")
    (cue,) = spoken_cues([spread])
    assert 4.0 < cue.time_seconds < 7.0
    assert cue_title([cue], 5.0, 30.0) == "Push the code"


def _terminal(at: float, lines: list[str]) -> list[TimedText]:
    return [TimedText(start_seconds=at, end_seconds=at + 2, text=line, source="ocr", box=(0.02, 0.1 + 0.05 * k, 0.6, 0.04))
            for k, line in enumerate(lines)]


STEPS = [
    (0.0, "First, let's make a folder for the shop and go into it.", ["user@box:~$ mkdir shop && cd shop"]),
    (30.0, "Now let's create a branch for the checkout page.", ["user@box:~/shop$ git checkout -b checkout", "Switched to a new branch 'checkout'"]),
    (60.0, "Next, we install the dependencies with npm.", ["user@box:~/shop$ npm install express", "added 57 packages in 3s"]),
    (90.0, "Finally, let's check the status of the repository.", ["user@box:~/shop$ git status", "On branch checkout"]),
]
FILLER = "We type the command and wait for the terminal to print what it did, then read the output line by line."


def _screencast() -> Signals:
    texts, boundaries = [], []
    for start, cue, screen in STEPS:
        texts.append(TimedText(start_seconds=start + 1, end_seconds=start + 6, text=cue))
        texts += [TimedText(start_seconds=start + 7 + 7 * k, end_seconds=start + 13 + 7 * k, text=FILLER) for k in range(3)]
        texts += _terminal(start + 4, screen)
        boundaries.append(Boundary(time_seconds=start + 0.4, kind="silence", strength=0.5, duration_seconds=0.8))
    return Signals(texts=texts, boundaries=boundaries[1:], language="en")


def test_a_narrated_terminal_screencast_is_chaptered_at_its_spoken_steps_and_never_titled_by_a_command():
    chapters = segment(_screencast(), 0.0, 120.0)
    assert [c.start_seconds for c in chapters][0] == 0.0
    assert all(abs(c.start_seconds - start) <= 1.0 for c, (start, _, _) in zip(chapters, STEPS)) and len(chapters) == 4
    # the narrator's words where they say what the commands' family says, else the family
    assert [c.title for c in chapters] == ["Set up the project", "Create a branch", "Install the dependencies",
                                          "Check the status"]
    assert all(readable(c.title) and "$" not in c.title for c in chapters)
    assert all("without text or speech" not in c.summary for c in chapters)


def test_a_cue_said_just_before_a_chapter_starts_names_it():
    cue = spoken_cues([TimedText(start_seconds=32.3, end_seconds=34.7, text="Now, let's talk about exercise.")])
    assert cue_title(cue, 33.5, 50.0) == "Exercise"
    assert cue_title(cue, 35.0, 50.0) is None
