"""A pool of model endpoints: several servers of the same model behind one engine.

``base_url`` may list several addresses separated by commas. Each request goes to the
endpoint with the fewest requests in flight (then the fewest sent); one that fails with a
retryable error (refused connection, timeout, HTTP 5xx/429) sits out a cool-down and is
tried again after it. Pools are shared by every engine of the process with the same list,
so the windows of one video and the videos of a batch worker spread over the same servers.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from vidmark.engines.qwen.transport import RetryableError

T = TypeVar("T")
COOLDOWN_SECONDS = 30.0


class EndpointState(BaseModel):
    """One endpoint's load and health."""

    url: str
    in_flight: int = 0
    sent: int = 0
    failures: int = 0
    resting_until: float = 0.0


class EndpointPool:
    """Picks the least loaded healthy endpoint for each call and rests failing ones."""

    def __init__(self, urls: list[str], cooldown_seconds: float = COOLDOWN_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.endpoints = [EndpointState(url=url) for url in urls]
        self.cooldown_seconds = cooldown_seconds
        self._clock = clock
        self._lock = threading.Lock()

    def call(self, send: Callable[[str], T]) -> T:
        """``send(url)`` on the chosen endpoint; a RetryableError rests it and is raised
        (the caller's retry then goes to another endpoint)."""
        endpoint = self._acquire()
        try:
            result = send(endpoint.url)
        except RetryableError:
            self._release(endpoint, failed=True)
            raise
        except BaseException:
            self._release(endpoint, failed=False)
            raise
        self._release(endpoint, failed=False)
        return result

    def _acquire(self) -> EndpointState:
        with self._lock:
            now = self._clock()
            healthy = [e for e in self.endpoints if e.resting_until <= now]
            if healthy:
                chosen = min(healthy, key=lambda e: (e.in_flight, e.sent))
            else:  # every endpoint rests: try the one that is back first
                chosen = min(self.endpoints, key=lambda e: e.resting_until)
            chosen.in_flight += 1
            chosen.sent += 1
            return chosen

    def _release(self, endpoint: EndpointState, failed: bool) -> None:
        with self._lock:
            endpoint.in_flight -= 1
            if failed:
                endpoint.failures += 1
                endpoint.resting_until = self._clock() + self.cooldown_seconds
            else:
                endpoint.resting_until = 0.0


_POOLS: dict[tuple[str, ...], EndpointPool] = {}
_CLONES: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def endpoint_urls(base_url: str | None) -> list[str]:
    """The addresses listed in a ``base_url`` option (comma-separated)."""
    return [url.strip() for url in (base_url or "").split(",") if url.strip()]


def shared_pool(urls: list[str]) -> EndpointPool:
    """The process's pool for this list of endpoints."""
    with _LOCK:
        return _POOLS.setdefault(tuple(urls), EndpointPool(urls))


def pooled_send(engine: Any, body: dict[str, Any]) -> Any:
    """``engine.send(body)``, through the pool when the engine's base_url lists several
    endpoints: each is served by a copy of the engine pointed at that one address."""
    urls = endpoint_urls(getattr(engine.options, "base_url", None))
    if len(urls) < 2:
        return engine.send(body)
    return shared_pool(urls).call(lambda url: _copy_for(engine, url).send(body))


def _copy_for(engine: Any, url: str) -> Any:
    with _LOCK:
        copies = _CLONES.setdefault(engine, {})
        if url not in copies:
            copies[url] = type(engine)(engine.options.model_copy(update={"base_url": url, "log_requests": False}))
        return copies[url]
