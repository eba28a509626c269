"""Finding moments: on signals made up here, and on a generated tutorial."""

from __future__ import annotations

import pytest

from vidmark.model import Chapter, Signals, TimedText
from vidmark.tasks.find import FindOptions, find, passages, score_passages
from vidmark.tasks.inputs import load_inputs


def _signals() -> Signals:
    return Signals(texts=[
        TimedText(start_seconds=0, end_seconds=4, text="Welcome to the bike repair course", source="speech"),
        TimedText(start_seconds=10, end_seconds=20, text="Fixing a flat tire", source="ocr", box=(0.1, 0.05, 0.5, 0.1)),
        TimedText(start_seconds=11, end_seconds=14, text="Take the wheel off and find the hole in the tyre", source="speech"),
        TimedText(start_seconds=30, end_seconds=34, text="Now oil the chain and wipe it", source="speech"),
        TimedText(start_seconds=40, end_seconds=44, text="包饺子的时候要捏紧", source="subtitles"),
    ])


def test_the_best_match_comes_first_with_a_score() -> None:
    moments = find("flat tires", passages(_signals()))
    assert moments[0].start_seconds == 10 and moments[0].source == "ocr"
    assert 0.5 < moments[0].score <= 1.0
    assert all(a.score >= b.score for a, b in zip(moments, moments[1:]))


def test_overlapping_weaker_hits_are_left_out_and_limits_hold() -> None:
    found = passages(_signals())
    moments = find("tire wheel", found, FindOptions(limit=5, min_score=0.1))
    assert len([m for m in moments if 9 <= m.start_seconds <= 20]) == 1
    assert find("chain", found, FindOptions(limit=1))[0].start_seconds == 30
    assert find("submarine periscope", found) == []


def test_chinese_queries_match_bigrams_and_chapters_are_searchable() -> None:
    found = passages(_signals(), [Chapter(start_seconds=50, end_seconds=60, title="Brake cables", summary="")])
    assert find("饺子", found)[0].start_seconds == 40
    assert find("brake cables", found)[0].source == "chapter"


def test_a_whole_phrase_scores_above_scattered_words() -> None:
    found = passages(Signals(texts=[
        TimedText(start_seconds=0, end_seconds=2, text="tire flat", source="speech"),
        TimedText(start_seconds=5, end_seconds=7, text="a flat tire", source="speech"),
    ]))
    first, second = score_passages("flat tire", found)
    assert second > first


@pytest.mark.slow
def test_each_chapter_title_finds_its_chapter(narrated) -> None:
    video, gold = narrated
    found = passages(load_inputs(video).signals)
    shown = {s["title"] for s in gold["run"]["parameters"]["slides"]}
    titled = [c for c in gold["chapters"] if c["title"] in shown]  # a speech-only chapter may be misheard
    assert len(titled) >= 2
    for chapter in titled:
        top = find(chapter["title"], found)[0]
        assert chapter["start_seconds"] <= (top.start_seconds + top.end_seconds) / 2 < chapter["end_seconds"]
