"""Scoring one video and many: metric set, durations, titles, inconsistent inputs."""

from __future__ import annotations

import pytest

from vidmark.errors import InputError
from vidmark.eval import evaluate_pairs, score_video
from vidmark.model import Chapter, ChapterList


def chapters(*rows: tuple[float, float, str], duration: float | None = None) -> ChapterList:
    return ChapterList(chapters=[Chapter(start_seconds=s, end_seconds=e, title=t) for s, e, t in rows],
                       duration_seconds=duration)


GOLD = chapters((0, 30, "Introduction to the topic"), (30, 75, "Installing the package"), (75, 120, "First steps"),
                duration=120)
PRED = chapters((0, 32, "Intro"), (32, 70, "Install the package"), (70, 120, "steps"))


def test_every_metric_is_reported() -> None:
    scores = score_video(PRED, GOLD, name="talk")
    assert scores.name == "talk" and scores.duration_seconds == 120
    assert (scores.gold_chapters, scores.pred_chapters) == (3, 3)
    keys = set(scores.metrics)
    for collar in ("3s", "5s"):
        assert {f"boundary_{x}@{collar}" for x in ("f1", "precision", "recall")} <= keys
    for at in ("1s", "3s", "5s", "10s", "0.3", "0.5", "0.7", "0.9"):
        assert {f"vc_precision@{at}", f"vc_recall@{at}"} <= keys
    assert {"cl_f1", "cl_tiou", "title_rouge_l", "title_word_overlap", "pk", "window_diff"} <= keys
    assert scores.metrics["boundary_f1@3s"] == 0.5
    assert scores.metrics["boundary_f1@5s"] == 1.0
    assert scores.metrics["cl_f1"] == pytest.approx(0.8)
    assert scores.metrics["pk"] == pytest.approx(14 / 101)


def test_titles_are_compared_on_matched_chapters() -> None:
    metrics = score_video(PRED, GOLD).metrics
    # pairs: Intro/Introduction to the topic (no token in common: 0), Install the
    # package/Installing the package (2/3), steps/First steps (2/3)
    assert metrics["title_rouge_l"] == pytest.approx((0 + 2 / 3 + 2 / 3) / 3)
    assert metrics["title_word_overlap"] == pytest.approx((0 + 2 / 3 + 2 / 3) / 3)
    untitled = chapters((0, 60, ""), (60, 120, ""))
    assert score_video(untitled, untitled).metrics["title_rouge_l"] is None


def test_empty_prediction_is_one_chapter_and_single_chapter_gold() -> None:
    single = chapters((0, 60, "All"), duration=60)
    empty = ChapterList(chapters=[])
    scores = score_video(empty, single).metrics
    assert scores["boundary_f1@3s"] == 1.0 and scores["cl_f1"] == 1.0 and scores["pk"] == 0.0
    assert scores["title_rouge_l"] == 0.0  # the whole-video segment has no title
    missed = score_video(empty, GOLD).metrics
    assert missed["boundary_f1@3s"] == 0.0 and missed["vc_recall@5s"] == pytest.approx(1 / 3)


def test_duration_comes_from_option_then_gold_then_pred_then_chapter_ends() -> None:
    no_duration = chapters((0, 50, "a"), (50, 100, "b"))
    assert score_video(no_duration, GOLD).duration_seconds == 120
    assert score_video(PRED, no_duration).duration_seconds == 120  # latest end, in PRED
    assert score_video(no_duration, no_duration, duration=130).duration_seconds == 130
    open_end = chapters((0, 10, "a"), (10, 10, "b"))  # YouTube style: the last end unknown
    with pytest.raises(InputError, match="pass --duration"):
        score_video(open_end, open_end)


def test_chapters_past_the_duration_are_an_error() -> None:
    with pytest.raises(InputError, match=r"talk: PRED chapter 3 \(70-120 s\) goes past the duration 100 s"):
        score_video(PRED, GOLD, duration=100, name="talk")
    with pytest.raises(InputError, match="GOLD chapter 1"):
        score_video(PRED, chapters((130, 140, "late")), duration=120)
    with pytest.raises(InputError, match="positive"):
        score_video(PRED, GOLD, duration=0)


def test_mean_row_skips_metrics_that_do_not_apply() -> None:
    untitled = chapters((0, 60, ""), (60, 120, ""))
    report = evaluate_pairs([("a", PRED, GOLD), ("b", untitled, untitled)])
    assert [v.name for v in report.videos] == ["a", "b"]
    assert report.mean["boundary_f1@3s"] == pytest.approx((0.5 + 1.0) / 2)
    assert report.mean["title_rouge_l"] == report.videos[0].metrics["title_rouge_l"]
