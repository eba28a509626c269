"""Offline answers are quoted from the video and say so."""

from __future__ import annotations

from vidmark.model import Signals, TimedText
from vidmark.tasks.ask import extractive_answer
from vidmark.tasks.find import passages


def test_the_answer_quotes_the_best_passage_and_what_is_said_meanwhile() -> None:
    found = passages(Signals(texts=[
        TimedText(start_seconds=50, end_seconds=70, text="The first rise", source="ocr"),
        TimedText(start_seconds=52, end_seconds=58, text="leave it covered for about one hour", source="speech"),
        TimedText(start_seconds=90, end_seconds=95, text="bake at two hundred degrees", source="speech"),
    ]))
    answer = extractive_answer("How long should the dough rise?", found)
    assert answer.extractive and answer.engine == "offline"
    assert answer.answer == "The first rise — leave it covered for about one hour"
    assert answer.moments[0].start_seconds == 50


def test_no_match_says_so_without_moments() -> None:
    answer = extractive_answer("Who won the match?", passages(Signals()))
    assert answer.moments == [] and "Nothing" in answer.answer
