"""The webui engine against a real Gradio app with the Qwen3-VL WebUI's inputs, served
from its own environment (scripts/gradio-test-env.sh) and reached with gradio_client."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import time
import urllib.request

import pytest

from tests.engines.qwen.heavy_env import ROOT
from vidmark.engines import EngineRequest, Window, create_engine
from vidmark.engines.qwen.webui import find_endpoint
from vidmark.errors import EngineError
from vidmark.media import probe

VENV = ROOT / ".venv-gradio"
APP = ROOT / "tests" / "engines" / "qwen" / "webui" / "app.py"


@pytest.fixture(scope="module")
def webui_url(tmp_path_factory):
    subprocess.run([str(ROOT / "scripts" / "gradio-test-env.sh"), str(VENV)], check=True, cwd=ROOT)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log_path = tmp_path_factory.mktemp("gradio") / "app.log"
    with open(log_path, "w") as log:
        app = subprocess.Popen([str(VENV / "bin" / "python"), str(APP), str(port)], stdout=log, stderr=subprocess.STDOUT,
                               env={"GRADIO_ANALYTICS_ENABLED": "False", "PATH": "/usr/bin:/bin"})
    try:
        deadline = time.monotonic() + 180
        while True:
            if app.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Gradio app did not start: {log_path.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except OSError:
                time.sleep(1)
        yield f"http://127.0.0.1:{port}"
    finally:
        app.terminate()
        app.wait(timeout=30)


@pytest.mark.slow
def test_uploads_the_video_with_the_prompt_and_knobs(webui_url, clip, tmp_path):
    engine = create_engine("webui", {"base_url": webui_url, "temperature": 0.3, "top_p": 0.9, "max_tokens": 777,
                                     "log_path": str(tmp_path / "log.sqlite")})
    result = engine.annotate(EngineRequest(path=str(clip), video=probe(clip)))
    received = json.loads(result.chapters[0].title)
    assert received == {"sha256": hashlib.sha256(clip.read_bytes()).hexdigest(), "bytes": clip.stat().st_size,
                        "temperature": 0.3, "top_p": 0.9, "max_new_tokens": 777, "prompt_has_json_request": True}
    assert [(c.start_seconds, c.end_seconds) for c in result.chapters] == [(0, 2), (2, 4)]


@pytest.mark.slow
def test_a_window_uploads_its_own_clip_and_shifts_times_back(webui_url, clip, tmp_path):
    engine = create_engine("webui", {"base_url": webui_url, "target_fps": 2, "log_path": str(tmp_path / "log.sqlite")})
    window = Window(index=1, start_seconds=2, end_seconds=4)
    result = engine.annotate(EngineRequest(path=str(clip), video=probe(clip)).within(window))
    second_window = [c for c in result.chapters if c.start_seconds >= 2]
    assert second_window and second_window[0].start_seconds == pytest.approx(2.28, abs=0.05)
    assert json.loads(result.chapters[0].title)["sha256"] != hashlib.sha256(clip.read_bytes()).hexdigest()


def test_find_endpoint_prefers_predict_and_explains_when_missing():
    api = {"named_endpoints": {
        "/clear": {"parameters": []},
        "/chat": {"parameters": [{"parameter_name": "message", "component": "Textbox"}]},
        "/predict": {"parameters": [{"parameter_name": "video", "component": "Video"},
                                    {"parameter_name": "prompt", "component": "Textbox"}]},
    }}
    assert find_endpoint(api, None) == ("/predict", ["video", "prompt"])
    with pytest.raises(EngineError, match="no endpoint that takes a video"):
        find_endpoint({"named_endpoints": {"/chat": api["named_endpoints"]["/chat"]}}, None)
    with pytest.raises(EngineError, match=r"no endpoint '/x' \(it has: /clear, /chat, /predict\)"):
        find_endpoint(api, "/x")
