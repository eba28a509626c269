"""The ollama engine against a real local HTTP server replaying Ollama's /api/chat shapes."""

from __future__ import annotations

import base64
import json

import pytest

from tests.engines.replay_server import Reply, ReplayServer, ollama_reply
from vidmark.engines import EngineRequest, create_engine
from vidmark.errors import EngineError
from vidmark.media import probe

ANSWER = '```json\n{"chapters": [{"start_time": "00:00:00", "end_time": "00:00:04", "title": "Bars", "summary": "s"}]}\n```'


def run(server: ReplayServer, clip, tmp_path, **options):
    engine = create_engine("ollama", {"base_url": server.url, "target_fps": 1, "backoff_seconds": 0.01,
                                      "dedupe_threshold": 0, "log_path": str(tmp_path / "log.sqlite"), **options})
    return engine.annotate(EngineRequest(path=str(clip), video=probe(clip)))


def test_images_with_markers_and_format_schema(clip, tmp_path):
    with ReplayServer([ollama_reply(ANSWER)]) as server:
        result = run(server, clip, tmp_path)
    body = server.requests[0]
    assert server.paths == ["/api/chat"] and body["stream"] is False and body["model"] == "qwen3-vl:8b"
    frames = body["messages"][:-1]
    assert [m["content"] for m in frames] == ["<0.5 seconds>", "<1.5 seconds>", "<2.5 seconds>", "<3.5 seconds>"]
    assert all(base64.b64decode(m["images"][0])[:2] == b"\xff\xd8" for m in frames)  # JPEG
    assert body["format"]["required"] == ["chapters"]
    assert [(c.title, c.end_seconds) for c in result.chapters] == [("Bars", 4.0)]
    assert result.usage["prompt_tokens"] == 1530 and result.usage["completion_tokens"] == 92


def test_model_not_found_is_a_clear_error(clip, tmp_path):
    missing = Reply(status=404, body={"error": 'model "qwen3-vl:8b" not found, try pulling it first'})
    with ReplayServer([missing]) as server:
        with pytest.raises(EngineError, match="HTTP 404 for model 'qwen3-vl:8b'.*try pulling it first"):
            run(server, clip, tmp_path)


def test_format_refused_then_prompt_only_and_500_retried(clip, tmp_path):
    replies = [Reply(status=400, body={"error": "invalid format: json schema not supported"}),
               Reply(status=500, body={"error": "llama runner process has terminated"}), ollama_reply(ANSWER)]
    with ReplayServer(replies) as server:
        result = run(server, clip, tmp_path)
    assert "format" in server.requests[0] and "format" not in server.requests[1] and len(server.requests) == 3
    assert json.loads(json.dumps(result.usage))["requests"] == 2


def test_video_mode_is_refused_since_ollama_takes_no_video():
    with pytest.raises(EngineError, match="takes input_mode frames, not 'video'"):
        create_engine("ollama", {"input_mode": "video"})
