"""The pipeline's stages through the cache: probe, the engine's raw answer, the annotation.

Kept apart so that each is reused on its own: changing only the refinement (or the export
format, which no key contains) finds the engine's raw answer and recomputes nothing
upstream; a renamed copy of a video finds its probe, signals and answers.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field

from vidmark.cache import Cache, cache_key, fingerprint
from vidmark.engines.base import EngineResult
from vidmark.media import probe
from vidmark.model import Annotation, Boundary, VideoInfo

log = logging.getLogger(__name__)


class RawAnswer(BaseModel):
    """The engine's answer before refinement, with the signal boundaries refinement snaps to."""

    model_config = ConfigDict(extra="forbid")

    result: EngineResult
    anchors: list[Boundary] = Field(default_factory=list)
    failures: list[str] = Field(default_factory=list)


class StageKeys(BaseModel):
    """One video's cache keys for the annotation and for the engine's raw answer."""

    content: str
    annotation: str
    engine: str

    @classmethod
    def of(cls, path: str | os.PathLike[str], video: VideoInfo, options: BaseModel) -> StageKeys:
        """The annotation's key has every option; the raw answer's lacks the refinement's."""
        content = fingerprint(path, video)
        everything = options.model_dump(mode="json", exclude={"cache"})
        upstream = options.model_dump(mode="json", exclude={"cache", "refine"})
        return cls(content=content, annotation=cache_key(content, "annotation", everything),
                   engine=cache_key(content, "engine", upstream))


def cached_probe(path: str | os.PathLike[str], cache: Cache | None) -> VideoInfo:
    """The probe of this content (moved to the file's current path)."""
    try:
        content = fingerprint(path) if cache is not None else None
    except OSError:
        content = None  # probe says what is wrong with the file, in vidmark's words
    if cache is None or content is None:
        return probe(path)
    info = cache.through(cache_key(content, "probe", {}), VideoInfo, lambda: probe(path), content)
    return info.model_copy(update={"path": str(path)})


def cached_raw(cache: Cache | None, keys: StageKeys | None, compute: Callable[[], RawAnswer]) -> RawAnswer:
    """The engine's raw answer; one with failed windows is not kept (they are retried next time)."""
    if cache is None or keys is None:
        return compute()
    stored = cache.get(keys.engine)
    if stored is not None:
        try:
            raw = RawAnswer.model_validate(stored)
            return raw.model_copy(update={"result": _noted(raw.result, "engine answer from cache")})
        except ValueError:
            log.warning("ignoring a cache entry that no longer validates: %s", keys.engine)
    raw = compute()
    if not raw.failures:
        cache.put(keys.engine, raw.model_dump(mode="json"), keys.content)
    return raw


def cached_annotation(cache: Cache, keys: StageKeys, video: VideoInfo) -> Annotation | None:
    """The stored annotation for this content, moved to the file's current path; None on a miss."""
    stored = cache.get(keys.annotation)
    try:
        annotation = Annotation.model_validate(stored) if stored is not None else None
    except ValueError:
        log.warning("ignoring a cache entry that no longer validates: %s", keys.annotation)
        return None
    if annotation is None:
        return None
    notes = [*annotation.run.notes, "from cache"]
    return annotation.model_copy(update={"video": video, "run": annotation.run.model_copy(update={"notes": notes})})


def _noted(result: EngineResult, note: str) -> EngineResult:
    return result.model_copy(update={"notes": [*result.notes, note]})
