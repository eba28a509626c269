from vidmark.model import Boundary, Chapter
from vidmark.refine import snap_boundaries


def chapters(*starts: float, end: float = 100.0) -> list[Chapter]:
    ends = [*starts[1:], end]
    return [Chapter(start_seconds=s, end_seconds=e, title=str(i)) for i, (s, e) in enumerate(zip(starts, ends))]


def test_start_moves_to_nearest_anchor_within_tolerance():
    result = snap_boundaries(chapters(0, 31, 70), [Boundary(time_seconds=29.6), Boundary(time_seconds=80)], 3)
    assert [c.start_seconds for c in result] == [0, 29.6, 70]
    assert result[0].end_seconds == 29.6


def test_strong_anchor_beats_slightly_nearer_weak_one():
    anchors = [Boundary(time_seconds=30.5, strength=0.1), Boundary(time_seconds=29.0, strength=1.0)]
    assert snap_boundaries(chapters(0, 30, 70), anchors, 3)[1].start_seconds == 29.0


def test_snapping_never_reorders_chapters():
    result = snap_boundaries(chapters(0, 10, 11), [Boundary(time_seconds=12.5)], 3)
    starts = [c.start_seconds for c in result]
    assert starts == sorted(starts) and len(set(starts)) == 3


def test_first_chapter_stays_at_zero():
    assert snap_boundaries(chapters(0, 50), [Boundary(time_seconds=1.0)], 3)[0].start_seconds == 0


def test_start_already_in_a_pause_stays():
    pause = Boundary(time_seconds=30.0, kind="silence", strength=1.0, duration_seconds=5.0)
    cut = Boundary(time_seconds=29.5, kind="cut", strength=1.0)
    assert snap_boundaries(chapters(0, 31.0, 70), [pause, cut], 3)[1].start_seconds == 31.0
    assert snap_boundaries(chapters(0, 32.7, 70), [pause], 3)[1].start_seconds == 32.7  # at its end: speech resumes


def test_start_outside_a_pause_moves_into_it():
    pause = Boundary(time_seconds=30.0, kind="silence", strength=1.0, duration_seconds=1.0)
    assert snap_boundaries(chapters(0, 32.0, 70), [pause], 3)[1].start_seconds == 30.0
