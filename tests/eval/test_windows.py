"""Pk and WindowDiff on hand-computed cases."""

from __future__ import annotations

import pytest

from vidmark.eval.windows import grid_labels, pk, window_diff, window_size


def test_grid_labels_count_changes_seen_by_each_second() -> None:
    # boundary at 2.5 and 2.7 fall between seconds 2 and 3: one change on the grid
    assert grid_labels([2.5, 2.7, 6], 8) == [0, 0, 0, 1, 1, 1, 1, 2, 2]
    # a boundary on a whole second starts the next chapter after it
    assert grid_labels([3], 5) == [0, 0, 0, 0, 1, 1]


def test_window_is_half_the_mean_gold_segment_rounded_half_even_at_least_two() -> None:
    assert window_size([0] * 121) == 60  # one segment of 121 units
    assert window_size(grid_labels([30, 75], 120)) == 20  # 121 / 3 / 2 = 20.17
    assert window_size(grid_labels([5], 9)) == 2  # 10 / 2 / 2 = 2.5 -> 2
    assert window_size([0, 1, 2]) == 2


def test_pk_and_windowdiff_by_hand() -> None:
    # 11 units 0..10, gold changes between 5 and 6, k = round(11 / 4) = 3, 8 windows;
    # the windows starting at 3, 4, 5 straddle the gold boundary, the prediction has none.
    assert pk([5], [], 10) == pytest.approx(3 / 8)
    assert window_diff([5], [], 10) == pytest.approx(3 / 8)
    # gold 30, 75 and predicted 32, 70 in 120 s: k = 20, 101 windows, 14 disagree
    assert pk([30, 75], [32, 70], 120) == pytest.approx(14 / 101)
    assert window_diff([30, 75], [32, 70], 120) == pytest.approx(14 / 101)


def test_windowdiff_counts_boundaries_where_pk_does_not() -> None:
    # two predicted boundaries inside one window where gold has one: Pk sees "different
    # chapter" on both sides, WindowDiff sees 2 != 1.
    assert pk([10], [9, 11], 20) < window_diff([10], [9, 11], 20)


def test_perfect_empty_and_short_cases() -> None:
    assert pk([30, 75], [30, 75], 120) == 0.0
    assert window_diff([], [], 60) == 0.0
    assert pk([], [], 60) == 0.0
    assert pk([], [30], 60) > 0
    assert pk([1], [1], 2) == 0.0  # too short for a window: agree -> 0
    assert window_diff([1], [], 2) == 1.0  # too short for a window: disagree -> 1
