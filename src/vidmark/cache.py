"""A content-addressed cache, so that no stage is computed twice for the same video.

An entry's key is a hash of the video's *content* fingerprint (its size, a hash of
sampled blocks and key stream facts, so renaming or moving the file still hits; the
whole file with ``VIDMARK_CACHE_FULL_HASH=1``), the stage name, the stage's options and
vidmark's version. Values are JSON documents written atomically as files under
``user_cache_dir("vidmark")`` or ``$VIDMARK_CACHE_DIR``; a SQLite index (WAL, so several
processes share it) records each entry's stage, video, size, times and checksum. A value
file is named by its checksum and never rewritten, so a reader never sees a file that
another process is replacing; a file whose bytes no longer match is deleted and missed.

Beside the entries, the cache keeps the videos that URL and stream inputs were turned into
(:mod:`vidmark.media.source`): one folder per download under ``downloads/`` (complete once
its ``source.json`` is written; that file's time is the download's last use) and one file
per spooled stream under ``streams/``. They are not in the index; :meth:`Cache.input_stats`
counts them and :meth:`Cache.prune_inputs` removes them by age, but never one still being
written (no ``source.json`` yet, or a ``.part`` file, changed in the last
``IN_PROGRESS_SECONDS``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
from pydantic import BaseModel, Field

from vidmark import __version__
from vidmark.db import connect
from vidmark.errors import TimecodeError, VidmarkError
from vidmark.export.files import atomic_write
from vidmark.model import VideoInfo
from vidmark.timecode import parse_duration_option

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)

ENV_VAR = "VIDMARK_CACHE_DIR"
FULL_HASH_VAR = "VIDMARK_CACHE_FULL_HASH"
_BLOCKS = 16
_BLOCK_BYTES = 64 * 1024
INPUT_FOLDERS = ("downloads", "streams")
DOWNLOAD_DONE = "source.json"
IN_PROGRESS_SECONDS = 3600.0
_SCHEMA = """CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY, stage TEXT NOT NULL, video TEXT NOT NULL, size INTEGER NOT NULL,
    created REAL NOT NULL, used REAL NOT NULL, checksum TEXT NOT NULL)"""


def cache_root() -> Path:
    """Where the cache lives: ``$VIDMARK_CACHE_DIR``, else the user's cache folder."""
    return Path(os.environ.get(ENV_VAR) or platformdirs.user_cache_dir("vidmark"))


def fingerprint(path: str | os.PathLike[str], video: VideoInfo | None = None, full: bool | None = None) -> str:
    """A hash of the file's content: its size, evenly spaced blocks (or every byte when
    ``full``, default ``$VIDMARK_CACHE_FULL_HASH``) and stream facts."""
    full = os.environ.get(FULL_HASH_VAR, "") not in ("", "0") if full is None else full
    size = os.path.getsize(path)
    digest = hashlib.sha256(f"size={size} full={full}".encode())
    with open(path, "rb") as handle:
        if full:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        for offset in [] if full else _block_offsets(size):
            handle.seek(offset)
            digest.update(handle.read(_BLOCK_BYTES))
    if video is not None:
        picture = video.video
        facts = [video.duration_seconds, *((picture.codec, picture.width, picture.height) if picture else ("audio",)),
                 [a.codec for a in video.audio], [s.codec for s in video.subtitles]]
        digest.update(json.dumps(facts).encode())
    return digest.hexdigest()[:32]


def _block_offsets(size: int) -> list[int]:
    if size <= _BLOCKS * _BLOCK_BYTES:
        return list(range(0, size, _BLOCK_BYTES))
    last = size - _BLOCK_BYTES
    return [round(i * last / (_BLOCKS - 1)) for i in range(_BLOCKS)]


def cache_key(video_fingerprint: str, stage: str, options: dict[str, Any]) -> str:
    """The key of one stage's result for one video, options and vidmark's code."""
    material = json.dumps([video_fingerprint, stage, options, code_version()], sort_keys=True, default=str)
    return f"{stage}-{hashlib.sha256(material.encode()).hexdigest()[:40]}"


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """vidmark's version plus a hash of its source, so an edited checkout never reuses
    results computed by other code (a release changes both)."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".txt", ".json"} and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def parse_age(text: str) -> float:
    """An age such as ``30d``, ``12h`` or ``90m`` in seconds (days on top of the timecode units)."""
    value = str(text).strip().lower()
    try:
        if value.endswith("d") and value[:-1].replace(".", "", 1).isdigit():
            return parse_duration_option(f"{float(value[:-1]) * 24}h")
        return parse_duration_option(value)
    except TimecodeError:
        raise TimecodeError(f"not an age: {text!r} (expected a number of days, hours or minutes: 30d, 12h, 90m)") from None


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


class StageStats(BaseModel):
    """What the cache holds for one stage."""

    stage: str
    entries: int
    bytes: int
    last_used: float


class StoredInput(BaseModel):
    """One downloaded or spooled video in the cache (a download folder, or a stream's file)."""

    path: Path
    bytes: int
    last_used: float = Field(description="a complete one's last use; else its last change")
    complete: bool


def stored_inputs(folder: Path) -> list[StoredInput]:
    """The downloads (``downloads/``) or spooled streams (``streams/``) kept in ``folder``."""
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return []
    return [item for item in map(_stored_input, children) if item is not None]


def _stored_input(path: Path) -> StoredInput | None:
    try:
        if path.is_dir():
            files = [Path(top) / name for top, _, names in os.walk(path) for name in names]
            stats = [f.stat() for f in files]
            done = path / DOWNLOAD_DONE
            changed = max([path.stat().st_mtime, *(st.st_mtime for st in stats)])
            return StoredInput(path=path, bytes=sum(st.st_size for st in stats), complete=done.is_file(),
                               last_used=done.stat().st_mtime if done.is_file() else changed)
        st = path.stat()
        return StoredInput(path=path, bytes=st.st_size, last_used=st.st_mtime, complete=path.suffix != ".part")
    except OSError:
        return None  # removed while we looked


class Cache:
    """JSON values by key; a damaged entry or a read/write failure is a miss, not an error."""

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root) if root is not None else cache_root()
        self.index_path = self.root / "index.sqlite"

    def _path(self, key: str, checksum: str) -> Path:
        return self.root / "entries" / key[-2:] / f"{key}.{checksum[:16]}.json"

    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.root.mkdir(parents=True, exist_ok=True)
        connection = connect(self.index_path)
        try:
            connection.execute(_SCHEMA)
            yield connection
        finally:
            connection.close()

    def get(self, key: str) -> Any | None:
        """The stored value, or None when absent, unreadable or not matching its checksum."""
        try:
            with self._db() as db:
                return self._lookup(db, key)
        except (OSError, sqlite3.Error) as exc:
            log.warning("cache unavailable, computing again (%s): %s", self.root, exc)
            return None

    def _lookup(self, db: sqlite3.Connection, key: str) -> Any | None:
        seen = None
        while (row := db.execute("SELECT checksum FROM entries WHERE key = ?", (key,)).fetchone()) and row[0] != seen:
            seen, path = row[0], self._path(key, row[0])
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue  # replaced by another process since the lookup: look again
            try:
                if hashlib.sha256(data).hexdigest() != seen:
                    raise ValueError("checksum mismatch")
                value = json.loads(data)
            except ValueError as exc:
                log.warning("dropping damaged cache entry %s: %s", key, exc)
                path.unlink(missing_ok=True)
                break
            db.execute("UPDATE entries SET used = ? WHERE key = ?", (time.time(), key))
            return value
        if seen is not None:
            db.execute("DELETE FROM entries WHERE key = ? AND checksum = ?", (key, seen))
        return None

    def put(self, key: str, value: Any, video: str = "") -> None:
        """Store ``value`` under ``key`` (``video``: the content fingerprint, for the index)."""
        data = json.dumps(value, ensure_ascii=False).encode("utf-8")
        checksum = hashlib.sha256(data).hexdigest()
        path = self._path(key, checksum)
        try:
            atomic_write(path, data)
            old = self._index(key, checksum, video, len(data))
        except (VidmarkError, OSError, sqlite3.Error) as exc:
            log.warning("could not write to the cache: %s", exc)
            if not isinstance(exc, VidmarkError):
                _discard(path)  # written but not indexed: nothing would find or prune it
            return
        if old is not None and old != checksum:
            _discard(self._path(key, old))

    def _index(self, key: str, checksum: str, video: str, size: int) -> str | None:
        """Point ``key`` at ``checksum``; the checksum it pointed at before, if any."""
        now = time.time()
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            old = db.execute("SELECT checksum FROM entries WHERE key = ?", (key,)).fetchone()
            db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (key, key.rpartition("-")[0] or key, video, size, now, now, checksum))
            db.execute("COMMIT")
        return old[0] if old else None

    def through(self, key: str, kind: type[M], compute: Callable[[], M], video: str = "",
                keep: Callable[[M], bool] = lambda _: True) -> M:
        """The ``kind`` stored under ``key``, or ``compute()``'s, stored there for next time
        unless ``keep`` refuses it (then it is computed again next time)."""
        stored = self.get(key)
        if stored is not None:
            try:
                value = kind.model_validate(stored)
                if keep(value):
                    return value
            except ValueError:
                log.warning("ignoring a cache entry that no longer validates: %s", key)
        value = compute()
        if keep(value):
            self.put(key, value.model_dump(mode="json"), video)
        return value

    def stats(self) -> list[StageStats]:
        """Entries and bytes per stage."""
        with self._db() as db:
            rows = db.execute("SELECT stage, COUNT(*), SUM(size), MAX(used) FROM entries GROUP BY stage ORDER BY stage")
            return [StageStats(stage=s, entries=n, bytes=b or 0, last_used=u or 0.0) for s, n, b, u in rows]

    def prune(self, older_than_seconds: float) -> int:
        """Remove the entries not used for ``older_than_seconds``; how many went."""
        return self._remove("WHERE used < ?", (time.time() - older_than_seconds,))

    def input_stats(self) -> list[StageStats]:
        """The downloaded and spooled videos (``downloads``, ``streams``): how many, bytes, last use."""
        stats = []
        for name in INPUT_FOLDERS:
            items = stored_inputs(self.root / name)
            if items:
                stats.append(StageStats(stage=name, entries=len(items), bytes=sum(i.bytes for i in items),
                                        last_used=max(i.last_used for i in items)))
        return stats

    def prune_inputs(self, older_than_seconds: float) -> int:
        """Remove the downloads and streams not used for ``older_than_seconds``; how many went.
        One still being written is kept whatever the age asked for."""
        now = time.time()
        gone = 0
        for name in INPUT_FOLDERS:
            for item in stored_inputs(self.root / name):
                writing = not item.complete and now - item.last_used < IN_PROGRESS_SECONDS
                if writing or item.last_used >= now - older_than_seconds:
                    continue
                if item.path.is_dir():
                    shutil.rmtree(item.path, ignore_errors=True)
                else:
                    _discard(item.path)
                gone += 1
        return gone

    def clear(self) -> int:
        """Remove every entry; how many went."""
        return self._remove("", ())

    def _remove(self, where: str, args: tuple[Any, ...]) -> int:
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            rows = db.execute(f"SELECT key, checksum FROM entries {where}", args).fetchall()  # noqa: S608 - fixed clauses
            db.execute(f"DELETE FROM entries {where}", args)  # noqa: S608
            db.execute("COMMIT")
        for key, checksum in rows:
            self._path(key, checksum).unlink(missing_ok=True)
        return len(rows)
