"""A real `vidmark serve` process: killed with jobs in flight and restarted, the seed's
client over HTTP, and uploads that stream to disk instead of memory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest

from tests.service.conftest import SCENE_SECONDS, SCENE_SOURCES, wait_for_job
from vidmark.timecode import parse_timecode
from tests.service.test_safety import _multipart


def _post_video(server, video: Path, **fields: str) -> str:
    response = server.http.post("/v1/jobs", files={"file": (video.name, video.read_bytes())},
                                data={"engine": "scenes", **fields})
    assert response.status_code == 201, response.text
    return response.json()["id"]


@pytest.mark.slow
def test_restart_keeps_results_and_resumes_or_fails_jobs_in_flight(serve, scenes_clip: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = serve(data_dir=data)
    finished = _post_video(first, scenes_clip)
    assert wait_for_job(first.get, finished)["state"] == "done"
    chapters = json.loads(first.get(f"/v1/jobs/{finished}/result?format=json-full").text)["chapters"]
    chapters[0]["title"] = "Kept across restarts"
    edited = [{k: c[k] for k in ("start_seconds", "end_seconds", "title", "summary")} for c in chapters]
    assert first.http.put(f"/v1/jobs/{finished}/chapters", json={"chapters": edited}).status_code == 200

    slow = _post_video(first, scenes_clip, engine_options='{"every_seconds": 0.04, "threshold": 0.5}', cache="false")
    queued = _post_video(first, scenes_clip)
    orphan = _post_video(first, scenes_clip)
    wait_for_job(first.get, slow, states=("running",))
    first.kill()
    shutil.rmtree(data / "jobs" / orphan)  # its upload is lost while the server is down

    second = serve(data_dir=data)
    jobs = {job["id"]: job for job in second.get("/v1/jobs").json()}
    assert set(jobs) == {finished, slow, queued, orphan}
    assert second.get(f"/v1/jobs/{finished}/result?format=json-full").json()["chapters"][0]["title"] == "Kept across restarts"
    resumed = wait_for_job(second.get, slow)
    assert resumed["state"] == "done" and resumed["resumes"] == 1
    assert any("resumed from the start after a server restart" in note for note in resumed["notes"])
    assert wait_for_job(second.get, queued)["state"] == "done"
    lost = second.get(f"/v1/jobs/{orphan}").json()
    assert lost["state"] == "failed" and "the server restarted and the video 'scenes.mp4' is gone" in lost["error"]


@pytest.mark.slow
def test_seed_client_against_real_server(serve, scenes_clip: Path) -> None:
    server = serve()
    # the seed's own client: requests.post(API_URL, json={"data": [bytes.decode("latin1"), ...]})
    response = httpx.post(server.url + "/api/predict", timeout=120, json={
        "data": [scenes_clip.read_bytes().decode("latin1"), "Describe the chapters.", 0.1, 0.001, 4096]})
    assert response.status_code == 200, response.text
    chapters = json.loads(response.json()["data"][0])["chapters"]
    assert len(chapters) == len(SCENE_SOURCES)
    assert abs(parse_timecode(chapters[1]["start_time"]) - SCENE_SECONDS) <= 1


def _peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc status")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux /proc to read peak memory")
def test_large_upload_streams_to_disk(serve, tmp_path: Path) -> None:
    server = serve()
    size = 160 * 1024 * 1024
    before = _peak_rss_kib(server.process.pid)
    content_type, body = _multipart(size, chunk=1024 * 1024)
    response = server.http.post("/v1/jobs", headers={"Content-Type": content_type}, content=body)
    assert response.status_code == 201, response.text
    job = response.json()
    assert (tmp_path / "data" / "jobs" / job["id"] / "big.mp4").stat().st_size == size
    grown_mib = (_peak_rss_kib(server.process.pid) - before) / 1024
    assert grown_mib < 64, f"server memory grew by {grown_mib:.0f} MiB for a {size >> 20} MiB upload"
    assert wait_for_job(server.get, job["id"])["state"] == "failed"  # zeros are not a video
