"""Per-job choice of the video's own chapters (``existing_chapters``: use, hint, ignore), as
``vidmark annotate --existing-chapters`` makes it, in JSON and multipart job requests."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.chaptered_clip import EMBEDDED, SCENE_STARTS, make_chaptered_clip
from tests.service.conftest import make_settings, wait_for_job
from vidmark.pipeline import AnnotateOptions
from vidmark.service import create_app
from vidmark.service.store import _SCHEMA, JobStore

NO_SNAP = {"snap_tolerance_seconds": 0}


@pytest.fixture(scope="module")
def chaptered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_chaptered_clip(tmp_path_factory.mktemp("service-existing"))


@pytest.fixture
def client(tmp_path: Path, chaptered: Path) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(tmp_path / "data", media_roots=[chaptered.parent]))) as test_client:
        yield test_client


def _chapters(client: TestClient, job_id: str) -> tuple[dict, list[tuple[int, str]], str]:
    job = wait_for_job(client.get, job_id)
    assert job["state"] == "done", job
    full = client.get(f"/v1/jobs/{job_id}/result?format=json-full").json()
    return job, [(round(c["start_seconds"]), c["title"]) for c in full["chapters"]], full["run"]["engine"]


@pytest.mark.parametrize(("choice", "engine"), [("use", "existing"), ("hint", "scenes"), ("ignore", "scenes")])
def test_a_path_job_uses_hints_or_ignores_the_files_chapters(client: TestClient, chaptered: Path, choice: str,
                                                             engine: str) -> None:
    response = client.post("/v1/jobs", json={"path": chaptered.name, "engine": "scenes", "refine": NO_SNAP,
                                             "existing_chapters": choice})
    assert response.status_code == 201, response.text
    assert response.json()["existing_chapters"] == choice
    job, chapters, ran = _chapters(client, response.json()["id"])
    starts = [start for start, _ in chapters]
    expected = {"use": EMBEDDED, "hint": [start for start, _ in EMBEDDED], "ignore": SCENE_STARTS}[choice]
    assert (chapters if choice == "use" else starts) == expected
    assert ran == engine and job["existing_chapters"] == choice


def test_the_default_is_hint_and_an_upload_takes_the_field(client: TestClient, chaptered: Path) -> None:
    default = client.post("/v1/jobs", json={"path": chaptered.name, "refine": NO_SNAP}).json()
    assert default["existing_chapters"] == "hint"
    with chaptered.open("rb") as video:
        upload = client.post("/v1/jobs", files={"file": ("talk.mp4", video, "video/mp4")},
                             data={"existing_chapters": "use", "engine": "scenes"})
    assert upload.status_code == 201, upload.text
    _, chapters, ran = _chapters(client, upload.json()["id"])
    assert chapters == EMBEDDED and ran == "existing"
    _, hinted, _ = _chapters(client, default["id"])
    assert [start for start, _ in hinted] == [start for start, _ in EMBEDDED]


def test_an_unknown_choice_is_one_line_naming_the_allowed_ones(client: TestClient, chaptered: Path) -> None:
    response = client.post("/v1/jobs", json={"path": chaptered.name, "existing_chapters": "replace"})
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert "existing_chapters" in message and "'use', 'hint' or 'ignore'" in message and "\n" not in message
    assert client.get("/v1/jobs").json() == []


def test_a_job_database_from_before_the_choice_gains_it_as_hint(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite"
    old_schema = _SCHEMA.replace(",\n    existing_chapters TEXT NOT NULL DEFAULT 'hint'", "")
    assert "existing_chapters" not in old_schema
    with sqlite3.connect(path) as db:
        db.execute(old_schema)
        db.execute("INSERT INTO jobs (id, state, created_at, updated_at, source, video_path, uploaded, options)"
                   " VALUES ('0123456789abcdef', 'done', 1, 1, 'talk.mp4', '/x/talk.mp4', 1, ?)",
                   (AnnotateOptions().model_dump_json(),))
    store = JobStore(path)
    try:
        assert store.get("0123456789abcdef").existing_chapters == "hint"
        created = store.create("new.mp4", Path("/x/new.mp4"), True, AnnotateOptions(), existing_chapters="use")
        assert store.get(created.id).existing_chapters == "use"
    finally:
        store.close()
