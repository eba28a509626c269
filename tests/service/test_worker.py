"""The worker's recovery after a restart, and the job store under it (in-process)."""

from __future__ import annotations

from pathlib import Path

from tests.service.conftest import make_settings
from vidmark.pipeline import AnnotateOptions
from vidmark.service.store import JobStore
from vidmark.service.worker import Worker


def _store_with_jobs(tmp_path: Path, video: Path) -> tuple[JobStore, dict[str, str]]:
    store = JobStore(tmp_path / "jobs.sqlite3")
    ids = {}
    for name, state, resumes in [("fresh", "running", 0), ("tired", "running", 2), ("waiting", "queued", 0),
                                 ("finished", "done", 0)]:
        job = store.create(name, video, False, AnnotateOptions(engine="scenes"))
        store.update(job.id, state=state, resumes=resumes, progress={"shots": 0.5})
        ids[name] = job.id
    gone = store.create("gone.mp4", tmp_path / "gone.mp4", True, AnnotateOptions(engine="scenes"))
    store.update(gone.id, state="running")
    ids["gone"] = gone.id
    return store, ids


def test_recover_resumes_fails_and_leaves_alone(tmp_path: Path, scenes_clip: Path) -> None:
    store, ids = _store_with_jobs(tmp_path, scenes_clip)
    Worker(store, make_settings(tmp_path, max_resumes=2)).recover()
    fresh = store.get(ids["fresh"])
    assert (fresh.state, fresh.resumes, fresh.progress) == ("queued", 1, {})
    assert fresh.notes == ["resumed from the start after a server restart (attempt 2)"]
    tired = store.get(ids["tired"])
    assert tired.state == "failed" and tired.error == "interrupted by 3 server restarts; not resumed again"
    gone = store.get(ids["gone"])
    assert gone.state == "failed" and gone.error == "the server restarted and the video 'gone.mp4' is gone"
    assert gone.error_status == 400
    assert store.get(ids["waiting"]).state == "queued"
    assert store.get(ids["finished"]).state == "done"


def test_claim_takes_the_oldest_queued_job_once(tmp_path: Path, scenes_clip: Path) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    first = store.create("a", scenes_clip, False, AnnotateOptions())
    second = store.create("b", scenes_clip, False, AnnotateOptions())
    assert store.claim_next().id == first.id
    assert store.claim_next().id == second.id
    assert store.claim_next() is None
    assert store.finish_if_active(first.id, "cancelled") and not store.finish_if_active(first.id, "done")
    assert store.get(first.id).state == "cancelled"
