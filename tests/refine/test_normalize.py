"""normalize/refine: whatever comes in, the chapters that come out are valid."""

from hypothesis import given, settings
from hypothesis import strategies as st

from vidmark.model import Boundary, Chapter
from vidmark.refine import RefineOptions, normalize, refine


def chapter(start: float, end: float, title: str = "") -> Chapter:
    return Chapter(start_seconds=start, end_seconds=end, title=title)


def assert_valid(chapters: list[Chapter], duration: float, min_seconds: float = 0.0) -> None:
    assert chapters[0].start_seconds == 0.0
    assert chapters[-1].end_seconds == duration
    for a, b in zip(chapters, chapters[1:]):
        assert a.end_seconds == b.start_seconds
        assert a.start_seconds < b.start_seconds
    if len(chapters) > 1:
        assert all(c.duration_seconds >= min_seconds - 1e-9 for c in chapters)


raw_chapters = st.lists(
    st.tuples(st.floats(0, 5000, allow_nan=False), st.floats(0, 5000, allow_nan=False), st.text(max_size=8)).map(
        lambda t: chapter(min(t[0], t[1]), max(t[0], t[1]), t[2])
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(raw_chapters, st.floats(1, 4000, allow_nan=False), st.floats(0, 120, allow_nan=False))
def test_any_input_gives_ordered_covering_chapters(chapters, duration, min_seconds):
    assert_valid(normalize(chapters, duration, min_seconds), duration, min_seconds)


@settings(max_examples=200, deadline=None)
@given(raw_chapters, st.floats(1, 4000, allow_nan=False),
       st.lists(st.floats(0, 4000, allow_nan=False), max_size=20), st.floats(0, 30, allow_nan=False))
def test_refine_keeps_invariants_with_snapping(chapters, duration, anchor_times, min_seconds):
    anchors = [Boundary(time_seconds=t) for t in anchor_times]
    options = RefineOptions(min_chapter_seconds=min_seconds, snap_tolerance_seconds=5)
    assert_valid(refine(chapters, duration, options, anchors), duration, min_seconds)


def test_overlaps_and_gaps_resolved():
    result = normalize([chapter(10, 50, "b"), chapter(0, 30, "a"), chapter(80, 90, "c")], 100)
    assert [(c.start_seconds, c.end_seconds, c.title) for c in result] == [
        (0, 10, "a"), (10, 80, "b"), (80, 100, "c")]


def test_past_end_and_reversed_are_dropped_or_clamped():
    result = normalize([chapter(0, 20, "a"), chapter(150, 200, "late"), chapter(40, 40, "empty")], 100)
    assert [c.title for c in result] == ["a"]
    assert result[0].end_seconds == 100


def test_empty_answer_gives_one_chapter():
    assert [(c.start_seconds, c.end_seconds) for c in normalize([], 42.0)] == [(0, 42.0)]


def test_short_first_chapter_merges_forward_keeping_its_title():
    result = normalize([chapter(0, 3, "Intro"), chapter(3, 60, ""), chapter(60, 100, "End")], 100, 10)
    assert [(c.start_seconds, c.title) for c in result] == [(0, "Intro"), (60, "End")]
