"""Durable jobs: every job, its progress and its result live in one SQLite file.

A restarted server reads the same file, so finished results survive restarts, and jobs
that were queued or running when the server stopped are found and resumed (or failed
with the reason). All access goes through one connection guarded by a lock, which is
plenty for a job table written a few times a second.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from vidmark.db import connect
from vidmark.errors import VidmarkError
from vidmark.service.errors import JobConflict, JobNotFound
from vidmark.model import Annotation
from vidmark.pipeline import AnnotateOptions
from vidmark.sources import Existing

State = Literal["queued", "running", "done", "failed", "cancelled"]
ACTIVE_STATES: tuple[str, ...] = ("queued", "running")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    source TEXT NOT NULL,
    video_path TEXT NOT NULL,
    uploaded INTEGER NOT NULL,
    options TEXT NOT NULL,
    progress TEXT NOT NULL DEFAULT '{}',
    error TEXT,
    error_status INTEGER,
    notes TEXT NOT NULL DEFAULT '[]',
    resumes INTEGER NOT NULL DEFAULT 0,
    result TEXT,
    edited_at REAL,
    existing_chapters TEXT NOT NULL DEFAULT 'hint'
)
"""
_ADDED_COLUMNS = {"existing_chapters": "TEXT NOT NULL DEFAULT 'hint'"}  # for databases made before them


def new_job_id() -> str:
    return uuid.uuid4().hex[:16]


class Job(BaseModel):
    """One job as the API shows it (the result is fetched separately)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    state: State
    created_at: float
    updated_at: float
    source: str = Field(description="the uploaded file's name, or the server-side path")
    uploaded: bool
    options: AnnotateOptions
    progress: dict[str, float] = Field(default_factory=dict, description="stage -> fraction done")
    error: str | None = None
    error_status: int | None = Field(default=None, description="the HTTP status the failure maps to")
    notes: list[str] = Field(default_factory=list)
    resumes: int = 0
    edited_at: float | None = None
    has_result: bool = False
    existing_chapters: Existing = Field(default="hint", description="what was done with the video's own chapters")


class JobStore:
    """The jobs table, with the few state changes the service needs."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = connect(path, shared_between_threads=True)
        self._db.row_factory = sqlite3.Row
        self._db.execute(_SCHEMA)
        present = {row["name"] for row in self._db.execute("PRAGMA table_info(jobs)")}
        for name, kind in _ADDED_COLUMNS.items():
            if name not in present:
                self._db.execute(f"ALTER TABLE jobs ADD COLUMN {name} {kind}")

    def _run(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def create(self, source: str, video_path: Path, uploaded: bool, options: AnnotateOptions,
               job_id: str | None = None, existing_chapters: Existing = "hint") -> Job:
        job_id = job_id or new_job_id()
        now = time.time()
        self._run(
            "INSERT INTO jobs (id, state, created_at, updated_at, source, video_path, uploaded, options,"
            " existing_chapters) VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?)",
            (job_id, now, now, source, str(video_path), int(uploaded), options.model_dump_json(), existing_chapters),
        )
        return self.get(job_id)

    def get(self, job_id: str) -> Job:
        return _job(self._row(job_id))

    def _row(self, job_id: str) -> sqlite3.Row:
        rows = self._run("SELECT * FROM jobs WHERE id = ?", (job_id,))
        if not rows:
            raise JobNotFound(f"no job {job_id!r}")
        return rows[0]

    def list(self, limit: int = 100, state: str | None = None) -> list[Job]:
        where, params = ("WHERE state = ?", (state,)) if state else ("", ())
        rows = self._run(f"SELECT * FROM jobs {where} ORDER BY created_at DESC LIMIT ?", (*params, limit))
        return [_job(row) for row in rows]

    def video_path(self, job_id: str) -> Path:
        return Path(self._row(job_id)["video_path"])

    def result(self, job_id: str) -> Annotation:
        row = self._row(job_id)
        if row["result"] is None:
            raise JobConflict(f"job {job_id} has no result yet (state: {row['state']})")
        return Annotation.model_validate_json(row["result"])

    def update(self, job_id: str, **fields: Any) -> None:
        """Set columns of one job; JSON-typed values are encoded here."""
        encoded = {k: json.dumps(v) if k in ("progress", "notes") else v for k, v in fields.items()}
        encoded["updated_at"] = time.time()
        columns = ", ".join(f"{name} = ?" for name in encoded)
        self._run(f"UPDATE jobs SET {columns} WHERE id = ?", (*encoded.values(), job_id))

    def save_result(self, job_id: str, annotation: Annotation, edited: bool = False) -> None:
        extra = {"edited_at": time.time()} if edited else {}
        self.update(job_id, result=annotation.model_dump_json(), **extra)

    def claim_next(self) -> Job | None:
        """Mark the oldest queued job running and return it (None when none waits)."""
        with self._lock:
            row = self._db.execute(
                "UPDATE jobs SET state = 'running', updated_at = ? WHERE id = ("
                "SELECT id FROM jobs WHERE state = 'queued' ORDER BY created_at LIMIT 1) RETURNING id",
                (time.time(),),
            ).fetchone()
        return self.get(row["id"]) if row else None

    def finish_if_active(self, job_id: str, state: State, error: VidmarkError | None = None,
                         result: Annotation | None = None) -> bool:
        """Move a queued or running job to a final state; False if it had already ended."""
        with self._lock:
            cursor = self._db.execute(
                "UPDATE jobs SET state = ?, error = ?, error_status = ?, result = COALESCE(?, result),"
                " updated_at = ? WHERE id = ? AND state IN ('queued', 'running')",
                (state, str(error) if error else None, error.http_status if error else None,
                 result.model_dump_json() if result else None, time.time(), job_id),
            )
        return cursor.rowcount == 1

    def delete(self, job_id: str) -> None:
        self._run("DELETE FROM jobs WHERE id = ?", (job_id,))

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _job(row: sqlite3.Row) -> Job:
    return Job(
        id=row["id"], state=row["state"], created_at=row["created_at"], updated_at=row["updated_at"],
        source=row["source"], uploaded=bool(row["uploaded"]),
        options=AnnotateOptions.model_validate_json(row["options"]),
        progress=json.loads(row["progress"]), error=row["error"], error_status=row["error_status"], notes=json.loads(row["notes"]),
        resumes=row["resumes"], edited_at=row["edited_at"], has_result=row["result"] is not None,
        existing_chapters=row["existing_chapters"],
    )
