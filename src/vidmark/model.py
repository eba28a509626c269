"""The one typed data model that every stage of vidmark passes along.

Videos, frames, signals, chapters and annotations are pydantic models that validate
themselves. Times are float seconds from the start of the video (the first frame a player
shows is 0.0) and field names carry their unit; strings appear only at the edges.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VideoStreamInfo(_Model):
    """The video stream vidmark reads."""

    index: int
    codec: str
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    fps: float | None = Field(default=None, description="average frame rate")
    frame_count: int | None = None
    rotation_degrees: int = Field(default=0, description="display rotation, counter-clockwise")
    variable_frame_rate: bool = False
    pixel_format: str | None = None
    bit_rate: int | None = None

    @property
    def display_size(self) -> tuple[int, int]:
        """(width, height) as shown, after rotation."""
        if self.rotation_degrees % 180:
            return self.height, self.width
        return self.width, self.height


class AudioStreamInfo(_Model):
    index: int
    codec: str
    sample_rate: int | None = None
    channels: int | None = None
    language: str | None = None


class SubtitleStreamInfo(_Model):
    index: int
    codec: str
    language: str | None = None
    title: str | None = None


class EmbeddedChapter(_Model):
    start_seconds: float
    end_seconds: float
    title: str = ""


class VideoInfo(_Model):
    """What probing a media file tells: container, streams, duration, chapters already there."""

    path: str
    size_bytes: int
    container: str
    duration_seconds: float = Field(ge=0)
    start_time_seconds: float = Field(
        default=0.0, description="container start time; vidmark times are relative to it"
    )
    bit_rate: int | None = None
    video: VideoStreamInfo | None = Field(default=None, description="None: an audio-only file (podcast, recording)")
    audio: list[AudioStreamInfo] = Field(default_factory=list)
    subtitles: list[SubtitleStreamInfo] = Field(default_factory=list)
    chapters: list[EmbeddedChapter] = Field(default_factory=list)
    tags: dict[str, str] = Field(default_factory=dict)

    @property
    def audio_only(self) -> bool:
        """Whether the file has sound but no pictures (cover art does not count)."""
        return self.video is None


class Frame(BaseModel):
    """One decoded picture and the time it is actually shown at."""

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")

    timestamp_seconds: float = Field(ge=0)
    image: np.ndarray = Field(repr=False, description="H x W x 3 RGB uint8, upright")
    is_keyframe: bool = False
    requested_seconds: float | None = Field(
        default=None, description="the time that was asked for, when sampling on a grid"
    )
    copied_from_seconds: float | None = Field(
        default=None, description="not decoded: the packets say the picture did not change since the frame "
        "decoded at this time, so this is a copy of that frame's picture"
    )

    @field_validator("image")
    @classmethod
    def _rgb(cls, image: np.ndarray) -> np.ndarray:
        if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
            raise ValueError(f"image must be HxWx3 uint8, got shape {image.shape} {image.dtype}")
        return image

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])


class Word(_Model):
    """One recognised word with its time span (speech only)."""

    text: str
    start_seconds: float = Field(ge=0)
    end_seconds: float = Field(ge=0)
    confidence: float | None = None


class Span(_Model):
    """A stretch of time, e.g. where someone speaks."""

    start_seconds: float = Field(ge=0)
    end_seconds: float = Field(ge=0)


class Recognition(_Model):
    """How sure the speech recogniser was of one piece of its transcript."""

    recognizer: str = Field(description="'pocketsphinx' or 'faster-whisper <model>'")
    avg_logprob: float | None = Field(
        default=None, description="whisper: mean token log probability; pocketsphinx: utterance log posterior per word"
    )
    no_speech_prob: float | None = Field(default=None, description="whisper: probability that the window held no speech")
    compression_ratio: float | None = Field(default=None, description="whisper: gzip ratio of the text (high = repeating)")


class TimedText(_Model):
    """A piece of text tied to a time span: a subtitle cue, a speech segment, OCR of a frame."""

    start_seconds: float = Field(ge=0)
    end_seconds: float = Field(ge=0)
    text: str
    source: Literal["subtitles", "speech", "ocr"] = "speech"
    confidence: float | None = None
    # OCR only: where the text stands in the frame, as fractions of width and height.
    box: tuple[float, float, float, float] | None = None
    # OCR only: the line stands on its own background band in a list (the current agenda item).
    highlighted: bool = False
    # Speech only: the words with their own times, when the recogniser gives them.
    words: list[Word] = Field(default_factory=list)
    language: str | None = Field(default=None, description="ISO 639-1 code, when known")
    recognition: Recognition | None = Field(default=None, description="speech only: the recogniser's own scores")

    @model_validator(mode="after")
    def _ordered(self) -> TimedText:
        if self.end_seconds < self.start_seconds:
            raise ValueError(f"end_seconds {self.end_seconds} before start_seconds {self.start_seconds}")
        return self


class Boundary(_Model):
    """A candidate chapter boundary from a signal: a shot cut, a slide change, a silence."""

    time_seconds: float = Field(ge=0)
    kind: Literal["cut", "fade", "dissolve", "slide", "silence", "topic", "sound", "scene", "agenda", "speaker"] = "cut"
    strength: float = Field(default=1.0, ge=0, description="0..1, how sure the signal is")
    duration_seconds: float = Field(
        default=0.0, ge=0, description="length of the transition: a silence, a black interval, a dissolve"
    )


class VisualSample(_Model):
    """How one sampled frame differs from the one sampled before it."""

    time_seconds: float = Field(ge=0)
    brightness: float = Field(ge=0, le=1, description="mean luma, 0 black .. 1 white")
    change: float = Field(default=0.0, ge=0, le=1, description="colour-histogram distance to the previous sample")
    content_change: float = Field(
        default=0.0, ge=0, le=1, description="share of edges (text, drawings) that appeared or vanished"
    )


class Signals(_Model):
    """Everything the signal stage learnt about a video, for the engines to use."""

    boundaries: list[Boundary] = Field(default_factory=list)
    texts: list[TimedText] = Field(default_factory=list)
    language: str | None = None
    visual: list[VisualSample] = Field(default_factory=list, description="per sampled frame, in time order")
    speech_spans: list[Span] = Field(default_factory=list, description="voice activity")
    notes: list[str] = Field(default_factory=list, description="what was skipped or degraded, and why")

    def of_source(self, source: str) -> list[TimedText]:
        return [t for t in self.texts if t.source == source]


class Chapter(_Model):
    """A span of the video with a title and a one-sentence summary."""

    start_seconds: float = Field(ge=0)
    end_seconds: float = Field(ge=0)
    title: str = ""
    summary: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> Chapter:
        if self.end_seconds < self.start_seconds:
            raise ValueError(
                f"chapter ends at {self.end_seconds} s, before its start at {self.start_seconds} s"
            )
        return self

    @property
    def duration_seconds(self) -> float:
        return self.end_seconds - self.start_seconds


class RunInfo(_Model):
    """How an annotation was made: engine, model, parameters, timing."""

    engine: str
    model: str | None = None
    task: str = "chapters"
    parameters: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    elapsed_seconds: float | None = None
    vidmark_version: str = ""
    notes: list[str] = Field(default_factory=list)
    usage: dict[str, Any] = Field(default_factory=dict, description="tokens, requests, windows")


class SourceInfo(_Model):
    """Where a video came from when it was not named as a local file: a URL or a stream."""

    url: str = Field(description="the link given, or '-' / the FIFO's path for a stream")
    title: str = ""
    description: str = ""
    site: str = Field(default="", description="yt-dlp's extractor (e.g. youtube, generic)")
    uploader: str = ""
    webpage_url: str = ""
    chapters: list[EmbeddedChapter] = Field(default_factory=list, description="the site's own chapters")
    subtitles: list[str] = Field(default_factory=list, description="subtitle files downloaded beside the video")
    info_json: str | None = Field(default=None, description="yt-dlp's .info.json, kept beside the video")


class Annotation(_Model):
    """The result of a run: the video, its chapters in order, and how they were made."""

    video: VideoInfo
    chapters: list[Chapter]
    run: RunInfo
    language: str | None = None
    source: SourceInfo | None = Field(default=None, description="the URL or stream the video was read from")
    events: list[Event] = Field(default_factory=list, description="task 'events': the event log, in time order")
    minutes: Minutes | None = Field(default=None, description="task 'minutes': topics, decisions, action items")


class ChapterList(_Model):
    """Chapters as read from a chapter file: the list, and the duration when the file says it."""

    chapters: list[Chapter]
    duration_seconds: float | None = None


class Moment(_Model):
    """A span where something asked about happens (find, ask), with how well it matches."""

    start_seconds: float = Field(ge=0)
    end_seconds: float = Field(ge=0)
    score: float = Field(default=0.0, ge=0, description="0..1, higher is a better match")
    text: str = Field(default="", description="what was said or shown there, or the model's description")
    source: str = Field(default="", description="where the match came from: speech, ocr, subtitles, chapter, model")


class Event(_Model):
    """One entry of a fine-grained event log: a screen change, typed text, a spoken step."""

    start_seconds: float = Field(ge=0)
    end_seconds: float = Field(ge=0)
    kind: str = Field(default="action", description="screen, typed, text, step, action, ...")
    description: str = ""


class MinutesItem(_Model):
    """A decision or an action item, at the time it was said."""

    time_seconds: float = Field(ge=0)
    text: str
    owner: str = Field(default="", description="action items: who takes it on, when said")


class Minutes(_Model):
    """Meeting or talk minutes: topic segments with summaries, decisions and action items."""

    topics: list[Chapter] = Field(default_factory=list)
    decisions: list[MinutesItem] = Field(default_factory=list)
    action_items: list[MinutesItem] = Field(default_factory=list)


class AlignedLine(_Model):
    """One line of a script and when it is spoken; unspoken lines have no times."""

    index: int = Field(ge=0, description="0-based line number among the script's non-empty lines")
    text: str
    start_seconds: float | None = None
    end_seconds: float | None = None
    matched: float = Field(default=0.0, ge=0, le=1, description="share of the line's words heard")

    @property
    def spoken(self) -> bool:
        return self.start_seconds is not None


Annotation.model_rebuild()
