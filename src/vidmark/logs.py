"""The request log: every prompt sent to a model and every answer, in a local SQLite file.

Pictures and clips are stored once, by SHA-256, in their own table; the logged request
body holds ``vidmark-blob:<sha256>`` in their place, so a log of a thousand requests that
share frames stays small and any request can be shown or sent again exactly
(``vidmark logs``). The schema grows by ordered migrations tracked in ``user_version``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import BaseModel, ConfigDict

from vidmark.db import connect
from vidmark.errors import InputError

BLOB_PREFIX = "vidmark-blob:"
_MIN_BLOB_CHARS = 512
_MIGRATIONS = (
    """CREATE TABLE requests (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL,
        backend TEXT NOT NULL,
        base_url TEXT,
        model TEXT,
        video TEXT,
        window_start_seconds REAL,
        window_end_seconds REAL,
        body TEXT NOT NULL,
        response TEXT,
        error TEXT,
        elapsed_seconds REAL,
        usage TEXT
    )""",
    "CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL)",
    "CREATE INDEX requests_created ON requests (created_at)",
)


def default_path() -> Path:
    """``$VIDMARK_LOG_DB``, else requests.sqlite in the user's data folder."""
    env = os.environ.get("VIDMARK_LOG_DB")
    return Path(env) if env else Path(platformdirs.user_data_dir("vidmark")) / "requests.sqlite"


class LoggedRequest(BaseModel):
    """One logged exchange; ``body`` still holds blob references."""

    model_config = ConfigDict(extra="forbid")

    id: int
    created_at: str
    backend: str
    base_url: str | None
    model: str | None
    video: str | None
    window_start_seconds: float | None
    window_end_seconds: float | None
    body: dict[str, Any]
    response: str | None
    error: str | None
    elapsed_seconds: float | None
    usage: dict[str, Any] | None


class RequestLog:
    """A thread-safe handle on the SQLite log."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = connect(self.path, shared_between_threads=True)
        self._migrate()

    def _migrate(self) -> None:
        """Apply the migrations this file lacks, in order; one process at a time."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                version = self._db.execute("PRAGMA user_version").fetchone()[0]
                for number, statement in enumerate(_MIGRATIONS[version:], start=version + 1):
                    self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version = {number}")
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def record(self, *, backend: str, body: dict[str, Any], base_url: str | None = None, model: str | None = None,
               video: str | None = None, window: tuple[float, float] | None = None, response: str | None = None,
               error: str | None = None, elapsed_seconds: float | None = None,
               usage: dict[str, Any] | None = None) -> int:
        """Store one exchange; returns its id."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            stored = self._store_blobs(body)
            cursor = self._db.execute(
                "INSERT INTO requests (created_at, backend, base_url, model, video, window_start_seconds,"
                " window_end_seconds, body, response, error, elapsed_seconds, usage) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (datetime.now(timezone.utc).isoformat(timespec="seconds"), backend, base_url, model, video,
                 window[0] if window else None, window[1] if window else None, json.dumps(stored, ensure_ascii=False),
                 response, error, elapsed_seconds, json.dumps(usage) if usage else None),
            )
            self._db.execute("COMMIT")
            return int(cursor.lastrowid)

    def _store_blobs(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: self._store_blobs(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._store_blobs(v) for v in value]
        if isinstance(value, str) and len(value) >= _MIN_BLOB_CHARS and _is_blob(value):
            digest = hashlib.sha256(value.encode()).hexdigest()
            self._db.execute("INSERT OR IGNORE INTO blobs (sha256, data) VALUES (?, ?)", (digest, value.encode()))
            return BLOB_PREFIX + digest
        return value

    def entries(self, limit: int = 20) -> list[LoggedRequest]:
        """The latest ``limit`` exchanges, newest first."""
        rows = self._db.execute("SELECT * FROM requests ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [self._entry(row) for row in rows]

    def get(self, request_id: int) -> LoggedRequest:
        row = self._db.execute("SELECT * FROM requests WHERE id = ?", (request_id,)).fetchone()
        if row is None:
            raise InputError(f"no logged request with id {request_id} in {self.path}")
        return self._entry(row)

    def inline(self, body: Any) -> Any:
        """The body with every blob reference replaced by the stored data again."""
        if isinstance(body, dict):
            return {k: self.inline(v) for k, v in body.items()}
        if isinstance(body, list):
            return [self.inline(v) for v in body]
        if isinstance(body, str) and body.startswith(BLOB_PREFIX):
            row = self._db.execute("SELECT data FROM blobs WHERE sha256 = ?", (body[len(BLOB_PREFIX):],)).fetchone()
            if row is None:
                raise InputError(f"the log lacks the stored data of {body}")
            return row[0].decode()
        return body

    def _entry(self, row: tuple) -> LoggedRequest:
        names = [d[0] for d in self._db.execute("SELECT * FROM requests LIMIT 0").description]
        data = dict(zip(names, row))
        data["body"] = json.loads(data["body"])
        data["usage"] = json.loads(data["usage"]) if data["usage"] else None
        return LoggedRequest(**data)

    def close(self) -> None:
        self._db.close()


def _is_blob(value: str) -> bool:
    """A data URL, or bare base64 (Ollama's images)."""
    if value.startswith("data:"):
        return True
    try:
        base64.b64decode(value[:_MIN_BLOB_CHARS], validate=True)
    except ValueError:
        return False
    return True
