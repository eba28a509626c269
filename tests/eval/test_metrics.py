"""The boundary and segment metrics on hand-computed cases."""

from __future__ import annotations

import pytest

from vidmark.eval import metrics as m

# Gold chapters start at 0, 30, 75; predicted at 0, 32, 70; the video lasts 120 s.
GOLD = m.segments_from_starts([0, 30, 75], 120)
PRED = m.segments_from_starts([0, 32, 70], 120)


def test_segments_close_at_next_start_and_duration_and_cover_from_zero() -> None:
    assert m.segments_from_starts([0, 30, 75], 120) == [(0.0, 30), (30, 75), (75, 120)]
    assert m.segments_from_starts([10, 50], 60) == [(0.0, 10), (10, 50), (50, 60)]
    assert m.segments_from_starts([], 60) == [(0.0, 60)]
    assert m.boundaries_from_starts([0, 30, 30, 10]) == [10, 30]


def test_collar_matches_within_the_collar_only() -> None:
    assert m.collar_prf([30, 75], [32, 70], 3) == (0.5, 0.5, 0.5)
    assert m.collar_prf([30, 75], [32, 70], 5) == (1.0, 1.0, 1.0)
    assert m.collar_prf([30, 75], [32], 3) == (1.0, 0.5, pytest.approx(2 / 3))


def test_collar_is_one_to_one_closest_pair_first() -> None:
    # 12.5 is closer to 14 than to 10: taken by 14, so 10 must pair with 11 (distance 1),
    # and 14 cannot also take 11.
    assert m.collar_prf([10, 14], [12.5, 11], 3) == (1.0, 1.0, 1.0)
    # one gold boundary, two predictions near it: one true positive
    assert m.collar_prf([10], [9, 11], 3) == (0.5, 1.0, pytest.approx(2 / 3))


def test_collar_empty_cases_follow_chunkseg() -> None:
    assert m.collar_prf([], [], 3) == (1.0, 1.0, 1.0)
    assert m.collar_prf([], [5], 3) == (0.0, 0.0, 0.0)
    assert m.collar_prf([5], [], 3) == (0.0, 0.0, 0.0)


def test_tiou() -> None:
    assert m.tiou((0, 30), (0, 32)) == pytest.approx(30 / 32)
    assert m.tiou((30, 75), (0, 32)) == pytest.approx(2 / 75)
    assert m.tiou((0, 10), (20, 30)) == 0.0


def test_vidchapters_distance_is_strict_and_not_one_to_one() -> None:
    assert m.vidchapters_distance_pr(GOLD, PRED, 1)[:2] == (pytest.approx(1 / 3), pytest.approx(1 / 3))
    assert m.vidchapters_distance_pr(GOLD, PRED, 3)[:2] == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    # 70 is exactly 5 s from 75: not counted at 5 s (the source uses <)
    assert m.vidchapters_distance_pr(GOLD, PRED, 5)[:2] == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert m.vidchapters_distance_pr(GOLD, PRED, 10)[:2] == (1.0, 1.0)
    # two predictions near one gold start both count as precise
    assert m.vidchapters_distance_pr([(0, 10), (10, 20)], [(0, 10), (0.5, 20)], 1)[:2] == (1.0, 0.5)


def test_vidchapters_tiou_thresholds_are_strict() -> None:
    # tIoUs of the aligned pairs: 0.9375, 0.8444, 0.9 (minus the 1e-8 of the formula)
    assert m.vidchapters_tiou_pr(GOLD, PRED, 0.7)[:2] == (1.0, 1.0)
    assert m.vidchapters_tiou_pr(GOLD, PRED, 0.9)[:2] == (pytest.approx(1 / 3), pytest.approx(1 / 3))
    # one whole-video prediction: tIoU 0.25, 0.375, 0.375 with the gold chapters
    assert m.vidchapters_tiou_pr(GOLD, [(0, 120)], 0.3)[:2] == (1.0, pytest.approx(2 / 3))
    assert m.vidchapters_tiou_pr(GOLD, [(0, 120)], 0.5)[:2] == (0.0, 0.0)
    assert m.vidchapters_tiou_pr([(0, 120)], [(0, 120)], 0.9)[:2] == (1.0, 1.0)


def test_chapter_llama_f1_averages_ten_thresholds() -> None:
    # thresholds 0.50..0.80 (7): all three match, F1 1; 0.85: two; 0.90: one; 0.95: none
    assert m.CHAPTER_LLAMA_TIOUS == (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
    assert m.chapter_llama_f1(GOLD, PRED) == pytest.approx((7 + 2 / 3 + 1 / 3 + 0) / 10)


def test_chapter_llama_tiou_is_mean_of_greedy_matches() -> None:
    assert m.chapter_llama_tiou(GOLD, PRED) == pytest.approx((30 / 32 + 38 / 45 + 45 / 50) / 3)
    # one long prediction matches one gold chapter only, the one it overlaps most
    assert m.greedy_iou_matches([(0, 10), (10, 100)], [(0, 100)]) == [(1, 0, pytest.approx(0.9))]
    assert m.chapter_llama_tiou([(0, 10)], [(20, 30)]) == 0.0


def test_single_chapter_edge_case_scores_perfectly() -> None:
    one = m.segments_from_starts([0], 60)
    assert m.chapter_llama_f1(one, one) == 1.0
    assert m.chapter_llama_tiou(one, one) == pytest.approx(1.0)
    assert m.vidchapters_tiou_pr(one, one, 0.9)[:2] == (1.0, 1.0)
    assert m.collar_prf(m.boundaries_from_starts([0]), m.boundaries_from_starts([0]), 3).f1 == 1.0
