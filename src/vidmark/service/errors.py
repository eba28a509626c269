"""Errors only the HTTP service raises; each maps to its HTTP status like every VidmarkError."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vidmark.errors import InputError, VidmarkError


class JobNotFound(InputError):
    http_status = 404


class JobConflict(InputError):
    """The job is not in a state that allows the request (e.g. editing an unfinished job)."""

    http_status = 409


class Unauthorized(VidmarkError):
    http_status = 401


class Forbidden(InputError):
    """A server-side path outside the media roots, or paths asked for when none are allowed."""

    http_status = 403


class PayloadTooLarge(InputError):
    http_status = 413


class JobFailed(VidmarkError):
    """A job ended without a result; answers with the status its own failure mapped to."""

    def __init__(self, message: str, http_status: int) -> None:
        super().__init__(message)
        self.http_status = http_status


def describe_validation(errors: Sequence[Any]) -> str:
    """pydantic's or FastAPI's validation errors as one line: ``where: what; ...``."""
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
