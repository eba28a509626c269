"""Archive search over HTTP and in the web UI: the API's hits, the indexed video for the
player, and a real browser whose click on a hit plays the video from that time."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.tasks.conftest import narrated  # noqa: F401 - the generated tutorial
from vidmark.archive import Archive

pytestmark = pytest.mark.slow
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def indexed(narrated, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811
    """An archive holding the generated tutorial, as VIDMARK_ARCHIVE for the service."""
    video = tmp_path / "tutorial.mp4"
    shutil.copy(narrated[0], video)
    archive = Archive(tmp_path / "archive.sqlite3")
    archive.add(video)
    archive.close()
    monkeypatch.setenv("VIDMARK_ARCHIVE", str(tmp_path / "archive.sqlite3"))
    return video.resolve()


def test_search_api_lists_hits_and_serves_only_indexed_videos(client, indexed: Path) -> None:
    response = client.get("/v1/search", params={"q": "staging area", "limit": 5})
    assert response.status_code == 200, response.text
    hits = response.json()
    assert hits and hits[0]["path"] == str(indexed) and set(hits[0]) == {"path", "start_seconds", "end_seconds", "source", "snippet", "score"}
    assert len(hits) <= 5
    video = client.get("/v1/search/video", params={"path": str(indexed)}, headers={"Range": "bytes=0-99"})
    assert video.status_code == 206 and len(video.content) == 100
    refused = client.get("/v1/search/video", params={"path": "/etc/passwd"})
    assert refused.status_code == 400 and "not an indexed video" in refused.json()["error"]["message"]
    assert client.get("/v1/search", params={"q": "?!"}).status_code == 400


@pytest.fixture
def browser() -> Iterator[Any]:
    api = pytest.importorskip("playwright.sync_api", reason="the playwright package is in the test extra")
    if not CHROMIUM.is_file():
        pytest.skip("Debian's chromium is not installed (scripts/bootstrap.sh test installs it)")
    with api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def test_a_hit_opens_the_player_at_its_time(serve, browser, indexed: Path, tmp_path: Path) -> None:
    server = serve(data_dir=tmp_path / "data")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url + "/")
    page.click("text=search")
    page.fill("#q", "staging area")
    page.press("#q", "Enter")
    page.wait_for_selector("#hits li a.hit")
    first = server.get("/v1/search?q=staging%20area").json()[0]
    page.click("#hits li a.hit >> nth=0")
    page.wait_for_function("([t]) => { const p = document.querySelector('#player');"
                           " return !p.hidden && p.readyState >= 1 && Math.abs(p.currentTime - t) < 1.0; }",
                           arg=[first["start_seconds"]], timeout=20_000)
    assert "tutorial.mp4" in page.inner_text("#now-playing") and not errors
