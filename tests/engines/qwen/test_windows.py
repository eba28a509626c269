"""The pipeline's one windowing layer with a Qwen3-VL engine, against a real local server
that records every request: ``--window`` longer than the video still gives overlapping,
merged windows when the frames do not fit one request, and ``--dry-run``'s plan is what a
real run sends."""

from __future__ import annotations

import base64
import io
import json
import re

import pytest
from PIL import Image

from tests.conftest import ffmpeg, make_clip
from tests.engines.replay_server import ReplayServer, openai_reply
from vidmark.pipeline import AnnotateOptions, plan
from vidmark.tasks.run import annotate

pytestmark = pytest.mark.slow
_LINE = re.compile(r"^\[([\d.]+)-([\d.]+) seconds\] (.+?): (.*)$", re.MULTILINE)


def _markers(body: dict) -> list[float]:
    parts = body["messages"][0]["content"]
    return [float(p["text"].strip("<>").split()[0]) for p in parts if p["type"] == "text" and p["text"].startswith("<")]


def _images(body: dict) -> list[tuple[int, int]]:
    parts = body["messages"][0]["content"]
    return [Image.open(io.BytesIO(base64.b64decode(p["image_url"]["url"].split(",", 1)[1]))).size
            for p in parts if p["type"] == "image_url"]


def _answer(body: dict):
    """A chapter every 100 s of the window the frames cover; the global pass gets its own
    chapters back."""
    times = _markers(body)
    if not times:
        text = body["messages"][0]["content"][-1]["text"]
        rows = [{"start_time": a, "end_time": b, "title": t, "summary": s} for a, b, t, s in _LINE.findall(text)]
        return openai_reply(json.dumps({"chapters": rows}))
    starts = [t for t in range(0, 600, 100) if min(times) - 1 <= t <= max(times)]
    rows = [{"start_time": t, "end_time": t + 100, "title": f"Part at {t}", "summary": "s"}
            for t in starts]
    return openai_reply(json.dumps({"chapters": rows}))


def _options(server: ReplayServer, tmp_path, **changes) -> AnnotateOptions:
    engine = {"base_url": server.url + "/v1", "model": "m", "api_key": "k", "log_path": str(tmp_path / "log.sqlite"),
              "dedupe_threshold": 0}
    return AnnotateOptions(engine="openai", engine_options=engine, cache=False, signals=False, **changes)


@pytest.fixture(scope="module")
def ten_minutes(tmp_path_factory):
    return make_clip(tmp_path_factory.mktemp("ten") / "ten.mp4", duration=600, size="64x36", rate=1,
                     source="testsrc", extra=("-g", "30"))


def test_window_longer_than_the_video_gives_overlapping_merged_windows(ten_minutes, tmp_path):
    with ReplayServer([], respond=_answer) as server:
        annotation = annotate(ten_minutes, _options(server, tmp_path, window_seconds=900, window_concurrency=1))
    windows = [_markers(r) for r in server.requests if _markers(r)]
    assert len(windows) == 2 and len(server.requests) == 3  # two windows, then the global pass
    assert windows[1][0] < windows[0][-1] - 20  # they overlap (by 30 s)
    assert windows[0][0] < 2 and windows[1][-1] > 598  # together they cover the video
    assert [c.title for c in annotation.chapters] == [f"Part at {t}" for t in range(0, 600, 100)]
    assert annotation.run.usage["windows"] == 2 and "global pass: 6 window chapters -> 6" in annotation.run.notes


@pytest.fixture(scope="module")
def slides(tmp_path_factory):
    """A minute of four still 'slides' (plain colours), 15 s each."""
    path = tmp_path_factory.mktemp("slides") / "slides.mp4"
    colours = ["red", "blue", "green", "white"]
    inputs = ";".join(f"color=c={c}:s=320x180:r=5:d=15[s{i}]" for i, c in enumerate(colours))
    ffmpeg("-filter_complex", f"{inputs};{''.join(f'[s{i}]' for i in range(4))}concat=n=4:v=1[v]", "-map", "[v]",
           "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "50", str(path))
    return path


def test_dry_run_plan_is_what_a_real_run_sends(slides, tmp_path):
    with ReplayServer([], respond=_answer) as server:
        options = _options(server, tmp_path)
        options.engine_options.pop("dedupe_threshold")  # near-duplicates dropped before planning
        planned = plan(slides, options)
        annotate(slides, options)
    sent = [r for r in server.requests if _markers(r)]
    assert len(sent) == len(planned.windows) == 1
    for window, body in zip(planned.windows, sent):
        assert _markers(body) == [round(t, 1) for t in window.frame_seconds]
        assert set(_images(body)) == {(window.sampling.width, window.sampling.height)}
    kept = planned.windows[0].frame_seconds
    assert len(kept) < 10 and all(any(0 <= t - change <= 2 for t in kept) for change in (0, 15, 30, 45))
    text = planned.render()
    assert "1 request(s)" in text and "frames at: " in text
