"""The endpoint pool and the cached window answers, against real local OpenAI-protocol servers."""

from __future__ import annotations

import json
import socket

import pytest

from tests.engines.replay_server import ReplayServer, openai_error, openai_reply
from vidmark.engines import EngineRequest, EngineResult, create_engine
from vidmark.engines.qwen.pool import EndpointPool, endpoint_urls
from vidmark.engines.qwen.transport import RetryableError
from vidmark.media import probe
from vidmark.windowing import WindowOptions, plan_windows, run_windows, sum_usage

ANSWER = json.dumps({"chapters": [{"start_time": "00:00:00", "end_time": "00:00:01", "title": "Bars", "summary": "s"}]})


def _refused_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def _engine(base_url: str, tmp_path, **options):
    return create_engine("openai", {"base_url": base_url, "model": "qwen3-vl", "target_fps": 1,
                                    "backoff_seconds": 0.01, "dedupe_threshold": 0,
                                    "log_path": str(tmp_path / "log.sqlite"), **options})


def _in_windows(engine, clip) -> EngineResult:
    """The clip in four 1-second windows, two at a time, through the pipeline's windowing."""
    request = EngineRequest(path=str(clip), video=probe(clip))
    windows = plan_windows(4.0, 1.0, 0.0)
    done, failures = run_windows(windows, lambda w: engine.annotate(request.within(w)),
                                 WindowOptions(concurrency=2, retries=0))
    results = [r for _, r in done]
    return EngineResult(chapters=[c for r in results for c in r.chapters], notes=failures,
                        usage=sum_usage([r.usage for r in results]))


def test_requests_spread_over_endpoints_and_a_failing_one_is_rested(clip, tmp_path) -> None:
    replies = [openai_reply(ANSWER) for _ in range(4)]
    with ReplayServer(replies) as a, ReplayServer(list(replies)) as b, \
            ReplayServer([openai_error(503, "overloaded", "ServiceUnavailable")] * 4) as sick:
        urls = [a.url + "/v1", b.url + "/v1", sick.url + "/v1", _refused_url()]
        result = _in_windows(_engine(",".join(urls), tmp_path), clip)
    assert result.usage["requests"] == 4 and not [n for n in result.notes if "failed" in n]
    assert len(sick.requests) == 1  # rested after its 503: the retries went elsewhere
    assert len(a.requests) >= 1 and len(b.requests) >= 1
    assert len(a.requests) + len(b.requests) == 4


def test_a_window_asked_again_is_answered_from_the_cache(clip, tmp_path) -> None:
    with ReplayServer([openai_reply(ANSWER) for _ in range(4)]) as server:
        first = _in_windows(_engine(server.url + "/v1", tmp_path), clip)
        with ReplayServer([]) as other:  # another address of the same model: the same answers
            again = _in_windows(_engine(other.url + "/v1", tmp_path), clip)
    assert len(server.requests) == 4 and other.requests == []
    assert again.chapters == first.chapters


def test_a_rested_endpoint_is_tried_again_after_its_cool_down() -> None:
    now = [0.0]
    pool = EndpointPool(["a", "b"], cooldown_seconds=10, clock=lambda: now[0])

    def flaky(url: str) -> str:
        if url == "a":
            raise RetryableError("a is down")
        return url

    with pytest.raises(RetryableError):
        pool.call(flaky)  # both idle: "a" (listed first) is chosen and fails
    assert [pool.call(flaky) for _ in range(3)] == ["b", "b", "b"]
    now[0] = 11.0
    assert pool.call(lambda url: url) == "a"
    assert pool.endpoints[0].failures == 1 and pool.endpoints[0].resting_until == 0.0


def test_the_least_loaded_endpoint_is_chosen() -> None:
    pool = EndpointPool(["a", "b", "c"])
    inner: list[str] = []
    outer = pool.call(lambda url: pool.call(lambda second: inner.append(second) or url))
    assert (outer, inner) == ("a", ["b"])
    assert endpoint_urls(" http://x/v1 , http://y/v1,") == ["http://x/v1", "http://y/v1"]


def test_annotate_takes_several_base_urls(clip, tmp_path, monkeypatch, capsys) -> None:
    from vidmark.cli import main

    monkeypatch.setenv("VIDMARK_LOG_DB", str(tmp_path / "log.sqlite"))
    out = tmp_path / "out.json"
    with ReplayServer([openai_reply(ANSWER)] * 4) as a, ReplayServer([openai_reply(ANSWER)] * 4) as b:
        with pytest.raises(SystemExit) as exit_info:
            main(["annotate", str(clip), "--engine", "openai", "--base-url", a.url + "/v1", "--base-url", b.url + "/v1",
                  "--model", "m", "-O", "target_fps=1", "-O", "dedupe_threshold=0",
                  "--window", "1", "-o", str(out)])
    assert exit_info.value.code == 0, capsys.readouterr().err
    assert a.requests and b.requests


def test_the_ollama_engine_takes_a_pool_too(clip, tmp_path) -> None:
    from tests.engines.replay_server import ollama_reply

    with ReplayServer([ollama_reply(ANSWER)] * 4) as a, ReplayServer([ollama_reply(ANSWER)] * 4) as b:
        engine = create_engine("ollama", {"base_url": f"{a.url},{_refused_url()},{b.url}", "target_fps": 1,
                                          "backoff_seconds": 0.01, "dedupe_threshold": 0,
                                          "log_path": str(tmp_path / "log.sqlite")})
        result = _in_windows(engine, clip)
    assert result.usage["requests"] == 4 and len(a.requests) + len(b.requests) == 4
    assert a.paths[0] == "/api/chat" and a.requests and b.requests


def test_an_answer_that_is_not_chapters_is_asked_again(clip, tmp_path) -> None:
    replies = [openai_reply("I cannot see any video.")] * 4 + [openai_reply(ANSWER)] * 4
    with ReplayServer(replies) as server:
        with pytest.raises(Exception, match="holds no chapters"):
            _in_windows(_engine(server.url + "/v1", tmp_path), clip)
        again = _in_windows(_engine(server.url + "/v1", tmp_path), clip)
    assert len(server.requests) == 8 and [c.title for c in again.chapters] == ["Bars"] * 4
