"""The webui engine against real Gradio apps, served from their own environments
(scripts/gradio-test-env.sh) and reached with gradio_client, in both layouts:

* seed (webui/app.py): one predict endpoint taking [video, prompt, temperature, top_p,
  max_new_tokens];
* chat (webui/chat_app.py): laid out like the official Qwen3-VL web demo, a Chatbot and a
  gr.State, upload -> add_text -> predict, the answer streamed as the demo's HTML; served on
  gradio 5.49.1 (the release the demo pins, (user, bot) pairs) and on the newest gradio
  (messages).
"""

from __future__ import annotations

import hashlib
import json
import subprocess

import pytest

from tests.engines.qwen.heavy_env import ROOT
from tests.engines.qwen.served import free_port, serve
from vidmark.cli import main
from vidmark.engines import EngineRequest, create_engine
from vidmark.engines.qwen.webui import ChatLayout, find_endpoint, find_layout, html_to_text, last_answer
from vidmark.errors import EngineError
from vidmark.media import probe

APPS = ROOT / "tests" / "engines" / "qwen" / "webui"
GRADIO_ENVS = {"gradio6": (".venv-gradio", "gradio>=5,<7"), "gradio5": (".venv-gradio5", "gradio==5.49.1")}
TITLE = "Opening - part_1 <intro> (take 2.5) *now* $0 `x` & more!"  # chat_app.TITLE
# what chat_app.py (like the demo's _parse_text) makes of a fenced answer
DEMO_HTML = ('Here are the chapters:<pre><code class="language-json"><br>{<br>&nbsp;&nbsp;"chapters":&nbsp;[{'
             '"start&lowbar;time":&nbsp;"00:00:00&#46;00",&nbsp;"title":&nbsp;"Opening&nbsp;&#45;&nbsp;part&lowbar;1'
             '&nbsp;&lt;intro&gt;&nbsp;&#40;take&nbsp;2&#46;5&#41;&nbsp;&ast;now&ast;&nbsp;&#36;0&nbsp;\\`x\\`&nbsp;'
             '&&nbsp;more&#33;"}]<br>}<br></code></pre>')


def _serve_app(tmp_path_factory, env_name: str, app: str):
    venv, spec = GRADIO_ENVS[env_name]
    subprocess.run([str(ROOT / "scripts" / "gradio-test-env.sh"), str(ROOT / venv), spec], check=True, cwd=ROOT)
    port = free_port()
    log_path = tmp_path_factory.mktemp("gradio") / f"{env_name}-{app}.log"
    args = [str(ROOT / venv / "bin" / "python"), str(APPS / app), str(port)]
    env = {"GRADIO_ANALYTICS_ENABLED": "False", "PATH": "/usr/bin:/bin"}
    return serve(args, f"http://127.0.0.1:{port}/", log_path, env, timeout_seconds=240), f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def webui_url(tmp_path_factory):
    served, url = _serve_app(tmp_path_factory, "gradio6", "app.py")
    with served:
        yield url


@pytest.fixture(scope="module", params=["gradio5", "gradio6"])
def chat_url(request, tmp_path_factory):
    served, url = _serve_app(tmp_path_factory, request.param, "chat_app.py")
    with served:
        yield url


def _annotate(url, clip, tmp_path, **options):
    engine = create_engine("webui", {"base_url": url, "log_path": str(tmp_path / "log.sqlite"), **options})
    return engine.annotate(EngineRequest(path=str(clip), video=probe(clip)))


@pytest.mark.slow
def test_uploads_the_video_with_the_prompt_and_knobs(webui_url, clip, tmp_path):
    result = _annotate(webui_url, clip, tmp_path, temperature=0.3, top_p=0.9, max_tokens=777)
    received = json.loads(result.chapters[0].title)
    assert received == {"sha256": hashlib.sha256(clip.read_bytes()).hexdigest(), "bytes": clip.stat().st_size,
                        "temperature": 0.3, "top_p": 0.9, "max_new_tokens": 777, "prompt_has_json_request": True}
    assert [(c.start_seconds, c.end_seconds) for c in result.chapters] == [(0, 2), (2, 4)]


@pytest.mark.slow
def test_a_window_uploads_its_own_clip_and_shifts_times_back(webui_url, clip, tmp_path):
    result = _annotate(webui_url, clip, tmp_path, window_seconds=2, target_fps=2, concurrency=1)
    second_window = [c for c in result.chapters if c.start_seconds >= 2]
    assert second_window and second_window[0].start_seconds == pytest.approx(2.28, abs=0.05)
    assert json.loads(result.chapters[0].title)["sha256"] != hashlib.sha256(clip.read_bytes()).hexdigest()


@pytest.mark.slow
def test_the_demo_layout_uploads_asks_and_reads_the_html_answer(chat_url, clip, tmp_path):
    result = _annotate(chat_url, clip, tmp_path)
    assert [(c.start_seconds, c.end_seconds, c.title) for c in result.chapters] == [
        (0, 2, TITLE), (2, 4, "Second part")]
    assert json.loads(result.chapters[0].summary) == {
        "sha256": hashlib.sha256(clip.read_bytes()).hexdigest(), "bytes": clip.stat().st_size, "videos": 1,
        "questions": 1, "prompt_has_json_request": True}


@pytest.mark.slow
def test_each_window_is_a_conversation_of_its_own(chat_url, clip, tmp_path):
    result = _annotate(chat_url, clip, tmp_path, window_seconds=2, target_fps=2)
    firsts = [c for c in result.chapters if c.title == TITLE]
    assert len(firsts) == 2 and firsts[1].start_seconds == pytest.approx(2.28, abs=0.05)
    received = [json.loads(c.summary) for c in firsts]
    assert [(r["videos"], r["questions"]) for r in received] == [(1, 1), (1, 1)]  # no earlier window in the history
    assert hashlib.sha256(clip.read_bytes()).hexdigest() not in {r["sha256"] for r in received}


@pytest.mark.slow
def test_annotate_command_through_the_demo_layout(chat_url, clip, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("VIDMARK_LOG_DB", str(tmp_path / "log.sqlite"))
    out = tmp_path / "chapters.json"
    with pytest.raises(SystemExit) as exit_info:
        main(["annotate", str(clip), "--engine", "webui", "--base-url", chat_url, "-O", "layout=chat",
              "--snap", "0", "-o", str(out)])
    assert exit_info.value.code == 0, capsys.readouterr().err
    titles = [c["title"] for c in json.loads(out.read_text())]
    assert titles == [TITLE, "Second part"]


@pytest.mark.slow
def test_asking_for_the_chat_layout_of_a_seed_app_says_what_is_missing(webui_url, clip, tmp_path):
    with pytest.raises(EngineError, match=r"no chat layout .* endpoints: /predict"):
        _annotate(webui_url, clip, tmp_path, layout="chat")


def _param(name: str, component: str) -> dict:
    return {"parameter_name": name, "component": component}


# view_api of the official demo's layout (as chat_app.py shows it on gradio 5 and 6), trimmed
DEMO_API = {"named_endpoints": {
    "/add_text": {"parameters": [_param("history", "Chatbot"), _param("text", "Textbox")]},
    "/predict": {"parameters": [_param("history", "Chatbot")]},
    "/regenerate": {"parameters": [_param("history", "Chatbot")]},
    "/reset_state": {"parameters": [_param("history", "Chatbot")]},
    "/add_file": {"parameters": [_param("history", "Chatbot"), _param("file", "Uploadbutton")]},
}}


def test_find_layout_tells_the_demo_from_the_seed_app():
    chat = find_layout(DEMO_API)
    assert isinstance(chat, ChatLayout)
    assert [name for name, _ in chat] == ["/add_file", "/add_text", "/predict"]
    seed = {"named_endpoints": {"/predict": {"parameters": [_param("video", "Video"), _param("prompt", "Textbox")]}}}
    assert find_layout(seed) == ("/predict", seed["named_endpoints"]["/predict"]["parameters"])
    with pytest.raises(EngineError, match="no chat layout"):
        find_layout(seed, "chat")
    with pytest.raises(EngineError, match="no endpoint that takes a video"):
        find_layout(DEMO_API, "seed")


def test_find_endpoint_prefers_predict_and_explains_when_missing():
    api = {"named_endpoints": {
        "/clear": {"parameters": []},
        "/chat": {"parameters": [_param("message", "Textbox")]},
        "/predict": {"parameters": [_param("video", "Video"), _param("prompt", "Textbox")]},
    }}
    assert find_endpoint(api, None) == ("/predict", api["named_endpoints"]["/predict"]["parameters"])
    with pytest.raises(EngineError, match="no endpoint that takes a video"):
        find_endpoint({"named_endpoints": {"/chat": api["named_endpoints"]["/chat"]}}, None)
    with pytest.raises(EngineError, match=r"no endpoint '/x' \(it has: /clear, /chat, /predict\)"):
        find_endpoint(api, "/x")


def test_html_to_text_undoes_the_demos_rendering():
    text = html_to_text(DEMO_HTML)
    assert text.startswith("Here are the chapters:\n```json\n\n{\n  \"chapters\": [{")
    assert json.loads(text.split("```json")[1].split("```")[0])["chapters"][0]["title"] == TITLE
    assert html_to_text("first line<br>second&nbsp;line") == "first line\nsecond line"


def test_last_answer_reads_pairs_and_messages_and_refuses_an_empty_chatbot():
    assert last_answer([[{"file": {}}, None], ["ask", "answer<br>more"]], "u") == "answer<br>more"
    messages = [{"role": "user", "content": [{"type": "text", "text": "ask"}]},
                {"role": "assistant", "content": [{"type": "text", "text": "an"}, {"type": "text", "text": "swer"}]}]
    assert last_answer(messages, "u") == "answer"
    with pytest.raises(EngineError, match="no answer in its chatbot"):
        last_answer(messages[:1], "http://127.0.0.1:7860")
