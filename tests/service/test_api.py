"""The /v1 job API, in-process: jobs from uploads and paths, results in every format,
chapter edits, cancel and delete, the seekable video and the thumbnail strip."""

from __future__ import annotations

import io
import json
import multiprocessing
import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from tests.service.conftest import SAMPLE, SCENE_SECONDS, SCENE_SOURCES, wait_for_job
from vidmark.export import format_names, get_format
from vidmark.media import probe
from vidmark.service.api import attachment


def _upload(client: TestClient, video: Path, **fields: str) -> dict:
    response = client.post("/v1/jobs", files={"file": (video.name, video.read_bytes(), "video/mp4")},
                           data={"engine": "scenes", **fields})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def done_job(client: TestClient, scenes_clip: Path) -> dict:
    job = _upload(client, scenes_clip)
    return wait_for_job(client.get, job["id"])


def test_upload_runs_to_done_with_progress_and_chapters(client: TestClient, done_job: dict) -> None:
    assert done_job["state"] == "done", done_job
    assert done_job["source"] == "scenes.mp4" and done_job["uploaded"]
    assert done_job["progress"] and all(f == 1.0 for f in done_job["progress"].values())
    full = client.get(f"/v1/jobs/{done_job['id']}/result?format=json-full").json()
    starts = [c["start_seconds"] for c in full["chapters"]]
    assert len(starts) == len(SCENE_SOURCES)
    for found, expected in zip(starts, range(0, len(SCENE_SOURCES) * SCENE_SECONDS, SCENE_SECONDS)):
        assert abs(found - expected) <= 1.0  # the scenes engine samples once a second
    assert Path(full["video"]["path"]).name == "scenes.mp4"


def test_result_in_every_format(client: TestClient, done_job: dict) -> None:
    for name in format_names():
        response = client.get(f"/v1/jobs/{done_job['id']}/result", params={"format": name, "download": "true"})
        assert response.status_code == 200, (name, response.text)
        assert response.text.strip(), name
        ext = get_format(name).extensions[0] if get_format(name).extensions else ".txt"
        assert response.headers["content-disposition"] == f'attachment; filename="scenes{ext}"'
    bad = client.get(f"/v1/jobs/{done_job['id']}/result", params={"format": "nope"})
    assert bad.status_code == 400 and "unknown format 'nope'" in bad.json()["error"]["message"]


def test_job_from_server_path_and_listing(client: TestClient, scenes_clip: Path) -> None:
    response = client.post("/v1/jobs", json={"path": scenes_clip.name, "engine": "scenes",
                                             "engine_options": {"min_chapter_seconds": 30}})
    assert response.status_code == 201, response.text
    job = wait_for_job(client.get, response.json()["id"])
    assert job["state"] == "done" and not job["uploaded"]
    assert len(json.loads(client.get(f"/v1/jobs/{job['id']}/result?format=json").text)) == 1
    listed = client.get("/v1/jobs").json()
    assert [j["id"] for j in listed] == [job["id"]]
    assert client.get("/v1/jobs", params={"state": "failed"}).json() == []
    assert client.get("/v1/media").json() == [scenes_clip.name]


def test_put_and_patch_chapters(client: TestClient, done_job: dict) -> None:
    url = f"/v1/jobs/{done_job['id']}"
    chapters = client.get(f"{url}/result?format=json-full").json()["chapters"]
    edited = [{k: c[k] for k in ("start_seconds", "end_seconds", "title", "summary")} for c in chapters]
    edited[0]["title"], edited[0]["end_seconds"], edited[1]["start_seconds"] = "Opening", 9.5, 9.5
    assert client.put(f"{url}/chapters", json={"chapters": edited}).status_code == 200
    saved = client.get(f"{url}/result?format=json-full").json()["chapters"]
    assert (saved[0]["title"], saved[0]["end_seconds"], saved[1]["start_seconds"]) == ("Opening", 9.5, 9.5)
    assert client.get(url).json()["edited_at"] is not None

    patched = client.patch(f"{url}/chapters/1", json={"start_seconds": 12.0, "summary": "Bars."}).json()["chapters"]
    assert patched[0]["end_seconds"] == 12.0 and patched[1]["start_seconds"] == 12.0
    assert patched[1]["summary"] == "Bars."
    vtt = client.get(f"{url}/result?format=webvtt").text if "webvtt" in format_names() else ""
    assert not vtt or "Opening" in vtt


@pytest.mark.parametrize("change, message", [
    (lambda cs: cs.__setitem__(1, {**cs[1], "start_seconds": 5.0}), "before the previous one ends"),
    (lambda cs: cs.__setitem__(-1, {**cs[-1], "end_seconds": 999.0}), "after the video"),
    (lambda cs: cs.clear(), "at least one chapter"),
])
def test_bad_chapter_edits_are_400(client: TestClient, done_job: dict, change, message: str) -> None:
    url = f"/v1/jobs/{done_job['id']}"
    chapters = [{k: c[k] for k in ("start_seconds", "end_seconds", "title", "summary")}
                for c in client.get(f"{url}/result?format=json-full").json()["chapters"]]
    change(chapters)
    response = client.put(f"{url}/chapters", json={"chapters": chapters})
    assert response.status_code == 400 and message in response.json()["error"]["message"]
    assert client.patch(f"{url}/chapters/9", json={"title": "x"}).status_code == 400
    assert client.patch(f"{url}/chapters/0", json={"colour": "red"}).status_code == 422


def test_cancel_stops_a_running_job_then_delete(client: TestClient, scenes_clip: Path) -> None:
    # sampling every frame makes the job slow enough to be caught running
    job = _upload(client, scenes_clip, engine_options='{"every_seconds": 0.04}', cache="false")
    wait_for_job(client.get, job["id"], states=("running",))
    assert client.delete(f"/v1/jobs/{job['id']}").json() == {"id": job["id"], "state": "cancelled"}
    cancelled = client.get(f"/v1/jobs/{job['id']}").json()
    assert cancelled["state"] == "cancelled" and cancelled["error"] == "cancelled on request"
    deadline = time.monotonic() + 30
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert multiprocessing.active_children() == [], "the cancelled job's process is still running"
    assert wait_for_job(client.get, _upload(client, scenes_clip)["id"])["state"] == "done"
    assert client.get(f"/v1/jobs/{job['id']}").json()["state"] == "cancelled"
    assert client.put(f"/v1/jobs/{job['id']}/chapters", json={"chapters": []}).status_code == 409
    assert client.delete(f"/v1/jobs/{job['id']}").json()["state"] == "deleted"
    assert client.get(f"/v1/jobs/{job['id']}").status_code == 404


def test_video_supports_range_requests(client: TestClient, done_job: dict, scenes_clip: Path) -> None:
    url = f"/v1/jobs/{done_job['id']}/video"
    whole = client.get(url)
    assert whole.status_code == 200 and whole.content == scenes_clip.read_bytes()
    assert whole.headers["accept-ranges"] == "bytes" and whole.headers["content-type"] == "video/mp4"
    part = client.get(url, headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206 and part.content == scenes_clip.read_bytes()[100:1100]
    assert part.headers["content-range"] == f"bytes 100-1099/{scenes_clip.stat().st_size}"
    assert client.get(url, headers={"Range": "bytes=999999999-"}).status_code == 416


def test_thumbnail_strip(client: TestClient, done_job: dict) -> None:
    response = client.get(f"/v1/jobs/{done_job['id']}/thumbnails", params={"count": 8, "height": 30})
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    strip = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert strip.size == (8 * 40, 30)  # 320x240 tiles scaled to 40x30
    # tile 7 is the blue scene, tile 0 the colourful testsrc2: they differ
    blue = strip.getpixel((7 * 40 + 20, 15))
    assert blue[2] > 150 and blue[0] < 100, blue
    assert client.get(f"/v1/jobs/{done_job['id']}/thumbnails", params={"count": 0}).status_code == 422


def test_engines_formats_info_and_docs(client: TestClient) -> None:
    engines = {e["name"]: e for e in client.get("/v1/engines").json()}
    assert engines["scenes"]["available"] and "every_seconds" in engines["scenes"]["options"]["properties"]
    assert [f["name"] for f in client.get("/v1/formats").json()] == format_names()
    assert client.get("/v1/info").json()["default_engine"]
    assert client.get("/docs").status_code == 200
    document = client.get("/openapi.json").json()
    assert "/v1/jobs" in document["paths"]
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(document)))
    assert {"JobRequest", "RefineOptions"} <= refs <= set(document["components"]["schemas"])
    assert "timeline" in client.get("/").text


def test_embedded_video_carries_the_edited_chapters(client: TestClient, done_job: dict, tmp_path: Path) -> None:
    url = f"/v1/jobs/{done_job['id']}"
    assert client.patch(f"{url}/chapters/2", json={"title": "Colour bars"}).status_code == 200
    response = client.get(f"{url}/embedded")
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="scenes.chapters.mp4"'
    saved = tmp_path / "embedded.mp4"
    saved.write_bytes(response.content)
    chapters = client.get(f"{url}/result?format=json-full").json()["chapters"]
    embedded = probe(saved).chapters
    assert [c.title for c in embedded] == [c["title"] for c in chapters]
    assert [round(c.start_seconds, 2) for c in embedded] == [round(c["start_seconds"], 2) for c in chapters]


def test_ask_needs_an_engine_that_can_answer(client: TestClient, done_job: dict) -> None:
    response = client.post(f"/v1/jobs/{done_job['id']}/ask", json={"question": "What is shown?"})
    assert response.status_code == 400
    assert "asking needs the offline engine or a Qwen3-VL engine" in response.json()["error"]["message"]
    engines = {e["name"]: e for e in client.get("/v1/engines").json()}
    assert engines["offline"]["can_ask"] and not engines["scenes"]["can_ask"]


@pytest.mark.long  # about 90 s on 2 cores: the offline engine, then its signals for the answer
@pytest.mark.skipif(not SAMPLE.is_file(), reason="needs the sample (make sample)")
def test_ask_offline_quotes_the_video(client: TestClient) -> None:
    job = _upload(client, SAMPLE, engine="offline")
    assert wait_for_job(client.get, job["id"], timeout=300)["state"] == "done"
    response = client.post(f"/v1/jobs/{job['id']}/ask", json={"question": "How is money that goes out written?"})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["extractive"] and "negative" in answer["answer"]
    assert 40 <= answer["moments"][0]["start_seconds"] <= 70  # the "Income and expenses" slide, 0:47-1:03


def test_any_file_name_downloads(client: TestClient, scenes_clip: Path) -> None:
    response = client.post("/v1/jobs", files={"file": ("讲座 一.mp4", scenes_clip.read_bytes(), "video/mp4")},
                           data={"engine": "scenes"})
    job = wait_for_job(client.get, response.json()["id"])
    assert job["source"] == "讲座 一.mp4"
    result = client.get(f"/v1/jobs/{job['id']}/result", params={"format": "json", "download": "true"})
    assert result.headers["content-disposition"] == (
        "attachment; filename=\"__ _.chapters.json\"; filename*=utf-8''%E8%AE%B2%E5%BA%A7%20%E4%B8%80.chapters.json")
    embedded = client.get(f"/v1/jobs/{job['id']}/embedded")
    assert embedded.status_code == 200 and "filename*=utf-8''" in embedded.headers["content-disposition"]
    assert attachment('a "b".json') == "attachment; filename=\"a _b_.json\"; filename*=utf-8''a%20%22b%22.json"
