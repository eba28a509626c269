"""What one window asks the model (the instruction, the timed frames, the answer schema)
and what it answers.

Backends turn a :class:`QwenPrompt` into their own wire format; everything they need to
say about time is here, in whole-video seconds. A :class:`ModelAnswer` is the text with
the window it answers and how far the model's clock ran behind the video's.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vidmark.engines.base import Window
from vidmark.engines.qwen.frames import TimedImage, encode_clip
from vidmark.engines.qwen.parse import parse_chapters
from vidmark.model import Chapter


class AnswerChapter(BaseModel):
    start_time: float = Field(description="seconds from the start of the whole video, as in the frames' markers, e.g. 83.5")
    end_time: float = Field(description="seconds from the start of the whole video, e.g. 141.0")
    title: str
    summary: str


class Answer(BaseModel):
    """The answer shape the prompt asks for; its JSON schema is sent as the response format."""

    chapters: list[AnswerChapter]


def answer_schema() -> dict[str, Any]:
    return Answer.model_json_schema()


class QwenPrompt(BaseModel):
    """One request: the instruction and the frames (sent as images, or as one clip)."""

    model_config = ConfigDict(extra="forbid")

    window: Window
    instruction: str
    images: list[TimedImage]
    mode: str = "frames"
    video_path: str = ""
    #: whether the window is the whole video (a backend may then send the file itself)
    covers_video: bool = False

    @property
    def clip_fps(self) -> float:
        return len(self.images) / max(self.window.duration_seconds, 1e-9)

    def clip(self) -> bytes:
        """The frames as an MP4 at :attr:`clip_fps` (video mode)."""
        return encode_clip(self.images, self.clip_fps)

    def fewer_frames(self) -> QwenPrompt | None:
        """The same request with every other frame, or None when two or fewer are left."""
        if len(self.images) <= 2:
            return None
        return self.model_copy(update={"images": self.images[::2]})


class ModelAnswer(BaseModel):
    """The model's answer about one window."""

    model_config = ConfigDict(extra="forbid")

    window: Window
    text: str
    #: how far the model's clock runs behind whole-video time (a clip stamped from 0)
    shift_seconds: float = 0.0
    usage: dict[str, int] = Field(default_factory=dict)

    def chapters(self) -> list[Chapter]:
        """The answer's spans in whole-video time; a FormatError when it holds none."""
        shift = self.shift_seconds
        found = parse_chapters(self.text, self.window.end_seconds - shift)
        return [c.model_copy(update={"start_seconds": c.start_seconds + shift, "end_seconds": c.end_seconds + shift})
                for c in found]
