"""Calling a model server reliably: retries with backoff, and errors sorted by what to do.

Backends translate their client's failures into three kinds: :class:`RetryableError`
(429, 5xx, timeouts, a refused connection: wait and try again), :class:`ContextTooLongError`
(the request is too big: the engine retries with fewer frames) and
:class:`StructuredOutputRefused` (the server does not take a JSON schema: the engine
retries with the prompt alone). Anything else is an EngineError that ends the window.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from vidmark.errors import EngineError

log = logging.getLogger(__name__)
T = TypeVar("T")
_CONTEXT_WORDS = ("context length", "context window", "maximum context", "too long", "max_model_len",
                  "too many tokens", "exceeds the maximum", "decoder prompt", "prompt is too long")


class RetryableError(EngineError):
    """A failure that may pass: rate limit, server error, timeout, connection refused."""

    def __init__(self, message: str, retry_after_seconds: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class ContextTooLongError(EngineError):
    """The server says the request is longer than the model's context."""


class StructuredOutputRefused(EngineError):
    """The server rejects the JSON-schema response format."""


def mentions_context_length(message: str) -> bool:
    lowered = message.lower()
    return any(word in lowered for word in _CONTEXT_WORDS)


def with_retries(call: Callable[[], T], retries: int, backoff_seconds: float,
                 sleep: Callable[[float], None] = time.sleep) -> T:
    """``call()``, tried again up to ``retries`` times on RetryableError, waiting
    ``backoff_seconds`` x 2^attempt (or the server's Retry-After) with jitter between."""
    for attempt in range(retries + 1):
        try:
            return call()
        except RetryableError as exc:
            if attempt == retries:
                raise EngineError(f"{exc} (gave up after {retries + 1} attempts)") from None
            wait = exc.retry_after_seconds or backoff_seconds * 2**attempt * (1 + random.random() / 4)
            log.warning("%s; retrying in %.1f s (attempt %d of %d)", exc, wait, attempt + 2, retries + 1)
            sleep(wait)
    raise AssertionError("unreachable")


def not_json(base_url: str, exc: ValueError) -> RetryableError:
    """A body that is not JSON (cut short, or a proxy's HTML page): worth another try."""
    return RetryableError(f"{base_url} answered with a body that is not JSON ({str(exc).splitlines()[0][:120]})")


def status_error(status: int, message: str, base_url: str, model: str) -> EngineError:
    """The error for an HTTP status a server answered with, and its message."""
    detail = " ".join(message.split())[:300]
    if status == 429 or status >= 500 or status == 408:
        return RetryableError(f"{base_url} answered HTTP {status}: {detail}")
    if mentions_context_length(detail):
        return ContextTooLongError(f"request too long for model {model!r} at {base_url}: {detail}")
    if status == 404:
        return EngineError(f"{base_url} answered HTTP 404 for model {model!r} (wrong --model or --base-url?): {detail}")
    if status in (401, 403):
        return EngineError(f"{base_url} refused the API key (HTTP {status}; set --api-key or VIDMARK_API_KEY): {detail}")
    return EngineError(f"{base_url} answered HTTP {status} for model {model!r}: {detail}")
