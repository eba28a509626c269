"""The options of the signal stage, in one object: which signals, which languages, which model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

SIGNAL_NAMES: tuple[str, ...] = ("shots", "slides", "ocr", "speech", "subtitles", "sound")
#: the signals measured when none are named: a video's, and an audio-only file's (no pictures)
VIDEO_SIGNALS: tuple[str, ...] = ("shots", "slides", "ocr", "speech", "subtitles")
AUDIO_SIGNALS: tuple[str, ...] = ("speech", "subtitles", "sound")
#: the signals that read pictures
PICTURE_SIGNALS: tuple[str, ...] = ("shots", "slides", "ocr")


class SignalOptions(BaseModel):
    """Which signals to compute and how; unknown keys are an error."""

    model_config = ConfigDict(extra="forbid")

    shots: bool = Field(default=True, description="cuts, fades and dissolves")
    slides: bool = Field(default=True, description="slide and screen-content changes")
    ocr: bool = Field(default=True, description="on-screen text (RapidOCR)")
    speech: bool = Field(default=True, description="speech recognition, voice activity and silences")
    subtitles: bool = Field(default=True, description="embedded subtitle tracks and sidecar .srt/.vtt files")
    sound: bool = Field(default=False, description="changes between speech, music and silence, and long pauses")
    speech_with_subtitles: bool = Field(
        default=False, description="also transcribe speech when subtitles were found (else only silences)"
    )
    languages: list[str] = Field(
        default_factory=list, description="preferred languages (ISO 639-1), first = the video's; empty = detect"
    )
    speech_model: str = Field(
        default="auto",
        description="'auto' (a whisper model named by VIDMARK_WHISPER_MODEL or already in the Hugging Face cache, else pocketsphinx), 'pocketsphinx' (English, built in), or a faster-whisper model size, hub id or folder",
    )
    every_seconds: float = Field(default=1.0, gt=0, description="frame sampling step")
    max_side: int = Field(default=960, ge=64, description="longest side of sampled frames (OCR reads these)")
    ocr_min_gap_seconds: float = Field(default=2.0, ge=0, description="least time between two OCR'd frames")
    ocr_max_gap_seconds: float = Field(
        default=30.0, gt=0, description="read a changed frame after this long even if the picture never stands still"
    )
    ocr_max_frames: int = Field(default=300, ge=0, description="most frames OCR'd per video")
    min_silence_seconds: float = Field(default=0.6, gt=0, description="shortest pause reported as a silence")
    cache: bool = Field(default=True, description="reuse results cached for the same video content")
    parallel: bool = Field(default=True, description="run speech in a second process beside the visual pass")

    def enabled(self) -> list[str]:
        return [name for name in SIGNAL_NAMES if getattr(self, name)]
