"""Audio files in the service, in-process: an uploaded podcast MP3 becomes a job with
chapters from its sound, its audio is served for the player, it comes back with its
chapters embedded as ID3 frames, and the media roots list audio files too."""

from __future__ import annotations

import io
from pathlib import Path

import mutagen.id3
import pytest
from fastapi.testclient import TestClient

from tests.podcast import Podcast, encode, make_podcast
from tests.service.conftest import make_settings, wait_for_job
from vidmark.service import create_app


@pytest.fixture(scope="module")
def podcast_mp3(tmp_path_factory: pytest.TempPathFactory) -> tuple[Podcast, Path]:
    folder = tmp_path_factory.mktemp("podcast")
    podcast = make_podcast(folder)
    return podcast, encode(podcast, ".mp3", folder)


@pytest.fixture
def audio_client(tmp_path: Path, podcast_mp3) -> TestClient:
    app = create_app(make_settings(tmp_path / "data", media_roots=[podcast_mp3[1].parent]))
    with TestClient(app) as client:
        yield client


def test_uploaded_mp3_gets_chapters_from_its_sound(audio_client, podcast_mp3):
    podcast, mp3 = podcast_mp3
    response = audio_client.post("/v1/jobs", files={"file": ("show.mp3", mp3.read_bytes(), "audio/mpeg")},
                                 data={"engine": "offline", "engine_options": '{"signals": "sound"}'})
    assert response.status_code == 201, response.text
    job = wait_for_job(audio_client.get, response.json()["id"], timeout=180)
    assert job["state"] == "done", job
    full = audio_client.get(f"/v1/jobs/{job['id']}/result?format=json-full").json()
    assert full["video"]["video"] is None and full["video"]["audio"][0]["codec"].startswith("mp3")
    starts = [c["start_seconds"] for c in full["chapters"]][1:]
    assert starts == pytest.approx(podcast.boundaries, abs=1.0)

    played = audio_client.get(f"/v1/jobs/{job['id']}/video", headers={"Range": "bytes=0-99"})
    assert played.status_code == 206 and played.headers["content-type"] == "audio/mpeg"

    embedded = audio_client.get(f"/v1/jobs/{job['id']}/embedded")
    assert embedded.status_code == 200 and 'filename="show.chapters.mp3"' in embedded.headers["content-disposition"]
    tags = mutagen.id3.ID3(io.BytesIO(embedded.content))
    assert sorted(f.start_time for f in tags.getall("CHAP")) == [round(c["start_seconds"] * 1000) for c in full["chapters"]]

    strip = audio_client.get(f"/v1/jobs/{job['id']}/thumbnails")
    assert strip.status_code >= 400 and "no video stream" in strip.json()["error"]["message"]


def test_media_roots_list_audio_files(audio_client, podcast_mp3):
    assert "podcast.mp3" in audio_client.get("/v1/media").json()
