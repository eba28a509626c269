"""Hand annotations of real clips: chapters a person marked, with the reason for each.

The files live in the repo (``bench/annotations/NAME.json``); the clips they describe
live in ``../shared/clips`` and are never copied. Each file names its clip folder and
video, the kind of video and its language, and lists chapters whose ``why`` says what
changes on screen or in speech at that time, so anyone can check a boundary by looking.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from vidmark.errors import FormatError
from vidmark.eval.realclips import RealClip
from vidmark.model import Chapter, ChapterList


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnnotatedChapter(_Model):
    start_seconds: float = Field(ge=0)
    end_seconds: float = Field(gt=0)
    title: str = Field(min_length=1)
    why: str = Field(min_length=1, description="what changes on screen or in speech at the start")


class ClipAnnotation(_Model):
    clip: str = Field(description="folder under ../shared/clips")
    video: str = Field(description="file in that folder")
    kind: str
    language: str | None = None
    duration_seconds: float = Field(gt=0)
    annotator: str
    method: str = Field(description="how the clip was watched and listened to")
    chapters: list[AnnotatedChapter] = Field(min_length=1)

    @model_validator(mode="after")
    def _contiguous(self) -> ClipAnnotation:
        chapters = self.chapters
        if chapters[0].start_seconds != 0:
            raise ValueError("the first chapter must start at 0")
        for a, b in zip(chapters, chapters[1:]):
            if abs(a.end_seconds - b.start_seconds) > 1e-6 or b.start_seconds <= a.start_seconds:
                raise ValueError(f"chapter {a.title!r} ends at {a.end_seconds} but {b.title!r} starts at {b.start_seconds}")
        if abs(chapters[-1].end_seconds - self.duration_seconds) > 0.5:
            raise ValueError(f"the last chapter ends at {chapters[-1].end_seconds}, not at the duration {self.duration_seconds}")
        return self

    def gold(self) -> ChapterList:
        return ChapterList(chapters=[Chapter(start_seconds=c.start_seconds, end_seconds=c.end_seconds, title=c.title)
                                     for c in self.chapters], duration_seconds=self.duration_seconds)


def load_annotation(path: Path) -> ClipAnnotation:
    try:
        return ClipAnnotation.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError, ValidationError) as exc:
        raise FormatError(f"cannot read clip annotation {path}: {exc}") from None


def annotated_clips(annotations_dir: Path, clips_dir: Path) -> list[tuple[RealClip, str]]:
    """(clip, kind) for every annotation whose video is present under ``clips_dir``."""
    found = []
    for path in sorted(annotations_dir.glob("*.json")):
        note = load_annotation(path)
        video = clips_dir / note.clip / note.video
        if video.is_file():
            found.append((RealClip(name=note.clip, video=video, gold=note.gold(), language=note.language), note.kind))
    return found
