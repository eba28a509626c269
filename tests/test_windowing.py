"""The one windowing layer: splitting by length and by kept frames, running, merging."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vidmark.engines import FrameBudget, Window
from vidmark.errors import EngineError, FormatError
from vidmark.model import Chapter
from vidmark.windowing import WindowOptions, merge_windows, plan_windows, run_windows, sum_usage


@settings(deadline=None)
@given(st.floats(1, 5 * 3600), st.floats(60, 900), st.floats(0, 59))
def test_windows_cover_the_video_with_overlap(duration, size, overlap):
    windows = plan_windows(duration, size, overlap)
    assert windows[0].start_seconds == 0
    assert abs(windows[-1].end_seconds - duration) < 1e-6 or len(windows) == 1
    for a, b in zip(windows, windows[1:]):
        assert a.end_seconds - b.start_seconds >= overlap - 1e-6
        assert b.end_seconds - b.start_seconds <= size + 1e-6


def test_chapter_cut_by_a_window_edge_is_joined_back():
    w0, w1 = plan_windows(570, 300, 30)
    first = [Chapter(start_seconds=0, end_seconds=200, title="Intro"),
             Chapter(start_seconds=200, end_seconds=300, title="Installing the tools")]
    # the second window starts inside "Installing" and names it again, then moves on
    second = [Chapter(start_seconds=w1.start_seconds, end_seconds=350, title="Installing tools"),
              Chapter(start_seconds=350, end_seconds=570, title="First project")]
    merged = merge_windows([(w1, second), (w0, first)])
    assert [(c.start_seconds, c.title) for c in merged] == [(0, "Intro"), (200, "Installing the tools"), (350, "First project")]


def test_same_title_within_one_window_is_not_merged():
    (w,) = plan_windows(100, 300, 30)
    chapters = [Chapter(start_seconds=0, end_seconds=50, title="Demo 1"),
                Chapter(start_seconds=50, end_seconds=100, title="Demo 2")]
    assert len(merge_windows([(w, chapters)])) == 2


def test_numbered_titles_in_neighbouring_windows_stay_apart():
    w0, w1 = plan_windows(570, 300, 30)
    merged = merge_windows([(w0, [Chapter(start_seconds=200, end_seconds=300, title="Step 1")]),
                            (w1, [Chapter(start_seconds=290, end_seconds=570, title="Step 2")])])
    assert [c.title for c in merged] == ["Step 1", "Step 2"]


def test_same_chapter_seen_by_both_windows_is_joined():
    w0, w1 = plan_windows(570, 300, 30)
    merged = merge_windows([(w0, [Chapter(start_seconds=0, end_seconds=300, title="Installing the tools")]),
                            (w1, [Chapter(start_seconds=292, end_seconds=570, title="Installing tools")])])
    assert [(c.start_seconds, c.end_seconds) for c in merged] == [(0, 570)]


@settings(deadline=None)
@given(st.lists(st.floats(0, 3599), min_size=1, max_size=400, unique=True), st.integers(1, 120),
       st.one_of(st.none(), st.floats(60, 1200)), st.floats(0, 60))
@example(frames=[0.0, 4.4212572926402315e-291], per_call=1, longest=None, overlap=0.0)  # closer than 1 ms
def test_windows_by_kept_frames_hold_at_most_one_call_each(frames, per_call, longest, overlap):
    budget = FrameBudget(frame_seconds=sorted(frames), frames_per_call=per_call)
    windows = plan_windows(3600.0, longest, overlap, budget)
    assert windows[0].start_seconds == 0 and windows[-1].end_seconds == pytest.approx(3600.0)
    covered = set()
    for w in windows:
        held = w.frame_seconds or ()
        assert len(held) <= per_call and all(w.start_seconds <= t < w.end_seconds for t in held)
        assert w.duration_seconds <= (longest or 3600.0) + 1e-6
        covered |= set(held)
    assert covered == set(frames)  # every kept frame is sent in some window
    for a, b in zip(windows, windows[1:]):
        assert b.start_seconds > a.start_seconds and b.start_seconds <= a.end_seconds


def test_kept_frames_that_fit_one_call_make_one_window():
    slides = FrameBudget(frame_seconds=[i * 45.0 for i in range(40)], frames_per_call=180)
    (whole,) = plan_windows(1800.0, None, 30.0, slides)
    assert (whole.start_seconds, whole.end_seconds, len(whole.frame_seconds)) == (0, 1800, 40)
    moving = FrameBudget(frame_seconds=[i * 2.0 + 1 for i in range(900)], frames_per_call=180)
    windows = plan_windows(1800.0, None, 30.0, moving)
    assert len(windows) == 6 and all(len(w.frame_seconds) <= 180 for w in windows)
    assert all(a.end_seconds - b.start_seconds == pytest.approx(30.0) for a, b in zip(windows, windows[1:]))


def test_run_windows_retries_reports_failures_and_keeps_the_rest():
    windows = plan_windows(570, 300, 30)
    calls: list[int] = []

    def call(window: Window) -> dict:
        calls.append(window.index)
        if window.index == 1:
            raise FormatError("answer holds no chapters")
        return {"tokens": 10}

    done, failures = run_windows(windows, call, WindowOptions(retries=2))
    assert [w.index for w, _ in done] == [0] and calls.count(1) == 3
    assert failures == ["window 1 (270-570 s): answer holds no chapters"]
    assert sum_usage([r for _, r in done] * 2) == {"tokens": 20}
    with pytest.raises(EngineError, match="every window failed"):
        run_windows(windows, lambda w: call(Window(index=1, start_seconds=0, end_seconds=1)), WindowOptions(retries=0))
    with pytest.raises(FormatError, match="holds no chapters"):  # a lone window raises its own error
        run_windows(windows[:1], lambda w: call(Window(index=1, start_seconds=0, end_seconds=1)), WindowOptions())
