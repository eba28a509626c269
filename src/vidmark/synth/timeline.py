"""Laying a video spec out in time: the exact second every slide and sentence starts.

This is a pure function of the spec and the measured length of each spoken sentence. Its
result is both the recipe the renderer follows and the ground truth the benchmark scores
against, so the two cannot disagree. Slide starts are put on the frame grid, so a cut
shows on the very frame the truth names and the narration starts on that frame too.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field

from vidmark.synth.spec import VideoSpec


class _Placed(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start_seconds: float
    end_seconds: float


class PlacedSentence(_Placed):
    text: str
    chapter: int
    slide: int


class PlacedSlide(_Placed):
    chapter: int
    slide: int = Field(description="index of the slide within its chapter")
    transition: str = Field(description="how the picture changes into this slide: cut, fade, dip or none")
    shows: int = Field(description="index (in Timeline.slides) of the slide whose picture is on screen")
    title: str
    style: str
    narration_end_seconds: float


class PlacedChapter(_Placed):
    title: str
    summary: str
    language: str


class Timeline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    duration_seconds: float
    fps: int
    chapters: list[PlacedChapter]
    slides: list[PlacedSlide]
    sentences: list[PlacedSentence]


def layout(spec: VideoSpec, durations: list[list[list[float]]]) -> Timeline:
    """Place every slide and sentence; ``durations[c][s][k]`` is sentence k of slide s of chapter c."""
    opts, fps = spec.render, spec.render.fps
    t = 0.0
    slides: list[PlacedSlide] = []
    sentences: list[PlacedSentence] = []
    chapter_starts: list[float] = []
    for c, chapter in enumerate(spec.chapters):
        for s, slide in enumerate(chapter.slides):
            start = _on_grid(t, fps)
            if s == 0:
                chapter_starts.append(start)
            t = start
            for k, (text, length) in enumerate(zip(slide.narration, durations[c][s], strict=True)):
                t += opts.sentence_pause_seconds if k else 0.0
                sentences.append(PlacedSentence(start_seconds=t, end_seconds=t + length, text=text, chapter=c, slide=s))
                t += length
            narration_end = t
            t += slide.demo_seconds + opts.slide_tail_seconds
            transition = chapter.transition if s == 0 else slide.transition
            shows = slides[-1].shows if slide.blank and slides else len(slides)
            slides.append(PlacedSlide(
                start_seconds=start, end_seconds=t, chapter=c, slide=s, transition=transition, shows=shows,
                title=slide.title, style=slide.style, narration_end_seconds=narration_end,
            ))
    duration = _on_grid(t, fps)
    return Timeline(
        duration_seconds=duration, fps=fps, chapters=_chapters(spec, chapter_starts, duration),
        slides=_close(slides, duration), sentences=sentences,
    )


def _on_grid(t: float, fps: int) -> float:
    """The first frame time at or after ``t`` (tolerating float noise)."""
    return math.ceil(t * fps - 1e-6) / fps


def _close(slides: list[PlacedSlide], duration: float) -> list[PlacedSlide]:
    """Each slide lasts until the next starts; the last until the end."""
    ends = [s.start_seconds for s in slides[1:]] + [duration]
    return [s.model_copy(update={"end_seconds": end}) for s, end in zip(slides, ends)]


def _chapters(spec: VideoSpec, starts: list[float], duration: float) -> list[PlacedChapter]:
    ends = starts[1:] + [duration]
    return [
        PlacedChapter(start_seconds=a, end_seconds=b, title=c.title, summary=c.summary, language=c.language)
        for c, a, b in zip(spec.chapters, starts, ends)
    ]
