"""Laying specs out in time: frame-grid starts, contiguous chapters, speech-only changes."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from vidmark.synth import ChapterSpec, RenderOptions, SlideSpec, VideoSpec, layout


def _spec(fps: int = 10) -> VideoSpec:
    return VideoSpec(
        name="t",
        render=RenderOptions(fps=fps, sentence_pause_seconds=0.5, slide_tail_seconds=1.0),
        chapters=[
            ChapterSpec(title="A", slides=[SlideSpec(title="a1", narration=["x", "y"]), SlideSpec(title="a2", narration=["z"], demo_seconds=2.0)]),
            ChapterSpec(title="B", transition="none", slides=[SlideSpec(narration=["w"])]),
            ChapterSpec(title="C", transition="fade", slides=[SlideSpec(title="c1", narration=["v"])]),
        ],
    )


def test_layout_places_sentences_and_slides_exactly() -> None:
    timeline = layout(_spec(), [[[1.23, 2.0], [0.77]], [[1.5]], [[1.0]]])
    assert [s.start_seconds for s in timeline.sentences] == pytest.approx([0.0, 1.73, 4.8, 8.6, 11.1])
    # slide a2 starts after 1.23 + 0.5 + 2.0 + 1.0 = 4.73, rounded up to the frame grid
    assert [s.start_seconds for s in timeline.slides] == pytest.approx([0.0, 4.8, 8.6, 11.1])
    assert [c.start_seconds for c in timeline.chapters] == pytest.approx([0.0, 8.6, 11.1])
    assert timeline.duration_seconds == pytest.approx(13.1)


def test_chapters_cover_the_video_without_gaps() -> None:
    timeline = layout(_spec(fps=12), [[[1.0, 1.0], [1.0]], [[1.0]], [[1.0]]])
    chapters = timeline.chapters
    assert chapters[0].start_seconds == 0.0 and chapters[-1].end_seconds == timeline.duration_seconds
    assert all(a.end_seconds == b.start_seconds for a, b in zip(chapters, chapters[1:]))
    assert all(abs(s.start_seconds * 12 - round(s.start_seconds * 12)) < 1e-6 for s in timeline.slides)


def test_speech_only_chapter_keeps_the_previous_picture() -> None:
    slides = layout(_spec(), [[[1.0, 1.0], [1.0]], [[1.0]], [[1.0]]]).slides
    assert slides[2].transition == "none" and slides[2].shows == 1
    assert slides[3].transition == "fade" and slides[3].shows == 3


def test_layout_needs_one_duration_per_sentence() -> None:
    with pytest.raises(ValueError):
        layout(_spec(), [[[1.0], [1.0]], [[1.0]], [[1.0]]])


@pytest.mark.parametrize(
    "build",
    [
        lambda: ChapterSpec(title="B", transition="none", slides=[SlideSpec(title="shown", narration=["x"])]),
        lambda: ChapterSpec(title="B", slides=[SlideSpec(narration=["x"])]),
        lambda: SlideSpec(title="silent and empty"),
        lambda: VideoSpec(name="v", chapters=[ChapterSpec(title="A", transition="none", slides=[SlideSpec(narration=["x"])])]),
        lambda: VideoSpec(name="bad name/", chapters=[ChapterSpec(title="A", slides=[SlideSpec(title="a", narration=["x"])])]),
        lambda: SlideSpec(title="a", narration=["x"], colour="red"),
    ],
)
def test_invalid_specs_are_refused(build) -> None:
    with pytest.raises(ValidationError):
        build()
