"""The typed description of a synthetic tutorial video, from which video and truth follow.

A video is a list of chapters; a chapter is a list of slides; each slide carries its own
narration, so every slide change and every chapter change has an exact, known time. The
generator lays the spec out on a timeline, renders it, and writes the timeline down as
ground truth: nothing about the truth is guessed after the fact.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Language = Literal["en", "zh"]
#: how the picture changes into a slide: a hard cut, a crossfade, a fade through black, or
#: (chapters only) not at all, the previous slide staying on screen while the speech moves on
Transition = Literal["cut", "fade", "dip", "none"]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SlideSpec(_Spec):
    """One picture on screen and the narration spoken over it."""

    title: str = Field(default="", description="shown large near the top")
    bullets: list[str] = Field(default_factory=list, description="body lines (code lines for style='screen')")
    style: Literal["slide", "screen"] = Field(
        default="slide", description="'screen': a terminal-like screen recording whose body is typed in"
    )
    narration: list[str] = Field(default_factory=list, description="sentences spoken, one after another")
    demo_seconds: float = Field(default=0.0, ge=0, description="silent time after the narration")
    transition: Literal["cut", "fade", "dip"] = Field(
        default="cut", description="into this slide from the one before, inside a chapter"
    )

    @model_validator(mode="after")
    def _lasts(self) -> SlideSpec:
        if not self.narration and self.demo_seconds <= 0:
            raise ValueError(f"slide {self.title!r} has neither narration nor demo_seconds: it would last no time")
        return self

    @property
    def blank(self) -> bool:
        return not self.title and not self.bullets


class ChapterSpec(_Spec):
    """A chapter: what the ground truth calls it, its slides, and how the picture enters it."""

    title: str = Field(min_length=1)
    summary: str = ""
    language: Language = "en"
    slides: list[SlideSpec] = Field(min_length=1)
    transition: Transition = Field(
        default="cut", description="into the chapter's first slide; 'none' keeps the previous picture"
    )

    @model_validator(mode="after")
    def _none_keeps_picture(self) -> ChapterSpec:
        if self.transition == "none" and not self.slides[0].blank:
            raise ValueError("a chapter with transition 'none' keeps the previous picture: its first slide needs no title or bullets")
        if self.transition != "none" and self.slides[0].blank:
            raise ValueError(f"chapter {self.title!r}: its first slide needs a title or bullets")
        return self


class RenderOptions(_Spec):
    """How the video is drawn, timed and encoded."""

    width: int = Field(default=1280, ge=160, multiple_of=2)
    height: int = Field(default=720, ge=120, multiple_of=2)
    fps: int = Field(default=10, ge=1, le=60)
    keyframe_seconds: float = Field(default=4.0, gt=0, description="longest gap between keyframes")
    crf: int = Field(default=28, ge=0, le=51)
    preset: str = "veryfast"
    audio_bit_rate: int = Field(default=48_000, ge=8_000)
    sentence_pause_seconds: float = Field(default=0.45, ge=0, description="silence between sentences")
    slide_tail_seconds: float = Field(default=0.9, ge=0, description="silence after a slide's narration")
    fade_seconds: float = Field(default=1.0, gt=0, description="length of a fade, centred on the change")
    typing_chars_per_second: float = Field(default=14.0, gt=0)
    voice: str = Field(default="slt", description="flite voice for English")
    theme: int = Field(default=0, ge=0, description="colour theme of the slides (see slides.THEMES)")


class VideoSpec(_Spec):
    """A whole synthetic video: its chapters in order and how to render them."""

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    chapters: list[ChapterSpec] = Field(min_length=1)
    render: RenderOptions = Field(default_factory=RenderOptions)
    notes: str = ""

    @model_validator(mode="after")
    def _first_chapter_shows_something(self) -> VideoSpec:
        if self.chapters[0].transition == "none":
            raise ValueError("the first chapter cannot have transition 'none': there is no picture before it")
        return self

    @property
    def language(self) -> str:
        languages = sorted({c.language for c in self.chapters})
        return "+".join(languages)
