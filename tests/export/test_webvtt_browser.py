"""WebVTT chapters as the browser itself loads them: a page with ``<track kind="chapters">``
served from 127.0.0.1, read through Chromium's TextTrack API (``video.textTracks[0].cues``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.media.loopback_http import Site, serving
from vidmark.export import render
from vidmark.media import probe
from vidmark.model import Annotation, Chapter, RunInfo

from .conftest import TRICKY_TITLES

playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is in the test extra")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGE = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>chapters</title></head><body>'
        '<video src="talk.mp4" preload="auto" muted><track kind="chapters" srclang="en" label="Chapters" '
        'src="talk.chapters.vtt" default></video></body></html>')
READ_CUES = """() => new Promise((resolve) => {
  const element = document.querySelector("track");
  const track = document.querySelector("video").textTracks[0];
  track.mode = "hidden";
  const cues = () => resolve({kind: track.kind, label: track.label, cues: Array.from(track.cues).map(
      (c) => ({id: c.id, start: c.startTime, end: c.endTime, text: c.text}))});
  if (element.readyState === 2) { cues(); return; }
  element.addEventListener("load", cues);
  element.addEventListener("error", () => resolve({error: "the track did not load"}));
})"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's chromium is not installed (scripts/bootstrap.sh test installs it)"),
]


def test_chromium_reads_the_chapter_track(clip: Path, tmp_path: Path) -> None:
    titles = [*TRICKY_TITLES[:6], "Wrap-up"]
    step = probe(clip).duration_seconds / len(titles)
    chapters = [Chapter(start_seconds=round(i * step, 3), end_seconds=round((i + 1) * step, 3), title=t,
                        summary="one line" if i == 1 else "") for i, t in enumerate(titles)]
    annotation = Annotation(video=probe(clip), chapters=chapters, run=RunInfo(engine="test"))
    track = tmp_path / "talk.chapters.vtt"
    track.write_text(render(annotation, "webvtt"), encoding="utf-8")
    page_file = tmp_path / "index.html"
    page_file.write_text(PAGE, encoding="utf-8")
    site = Site(files={"/index.html": page_file, "/talk.mp4": clip, "/talk.chapters.vtt": track})
    with serving(site), playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{site.url}/index.html")
            loaded = page.evaluate(READ_CUES)
        finally:
            browser.close()
    assert "error" not in loaded, loaded
    assert loaded["kind"] == "chapters" and loaded["label"] == "Chapters"
    cues = loaded["cues"]
    assert [c["id"] for c in cues] == [f"chapter-{i}" for i in range(1, len(titles) + 1)]
    assert [c["text"].split("\n")[0] for c in cues] == [" ".join(t.replace("-->", "->").split()) for t in titles]
    assert cues[1]["text"] == f"{' '.join(titles[1].split())}\none line"
    for cue, chapter in zip(cues, chapters):
        assert cue["start"] == pytest.approx(chapter.start_seconds, abs=0.001)
        assert cue["end"] == pytest.approx(chapter.end_seconds, abs=0.001)
