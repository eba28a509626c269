"""The worker: threads that take queued jobs from the store and run each in a child process.

Progress reports are written to the store (at most about once per percent per stage).
Cancelling a job or stopping the server terminates its process (see
:mod:`vidmark.service.runner`). A job interrupted by a stop goes back to the queue; on the
next start :meth:`Worker.recover` resumes it, or fails it with the reason.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from vidmark.errors import InputError, VidmarkError
from vidmark.media.source import is_url
from vidmark.service.errors import JobNotFound
from vidmark.service.runner import Interrupted, run_job
from vidmark.service.settings import ServiceSettings
from vidmark.service.store import Job, JobStore

_JOB_ID = re.compile(r"[0-9a-f]{16}")


class Worker:
    """Runs queued jobs on ``settings.workers`` threads."""

    def __init__(self, store: JobStore, settings: ServiceSettings) -> None:
        self.store, self.settings = store, settings
        self._wake = threading.Condition()
        self._stopping = threading.Event()
        self._cancelled: set[str] = set()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        self.recover()
        for i in range(self.settings.workers):
            thread = threading.Thread(target=self._loop, name=f"vidmark-worker-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self.notify()
        for thread in self._threads:
            thread.join(timeout)

    def notify(self) -> None:
        with self._wake:
            self._wake.notify_all()

    def cancel(self, job_id: str) -> bool:
        """Cancel a queued or running job; False if it had already ended."""
        self._cancelled.add(job_id)
        return self.store.finish_if_active(job_id, "cancelled", InputError("cancelled on request"))

    def recover(self) -> None:
        """After a restart: requeue jobs that were running, or fail them with the reason."""
        for job in self.store.list(limit=1_000_000, state="running") + self.store.list(limit=1_000_000, state="queued"):
            video = self.store.video_path(job.id)
            if not video.is_file() and not is_url(job.source):
                reason = f"the server restarted and the video {job.source!r} is gone"
                self.store.finish_if_active(job.id, "failed", InputError(reason))
            elif job.state == "running" and job.resumes >= self.settings.max_resumes:
                reason = f"interrupted by {job.resumes + 1} server restarts; not resumed again"
                self.store.finish_if_active(job.id, "failed", VidmarkError(reason))
            elif job.state == "running":
                note = f"resumed from the start after a server restart (attempt {job.resumes + 2})"
                self.store.update(job.id, state="queued", resumes=job.resumes + 1, progress={},
                                  notes=[*job.notes, note])

    def _loop(self) -> None:
        while not self._stopping.is_set():
            job = self.store.claim_next()
            if job is None:
                with self._wake:
                    self._wake.wait(timeout=1.0)
                continue
            self._run(job)

    def _run(self, job: Job) -> None:
        progress = _ProgressWriter(self.store, job.id)
        video = self.store.video_path(job.id)
        fetch = self.settings.fetch_options(job.options.language) if is_url(job.source) else None
        try:
            annotation = run_job(job.source if fetch else video, job.options, progress,
                                 lambda: self._should_stop(job.id), fetch, job.existing_chapters)
        except Interrupted:
            self._cancelled.discard(job.id)
            if self._stopping.is_set():
                self.store.update(job.id, state="queued", progress={})
            return
        except VidmarkError as exc:
            self.store.finish_if_active(job.id, "failed", exc)
            return
        downloaded = {"video_path": annotation.video.path} if fetch else {}
        self.store.update(job.id, progress={k: 1.0 for k in progress.stages}, **downloaded)
        self.store.finish_if_active(job.id, "done", result=annotation)

    def _should_stop(self, job_id: str) -> bool:
        return self._stopping.is_set() or job_id in self._cancelled


class _ProgressWriter:
    """Writes a running job's progress to the store when a stage's percentage changes."""

    def __init__(self, store: JobStore, job_id: str) -> None:
        self.store, self.job_id = store, job_id
        self.stages: dict[str, float] = {}

    def __call__(self, stage: str, fraction: float) -> None:
        fraction = round(max(0.0, min(fraction, 1.0)), 2)
        if self.stages.get(stage) != fraction:
            self.stages[stage] = fraction
            self.store.update(self.job_id, progress=self.stages)


def job_dir(settings: ServiceSettings, job_id: str) -> Path:
    """The folder that holds a job's upload; derived files go in its ``cache`` subfolder."""
    if not _JOB_ID.fullmatch(job_id):
        raise JobNotFound(f"no job {job_id!r}")
    return settings.data_dir / "jobs" / job_id


def cache_dir(settings: ServiceSettings, job_id: str) -> Path:
    """Where a job's thumbnails and embedded copies live, apart from its upload."""
    return job_dir(settings, job_id) / "cache"
