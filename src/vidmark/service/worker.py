"""The worker: threads that take queued jobs from the store and run the pipeline on them.

Progress reports are written to the store (at most about once per percent per stage), and
they are also where a job learns it was cancelled or that the server is stopping: the
callback raises, which unwinds the engine. A job interrupted by a stop goes back to the
queue; on the next start :meth:`Worker.recover` resumes it, or fails it with the reason.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

from vidmark.errors import InputError, VidmarkError
from vidmark.pipeline import annotate
from vidmark.service.errors import JobNotFound
from vidmark.service.settings import ServiceSettings
from vidmark.service.store import Job, JobStore

log = logging.getLogger(__name__)
_JOB_ID = re.compile(r"[0-9a-f]{16}")


class _Interrupted(Exception):
    """Raised from a progress callback to stop a running job."""


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
            if not video.is_file():
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
        progress = _ProgressWriter(self, job.id)
        try:
            annotation = annotate(self.store.video_path(job.id), job.options, progress=progress)
        except _Interrupted:
            if self._stopping.is_set():
                self.store.update(job.id, state="queued", progress={})
            return
        except VidmarkError as exc:
            self.store.finish_if_active(job.id, "failed", exc)
            return
        except Exception as exc:  # noqa: BLE001 - a bug in an engine must fail the job, not the worker
            log.exception("job %s failed with an internal error", job.id)
            self.store.finish_if_active(job.id, "failed", VidmarkError(f"internal error: {type(exc).__name__}: {exc}"))
            return
        self.store.update(job.id, progress={**progress.stages, **{k: 1.0 for k in progress.stages}})
        self.store.finish_if_active(job.id, "done", result=annotation)

    def check(self, job_id: str) -> None:
        if self._stopping.is_set() or job_id in self._cancelled:
            raise _Interrupted(job_id)


class _ProgressWriter:
    """The progress callback handed to the pipeline for one job."""

    def __init__(self, worker: Worker, job_id: str) -> None:
        self.worker, self.job_id = worker, job_id
        self.stages: dict[str, float] = {}

    def __call__(self, stage: str, fraction: float) -> None:
        self.worker.check(self.job_id)
        fraction = round(max(0.0, min(fraction, 1.0)), 2)
        if self.stages.get(stage) != fraction:
            self.stages[stage] = fraction
            self.worker.store.update(self.job_id, progress=self.stages)


def job_dir(settings: ServiceSettings, job_id: str) -> Path:
    """The folder that holds a job's upload; derived files go in its ``cache`` subfolder."""
    if not _JOB_ID.fullmatch(job_id):
        raise JobNotFound(f"no job {job_id!r}")
    return settings.data_dir / "jobs" / job_id


def cache_dir(settings: ServiceSettings, job_id: str) -> Path:
    """Where a job's thumbnails and embedded copies live, apart from its upload."""
    return job_dir(settings, job_id) / "cache"
