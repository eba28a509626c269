"""Model answers through the cache: a window asked again (a re-run, a batch over copies,
a resumed batch) is answered from the cache instead of the server.

The key is the request body itself (model, frames, prompt, sampling options: everything the
answer depends on) and the backend's name, never the server's address, so any endpoint of
a pool, or a moved server, shares the answers. Only answers that read as chapters are
kept: a nonsense answer is asked again on the next run. ``VIDMARK_CACHE_ANSWERS=0`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from vidmark.cache import Cache, cache_key
from vidmark.errors import FormatError
from vidmark.engines.qwen.parse import parse_chapters

ENV_VAR = "VIDMARK_CACHE_ANSWERS"
M = TypeVar("M", bound=BaseModel)


def cached_answer(backend: str, body: dict[str, Any], kind: type[M], ask: Callable[[], M],
                  keep: Callable[[M], bool] = lambda _: True) -> M:
    """``ask()``'s answer for this body, from the cache when it was asked before; an answer
    that ``keep`` refuses (one that does not parse) is not stored, so it is asked again."""
    if os.environ.get(ENV_VAR, "1") == "0":
        return ask()
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()[:32]
    return Cache().through(cache_key(digest, "answer", {"backend": backend}), kind, ask, digest, keep)


def holds_chapters(text: str) -> bool:
    """Whether a model's answer reads as chapters."""
    try:
        return bool(parse_chapters(text))
    except FormatError:
        return False
