"""The web UI in a real browser: Playwright drives Debian's Chromium, headless, against a
real `vidmark serve`. Upload the sample, wait for chapters, seek, drag a boundary, edit a
title, split and merge, export WebVTT and compare it with the API's. Paste a link to a
loopback HTTP server (allowed with --allow-fetch) and wait for its chapters; a refused
address and a failed download show the API's one-line message."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.media.loopback_http import Site, serving
from tests.service.conftest import SAMPLE, SCENE_SOURCES
from vidmark.export import format_names
from vidmark.media import probe

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is in the test extra")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXPORT_FORMAT = "webvtt" if "webvtt" in format_names() else "json"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's chromium is not installed (scripts/bootstrap.sh test installs it)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def eventually(check: Callable[[], Any], timeout: float = 20.0) -> Any:
    """The first truthy result of ``check``, polled until ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            assert result, f"condition not met in {timeout} s"
            return result
        time.sleep(0.1)


def test_timeline_editor_end_to_end(serve, browser, sample_video: Path, tmp_path: Path) -> None:
    server = serve()
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url + "/")

    page.set_input_files("#file", str(sample_video))
    page.select_option("#engine", "scenes")
    page.click("#start")
    page.wait_for_selector(".block:nth-child(2)", timeout=120_000)
    job_id = server.get("/v1/jobs").json()[0]["id"]

    def chapters() -> list[dict]:
        return server.get(f"/v1/jobs/{job_id}/result?format=json-full").json()["chapters"]

    before = chapters()
    assert page.locator(".block").count() == len(before) >= 2

    # click a chapter: the player seeks to its start
    page.click(".block:nth-child(2)")
    page.wait_for_function("([t]) => Math.abs(document.querySelector('#player').currentTime - t) < 0.05",
                           arg=[before[1]["start_seconds"]])

    # drag the first boundary 80 px to the right: both neighbours move, and it is saved
    box = page.locator(".handle").first.bounding_box()
    width = page.locator("#blocks").bounding_box()["width"]
    duration = before[-1]["end_seconds"]
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] - 5, steps=4)
    page.mouse.move(box["x"] + box["width"] / 2 + 80, box["y"] + box["height"] - 5, steps=4)
    page.mouse.up()
    expected = before[0]["end_seconds"] + 80 * duration / width

    def dragged() -> list[dict] | None:
        now = chapters()
        return now if abs(now[0]["end_seconds"] - expected) < 3 * duration / width else None

    moved = eventually(dragged)
    assert moved[1]["start_seconds"] == moved[0]["end_seconds"]

    # edit a title in place
    title = page.locator("#chapters li").first.locator("input.title")
    title.fill("Welcome and overview")
    title.press("Tab")
    eventually(lambda: chapters()[0]["title"] == "Welcome and overview")
    assert page.locator(".block").first.inner_text() == "Welcome and overview"

    # split the first chapter, then merge it back
    page.locator("#chapters li").first.locator("button.split").click()
    eventually(lambda: len(chapters()) == len(before) + 1)
    page.locator("#chapters li").first.locator("button.merge").click()
    eventually(lambda: len(chapters()) == len(before))
    assert chapters()[0]["end_seconds"] == moved[0]["end_seconds"]

    # export: the browser's download equals the API's answer
    with page.expect_download() as download:
        page.click(f"#exports a.export:text-is('{EXPORT_FORMAT}')")
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert saved == server.get(f"/v1/jobs/{job_id}/result?format={EXPORT_FORMAT}").text
    assert "Welcome and overview" in saved

    # click on the thumbnail strip: seek to that point
    strip = page.locator("#strip").bounding_box()
    page.mouse.click(strip["x"] + strip["width"] * 0.75, strip["y"] + strip["height"] / 2)
    page.wait_for_function("([t]) => Math.abs(document.querySelector('#player').currentTime - t) < 1",
                           arg=[duration * 0.75])

    # download with chapters embedded: the file's own chapters are the edited ones
    with page.expect_download() as embedded:
        page.click("#embedded")
    assert embedded.value.suggested_filename == f"{sample_video.stem}.chapters.mp4"
    inside = probe(embedded.value.path()).chapters
    assert [c.title for c in inside] == [c["title"] for c in chapters()]
    assert inside[0].title == "Welcome and overview"
    assert page.locator("#ask").is_disabled()
    page.screenshot(path=str(tmp_path / "webui.png"), full_page=True)
    assert errors == []


def test_a_pasted_link_is_downloaded_and_chaptered(serve, browser, scenes_clip: Path) -> None:
    site = Site(files={"/talks/scenes.mp4": scenes_clip})
    with serving(site):
        server = serve("--allow-fetch", "127.0.0.1")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(server.url + "/")
        page.wait_for_function("document.querySelectorAll('#engine option').length > 0")

        url = f"{site.url}/talks/scenes.mp4"
        page.fill("#url", url)
        page.select_option("#existing", "ignore")
        page.click("#start")
        page.wait_for_selector(f".block:nth-child({len(SCENE_SOURCES)})", timeout=120_000)
        job = server.get("/v1/jobs").json()[0]
        full = server.get(f"/v1/jobs/{job['id']}/result?format=json-full").json()
        assert job["source"] == url and job["existing_chapters"] == "ignore" and job["state"] == "done"
        assert page.locator(".block").count() == len(full["chapters"]) == len(SCENE_SOURCES)
        assert page.inner_text("#job-title") == url and full["source"]["url"] == url
        assert site.fetched("/talks/scenes.mp4")
        # the downloaded video plays in the page once the job is done
        page.wait_for_function("document.querySelector('#player').readyState >= 1", timeout=30_000)
        assert abs(page.evaluate("document.querySelector('#player').duration") - full["video"]["duration_seconds"]) < 0.5

        # a private address is refused before any job is made: the API's message, one line
        jobs_before = len(server.get("/v1/jobs").json())
        page.fill("#url", "http://10.0.0.1/talk.mp4")
        page.click("#start")
        page.wait_for_function("document.querySelector('#form-error').textContent.length > 0")
        refused = page.inner_text("#form-error")
        assert refused.startswith("refusing to fetch from 10.0.0.1") and "\n" not in refused
        assert len(server.get("/v1/jobs").json()) == jobs_before

        # a link that cannot be downloaded fails its job, and the job's error is shown
        page.fill("#url", f"{site.url}/talks/missing.mp4")
        page.click("#start")
        page.wait_for_function("document.querySelector('#job-error').textContent.length > 0", timeout=120_000)
        failed = server.get("/v1/jobs").json()[0]
        assert failed["state"] == "failed" and failed["source"].endswith("/missing.mp4")
        assert page.inner_text("#job-error") == failed["error"] and "\n" not in failed["error"]
        assert failed["error"].startswith(f"cannot download {site.url}/talks/missing.mp4") and "404" in failed["error"]
        assert page.inner_text("#form-error") == "" and errors == []


def test_token_is_asked_for_and_kept(serve, browser) -> None:
    token = "browser-token-1234"
    server = serve("--token", token, token=token)
    page = browser.new_page()
    page.goto(server.url + "/")
    page.wait_for_selector("#token-box:not([hidden])")
    page.wait_for_function("document.querySelector('#form-error').textContent.includes('bearer token')")
    page.fill("#token", token)
    with page.expect_navigation():
        page.press("#token", "Enter")
    page.wait_for_function("document.querySelectorAll('#engine option').length > 0")
    assert page.inner_text("#form-error") == ""
    assert page.evaluate("localStorage.getItem('vidmark-token')") == token


@pytest.mark.long  # the offline engine over the sample, then its signals for the answer: about 90 s
@pytest.mark.skipif(not SAMPLE.is_file(), reason="needs the sample (make sample)")
def test_chat_answers_with_times_that_seek(serve, browser) -> None:
    server = serve("--media-root", str(SAMPLE.parent))
    job = server.http.post("/v1/jobs", json={"path": SAMPLE.name, "engine": "offline"}).json()
    page = browser.new_page()
    page.goto(server.url + "/")
    page.click(f"#jobs li[data-id='{job['id']}']")
    page.wait_for_selector(".block", timeout=300_000)
    page.fill("#question", "How is money that goes out written?")
    page.click("#ask")
    first = page.locator("#answers .moments a").first
    first.wait_for(timeout=300_000)
    first.click()
    answer = server.http.post(f"/v1/jobs/{job['id']}/ask", json={"question": "How is money that goes out written?"}).json()
    page.wait_for_function("([t]) => Math.abs(document.querySelector('#player').currentTime - t) < 0.05",
                           arg=[answer["moments"][0]["start_seconds"]])


@pytest.fixture(scope="module")
def podcast_mp3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.podcast import encode, make_podcast

    folder = tmp_path_factory.mktemp("podcast")
    return encode(make_podcast(folder), ".mp3", folder)


def test_audio_job_plays_in_a_sound_player(serve, browser, podcast_mp3: Path) -> None:
    """An MP3 job: a sound player instead of the video, no thumbnail strip, chapters seek it;
    an audio upload with an engine that needs pictures fails with its one line shown."""
    server = serve()
    created = server.http.post("/v1/jobs", files={"file": ("show.mp3", podcast_mp3.read_bytes(), "audio/mpeg")},
                               data={"engine": "offline", "engine_options": '{"signals": "sound"}'})
    assert created.status_code == 201, created.text
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.url + "/")
    assert "audio/*" in page.get_attribute("#file", "accept")
    page.click(f"#jobs li[data-id='{created.json()['id']}']")
    page.wait_for_selector(".block:nth-child(3)", timeout=180_000)
    assert page.locator("#audio-player").is_visible() and not page.locator("#player").is_visible()
    assert page.eval_on_selector("#strip", "s => s.classList.contains('audio') && !s.style.backgroundImage")
    chapters = server.get(f"/v1/jobs/{created.json()['id']}/result?format=json-full").json()["chapters"]
    page.click(".block:nth-child(3)")
    page.wait_for_function("([t]) => Math.abs(document.querySelector('#audio-player').currentTime - t) < 0.1",
                           arg=[chapters[2]["start_seconds"]])

    page.set_input_files("#file", str(podcast_mp3))
    page.select_option("#engine", "scenes")
    page.click("#start")
    page.wait_for_function("document.querySelector('#job-error').textContent.includes('audio only')", timeout=60_000)
    assert "--engine offline" in page.inner_text("#job-error")
    assert errors == []
