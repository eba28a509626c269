"""A small content-addressed cache, so that each signal is computed once per video.

An entry's key is a hash of the video's *content* fingerprint (its size, a hash of
sampled blocks and key stream facts, so renaming or moving the file still hits), the
stage name, the stage's options and vidmark's version. Values are JSON documents (pydantic
dumps), written atomically under ``user_cache_dir("vidmark")`` or ``$VIDMARK_CACHE_DIR``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any

import platformdirs

from vidmark import __version__
from vidmark.errors import VidmarkError
from vidmark.export.files import atomic_write
from vidmark.model import VideoInfo

log = logging.getLogger(__name__)

ENV_VAR = "VIDMARK_CACHE_DIR"
_BLOCKS = 16
_BLOCK_BYTES = 64 * 1024


def cache_root() -> Path:
    """Where the cache lives: ``$VIDMARK_CACHE_DIR``, else the user's cache folder."""
    return Path(os.environ.get(ENV_VAR) or platformdirs.user_cache_dir("vidmark"))


def fingerprint(path: str | os.PathLike[str], video: VideoInfo | None = None) -> str:
    """A hash of the file's content: its size, evenly spaced blocks and stream facts."""
    size = os.path.getsize(path)
    digest = hashlib.sha256(f"size={size}".encode())
    with open(path, "rb") as handle:
        for offset in _block_offsets(size):
            handle.seek(offset)
            digest.update(handle.read(_BLOCK_BYTES))
    if video is not None:
        facts = [video.duration_seconds, video.video.codec, video.video.width, video.video.height,
                 [a.codec for a in video.audio], [s.codec for s in video.subtitles]]
        digest.update(json.dumps(facts).encode())
    return digest.hexdigest()[:32]


def _block_offsets(size: int) -> list[int]:
    if size <= _BLOCKS * _BLOCK_BYTES:
        return list(range(0, size, _BLOCK_BYTES))
    last = size - _BLOCK_BYTES
    return [round(i * last / (_BLOCKS - 1)) for i in range(_BLOCKS)]


def cache_key(video_fingerprint: str, stage: str, options: dict[str, Any]) -> str:
    """The key of one stage's result for one video, options and vidmark version."""
    material = json.dumps([video_fingerprint, stage, options, __version__], sort_keys=True, default=str)
    return f"{stage}-{hashlib.sha256(material.encode()).hexdigest()[:40]}"


class Cache:
    """JSON values stored by key as files; a read or write failure is a miss, not an error."""

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root) if root is not None else cache_root()

    def _path(self, key: str) -> Path:
        return self.root / "entries" / key[-2:] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable cache entry %s: %s", key, exc)
            return None

    def put(self, key: str, value: Any) -> None:
        try:
            atomic_write(self._path(key), json.dumps(value, ensure_ascii=False))
        except VidmarkError as exc:
            log.warning("could not write to the cache: %s", exc)
