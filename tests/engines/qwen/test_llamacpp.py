"""The openai engine against a REAL llama.cpp server: llama-cpp-python's OpenAI-compatible
server, compiled here from its PyPI sdist (scripts/llamacpp-test-env.sh), serving the tiny
random Qwen3-VL converted to GGUF plus its mmproj by the converter of that same llama.cpp
(convert_hf_to_gguf.py, ``--mmproj``). The frames must reach the model as images (the
server's log shows each one encoded, with the token count our budget computes), the
server's form of a response schema (``json_object`` + ``schema``, which its grammar
enforces) must be found, and the random model's answer handled as any bad answer is."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.engines.qwen.heavy_env import ROOT, heavy_env_vars
from tests.engines.qwen.served import free_port, serve
from tests.engines.replay_server import Reply, ReplayServer, openai_reply
from vidmark.cli import main
from vidmark.engines import EngineRequest, Window, create_engine
from vidmark.engines.qwen.budget import image_tokens
from vidmark.errors import VidmarkError
from vidmark.logs import RequestLog
from vidmark.media import probe

VENV = ROOT / ".venv-llamacpp"
MODEL = "tiny-qwen3-vl"
CONVERTER = VENV / "llama.cpp" / "convert_hf_to_gguf.py"
# what llama-cpp-python 0.3.36's server answers to OpenAI's json_schema response format
REFUSED = Reply(status=500, body={"error": {"message": (
    "1 validation error:\n  {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), 'msg': \"Input "
    "should be 'text' or 'json_object'\", 'input': 'json_schema', 'ctx': {'expected': \"'text' or 'json_object'\"}}"
    "\n\n  File \"llama_cpp/server/app.py\", line 376, in create_chat_completion\n    POST /v1/chat/completions"),
    "type": "internal_server_error", "param": None, "code": None}})


@pytest.fixture(scope="session")
def llamacpp_python() -> Path:
    missing = [tool for tool in ("cmake", "c++") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"llama-cpp-python cannot be compiled here: no {' or '.join(missing)} on PATH")
    subprocess.run([str(ROOT / "scripts" / "llamacpp-test-env.sh"), str(VENV)], check=True, cwd=ROOT)
    return VENV / "bin" / "python"


@pytest.fixture(scope="session")
def gguf_files(tiny_model, heavy_python, llamacpp_python, tmp_path_factory) -> tuple[Path, Path]:
    """The tiny Qwen3-VL as a GGUF language model and a GGUF mmproj (vision encoder)."""
    folder = tmp_path_factory.mktemp("gguf")
    model, mmproj = folder / "tiny-qwen3vl-f16.gguf", folder / "mmproj-tiny-qwen3vl-f16.gguf"
    for extra, out in (([], model), (["--mmproj"], mmproj)):
        done = subprocess.run([str(heavy_python), str(CONVERTER), str(tiny_model), *extra, "--outtype", "f16",
                               "--outfile", str(out)], capture_output=True, text=True, env=heavy_env_vars(), timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
    return model, mmproj


@pytest.fixture(scope="session")
def llama_server(llamacpp_python, gguf_files, tmp_path_factory):
    """(the server's /v1 URL, its log file)."""
    port, log_path = free_port(), tmp_path_factory.mktemp("llamacpp") / "server.log"
    args = [str(llamacpp_python), "-m", "llama_cpp.server", "--model", str(gguf_files[0]),
            "--clip_model_path", str(gguf_files[1]), "--chat_format", "mtmd", "--model_alias", MODEL,
            "--n_ctx", "8192", "--n_threads", "2", "--host", "127.0.0.1", "--port", str(port), "--verbose", "true"]
    with serve(args, f"http://127.0.0.1:{port}/v1/models", log_path, {"PATH": "/usr/bin:/bin"}, timeout_seconds=300):
        yield f"http://127.0.0.1:{port}/v1", log_path


def _engine(url: str, tmp_path: Path, **options):
    return create_engine("openai", {"base_url": url, "model": MODEL, "target_fps": 2, "max_tokens": 120,
                                    "retries": 0, "dedupe_threshold": 0, "log_path": str(tmp_path / "log.sqlite"),
                                    **options})


@pytest.mark.slow
def test_frames_reach_the_model_as_images_and_the_schema_as_a_grammar(llama_server, clip, tmp_path):
    url, server_log = llama_server
    engine = _engine(url, tmp_path)
    request = EngineRequest(path=str(clip), video=probe(clip))
    sampling = engine.plan(request, []).windows[0].sampling
    seen = len(server_log.read_text())
    try:
        outcome = engine.annotate(request)
    except VidmarkError as exc:  # a random model's times are unreadable: that is an answer like any bad one
        outcome = exc
    entry = RequestLog(tmp_path / "log.sqlite").entries()[0]
    images = [p for p in entry.body["messages"][0]["content"] if p["type"] == "image_url"]
    assert len(images) == sampling.frames == 8
    decoded = re.findall(r"decoding image batch \d+/\d+, n_tokens_batch = (\d+)", server_log.read_text()[seen:])
    assert [int(n) for n in decoded] == [image_tokens(sampling.height, sampling.width)] * len(images)
    # the grammar makes even a random model start the schema's JSON (times are numbers); the rest is noise
    assert re.match(r'\{\s*"chapters"\s*:\s*\[\s*\{\s*"start_time"\s*:\s*-?\d', entry.response), entry.response[:200]
    assert isinstance(outcome, VidmarkError) and "model answer" in str(outcome)


@pytest.mark.slow
def test_annotate_command_against_the_llama_server(llama_server, clip, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("VIDMARK_LOG_DB", str(tmp_path / "log.sqlite"))
    out = tmp_path / "chapters.json"
    with pytest.raises(SystemExit) as exit_info:
        main(["annotate", str(clip), "--engine", "openai", "--base-url", llama_server[0], "--model", MODEL,
              "-O", "max_tokens=60", "-O", "target_fps=2", "-O", "retries=0", "-o", str(out)])
    err = capsys.readouterr().err
    if exit_info.value.code == 0:  # a pipeline that falls back to the offline engine's chapters
        chapters = json.loads(out.read_text())
        assert chapters[0]["start_seconds"] == 0 and chapters[-1]["end_seconds"] == pytest.approx(4.0, abs=0.1)
    else:  # one line that says the model's answer held no chapters, with the engine's exit status
        assert exit_info.value.code == 4 and "model answer" in err, err


def test_a_schema_refused_for_json_object_is_sent_in_that_form(clip, tmp_path):
    answer = json.dumps({"chapters": [{"start_time": "00:00:00", "end_time": "00:00:04", "title": "Bars", "summary": "."}]})
    with ReplayServer([REFUSED, openai_reply(answer), openai_reply(answer)]) as server:
        engine = _engine(server.url + "/v1", tmp_path)
        request = EngineRequest(path=str(clip), video=probe(clip))
        results = [engine.annotate(request.within(Window(index=i, start_seconds=start, end_seconds=start + 2)))
                   for i, start in enumerate((0.0, 2.0))]
    forms = [r["response_format"] for r in server.requests]
    assert forms[0]["type"] == "json_schema"
    assert [f["type"] for f in forms[1:]] == ["json_object", "json_object"]  # the next request asks so at once
    assert forms[1]["schema"] == forms[0]["json_schema"]["schema"]
    assert all(r.chapters for r in results)
