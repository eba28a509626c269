"""vidmark's error types.

Every failure a user can cause or meet (a bad file, a bad option, a model that answers
nonsense) is raised as a :class:`VidmarkError`. Each carries the process exit code and the
HTTP status it maps to, so the outer shells (CLI line, HTTP JSON) render it in one place.
"""

from __future__ import annotations


class VidmarkError(Exception):
    """Base class: a failure with a one-line message meant for the user."""

    exit_code: int = 1
    http_status: int = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(VidmarkError):
    """The user asked for something invalid: a bad option, a missing file, a bad value."""

    exit_code = 2
    http_status = 400


class MediaError(VidmarkError):
    """A media file exists but cannot be read as a video: not media, no video, truncated."""

    exit_code = 3
    http_status = 422


class TimecodeError(InputError):
    """A time string that no supported timecode form matches."""


class FormatError(InputError):
    """A chapter file or model answer that cannot be read in the expected format."""


class EngineError(VidmarkError):
    """An engine failed: unknown backend, model server down, answer unusable."""

    exit_code = 4
    http_status = 502


class ConfigError(InputError):
    """An option or setting whose value is not allowed."""


class PartialResultError(EngineError):
    """Some of the work failed; ``annotation`` holds what finished, to be kept."""

    def __init__(self, message: str, annotation: object) -> None:
        super().__init__(message)
        self.annotation = annotation
