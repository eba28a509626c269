"""The seed's /api/predict, unchanged: latin1 video bytes, a base64 data URL or a path."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.service.conftest import SCENE_SOURCES
from vidmark.errors import ConfigError
from vidmark.service.seed import seed_engine_options


def _chapters(response) -> list[dict]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ["data"] and len(body["data"]) == 1
    answer = json.loads(body["data"][0])
    assert set(answer) == {"chapters", "duration_seconds", "job"}
    return answer["chapters"]


def test_seed_client_call_unchanged(client: TestClient, scenes_clip: Path) -> None:
    # exactly what the seed's client sends: requests.post(url, json={"data": [...]})
    payload = {"data": [scenes_clip.read_bytes().decode("latin1"), "Chapter this video.", 0.1, 0.9, 1024]}
    chapters = _chapters(client.post("/api/predict", json=payload))
    assert len(chapters) == len(SCENE_SOURCES)
    assert chapters[0]["start_time"] == "00:00:00" and chapters[-1]["end_time"] == "00:00:44"
    assert set(chapters[0]) == {"start_time", "end_time", "title", "summary"}
    jobs = client.get("/v1/jobs").json()
    assert len(jobs) == 1 and jobs[0]["state"] == "done" and jobs[0]["uploaded"]


def test_data_url_and_server_path(client: TestClient, scenes_clip: Path) -> None:
    data_url = "data:video/mp4;base64," + base64.b64encode(scenes_clip.read_bytes()).decode()
    from_url = _chapters(client.post("/api/predict", json={"data": [data_url]}))
    from_path = _chapters(client.post("/api/predict", json={"data": [str(scenes_clip), "", 0.7, 0.8, 512]}))
    from_dict = _chapters(client.post("/api/predict", json={"data": [{"path": scenes_clip.name}]}))
    assert from_url == from_path == from_dict


def test_bad_predict_requests_are_json_4xx(client: TestClient, tmp_path: Path) -> None:
    cases = {
        "no data": ({"nodata": []}, 422),
        "empty data": ({"data": []}, 400),
        "number": ({"data": [42]}, 400),
        "bad base64": ({"data": ["data:video/mp4;base64,@@@"]}, 400),
        "not latin1": ({"data": ["\x00视频"]}, 400),
        "path outside roots": ({"data": ["/etc/passwd"]}, 403),
        "not a video": ({"data": ["\x00\x00 certainly not a video \x00" * 50]}, 422),
    }
    for name, (body, status) in cases.items():
        response = client.post("/api/predict", json=body)
        assert response.status_code == status, (name, response.text)
        assert response.json()["error"]["message"], name


def test_seed_knobs_reach_engines_that_take_them() -> None:
    assert seed_engine_options("scenes", ["Chapter it.", 0.1, 0.001, 4096]) == {}
    assert seed_engine_options("openai", ["Chapter it.", 0.1, 0.001, 4096]) == {"temperature": 0.1, "max_tokens": 4096}
    assert seed_engine_options("openai", []) == {}
    with pytest.raises(ConfigError, match="bad option for engine 'openai'"):
        seed_engine_options("openai", ["", 0.1, 0.9, -5])
