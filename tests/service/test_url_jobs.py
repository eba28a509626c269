"""URL jobs: the service downloads through yt-dlp from a loopback server when the allow-list
names it, refuses loopback, private and link-local addresses otherwise (also after a
redirect), and applies the upload limit to downloads."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.media.loopback_http import Site, serving
from tests.service.conftest import SCENE_SOURCES, make_settings, wait_for_job
from vidmark.service import create_app


def _client(tmp_path: Path, **settings: object) -> TestClient:
    return TestClient(create_app(make_settings(tmp_path / "data", **settings)))


def test_a_url_job_on_an_allowed_host_downloads_and_chapters(tmp_path: Path, scenes_clip: Path) -> None:
    site = Site(files={"/talk.mp4": scenes_clip})
    with serving(site), _client(tmp_path, fetch_allow=["127.0.0.1"]) as client:
        response = client.post("/v1/jobs", json={"url": f"{site.url}/talk.mp4", "engine": "scenes"})
        assert response.status_code == 201, response.text
        job = wait_for_job(client.get, response.json()["id"])
        assert job["state"] == "done", job
        full = client.get(f"/v1/jobs/{job['id']}/result?format=json-full").json()
        video = client.get(f"/v1/jobs/{job['id']}/video")
    assert len(full["chapters"]) == len(SCENE_SOURCES) and full["source"]["url"] == f"{site.url}/talk.mp4"
    assert job["source"] == f"{site.url}/talk.mp4" and video.content == scenes_clip.read_bytes()


def test_loopback_and_private_links_are_refused_at_once(tmp_path: Path, scenes_clip: Path) -> None:
    site = Site(files={"/talk.mp4": scenes_clip})
    with serving(site), _client(tmp_path) as client:
        for url in (f"{site.url}/talk.mp4", "http://localhost:1/x.mp4", "http://169.254.169.254/latest/meta-data/",
                    "http://[::1]:1/x.mp4", "http://10.0.0.1/x.mp4"):
            response = client.post("/v1/jobs", json={"url": url, "engine": "scenes"})
            assert response.status_code == 403, (url, response.text)
            assert "refusing to fetch" in response.json()["error"]["message"]
        seed = client.post("/api/predict", json={"data": [f"{site.url}/talk.mp4"]})
        assert seed.status_code == 403 and client.get("/v1/jobs").json() == []
        assert client.post("/v1/jobs", json={"url": "file:///etc/passwd"}).status_code == 400
    assert not site.requests


def test_a_redirect_to_a_forbidden_address_fails_the_job(tmp_path: Path, scenes_clip: Path) -> None:
    inner = Site(files={"/secret.mp4": scenes_clip})
    with serving(inner, host="127.0.0.2"):
        outer = Site(redirects={"/talk.mp4": f"{inner.url}/secret.mp4"})
        with serving(outer), _client(tmp_path, fetch_allow=["127.0.0.1/32"]) as client:
            job_id = client.post("/v1/jobs", json={"url": f"{outer.url}/talk.mp4", "engine": "scenes"}).json()["id"]
            job = wait_for_job(client.get, job_id)
    assert job["state"] == "failed" and job["error_status"] == 403 and "127.0.0.2" in job["error"]
    assert outer.requests and not inner.requests


def test_the_upload_limit_applies_to_downloads(tmp_path: Path, scenes_clip: Path) -> None:
    site = Site(files={"/big.mp4": scenes_clip})
    limit_mb = scenes_clip.stat().st_size / 3 / 1024 / 1024
    with serving(site), _client(tmp_path, fetch_allow=["127.0.0.1"], max_upload_mb=limit_mb) as client:
        job_id = client.post("/v1/jobs", json={"url": f"{site.url}/big.mp4", "engine": "scenes"}).json()["id"]
        job = wait_for_job(client.get, job_id)
    assert job["state"] == "failed" and "size limit" in job["error"]
