from hypothesis import given
from hypothesis import strategies as st

from vidmark.model import Chapter
from vidmark.refine import merge_windows, plan_windows


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
