"""The openai engine against a real local HTTP server that replays vLLM's response shapes."""

from __future__ import annotations

import base64
import json
import socket

import pytest

from tests.engines.replay_server import ReplayServer, openai_error, openai_reply
from vidmark.engines import EngineRequest, Window, create_engine
from vidmark.errors import EngineError
from vidmark.logs import BLOB_PREFIX, RequestLog
from vidmark.media import probe
from vidmark.model import Signals, TimedText

ANSWER = json.dumps({"chapters": [
    {"start_time": "00:00:00", "end_time": "00:00:02", "title": "Colour bars", "summary": "A test pattern."},
    {"start_time": "00:00:02", "end_time": "00:00:04", "title": "Still bars", "summary": "More pattern."},
]})


@pytest.fixture
def engine_for(tmp_path):
    def make(server: ReplayServer, **options):
        defaults = {"base_url": server.url + "/v1", "model": "qwen3-vl", "target_fps": 2, "backoff_seconds": 0.01,
                    "log_path": str(tmp_path / "log.sqlite"), "dedupe_threshold": 0}
        return create_engine("openai", {**defaults, **options})
    return make


def request_for(clip, signals: Signals | None = None) -> EngineRequest:
    return EngineRequest(path=str(clip), video=probe(clip), signals=signals or Signals())


def create_and_run(engine, clip, signals=None):
    return engine.annotate(request_for(clip, signals))


def content(server: ReplayServer, index: int = 0) -> list[dict]:
    return server.requests[index]["messages"][0]["content"]


def test_frames_with_time_markers_and_schema(clip, engine_for, tmp_path):
    with ReplayServer([openai_reply(ANSWER)]) as server:
        result = create_and_run(engine_for(server), clip)
    parts = content(server)
    markers = [p["text"] for p in parts[:-1:2]]
    images = [p["image_url"]["url"] for p in parts[1:-1:2]]
    assert all(p["type"] == "text" for p in parts[:-1:2]) and all(p["type"] == "image_url" for p in parts[1:-1:2])
    times = [float(m.strip("<>").split()[0]) for m in markers]
    assert len(times) == 8 and all(abs(t - (0.25 + 0.5 * i)) <= 0.06 for i, t in enumerate(times))  # 2 fps, 25 fps clip
    assert all(url.startswith("data:image/jpeg;base64,") for url in images)
    assert "lasts 4.0 seconds" in parts[-1]["text"]  # the markers' clock, nowhere HH:MM:SS
    assert "HH:MM:SS" not in parts[-1]["text"] and "in seconds of the whole video" in parts[-1]["text"]
    assert server.requests[0]["response_format"]["json_schema"]["schema"]["$defs"]["AnswerChapter"]["properties"][
        "start_time"]["type"] == "number"
    assert server.requests[0]["response_format"]["json_schema"]["schema"]["required"] == ["chapters"]
    assert server.paths == ["/v1/chat/completions"]
    assert [(c.start_seconds, c.title) for c in result.chapters] == [(0, "Colour bars"), (2, "Still bars")]
    assert result.usage["prompt_tokens"] == 1200 and result.usage["requests"] == 1
    logged = RequestLog(tmp_path / "log.sqlite").entries()[0]
    assert logged.response == ANSWER and logged.backend == "openai"
    logged_urls = [p["image_url"]["url"] for p in logged.body["messages"][0]["content"] if p["type"] == "image_url"]
    assert all(u.startswith(BLOB_PREFIX) for u in logged_urls)


def test_schema_refused_falls_back_to_prompt_only(clip, engine_for):
    refusal = openai_error(400, "response_format json_schema is not supported by this server")
    with ReplayServer([refusal, openai_reply(ANSWER)]) as server:
        result = create_and_run(engine_for(server), clip)
    assert "response_format" in server.requests[0] and "response_format" not in server.requests[1]
    assert len(result.chapters) == 2


def test_429_and_5xx_are_retried(clip, engine_for):
    replies = [openai_error(429, "rate limited", "RateLimitError", **{"Retry-After": "0"}),
               openai_error(503, "overloaded", "ServiceUnavailableError"), openai_reply(ANSWER)]
    with ReplayServer(replies) as server:
        result = create_and_run(engine_for(server), clip)
    assert len(server.requests) == 3 and len(result.chapters) == 2


def test_retries_run_out_with_a_clear_error(clip, engine_for):
    with ReplayServer([openai_error(500, "boom", "InternalServerError")] * 3) as server:
        with pytest.raises(EngineError, match=r"HTTP 500: boom \(gave up after 3 attempts\)"):
            create_and_run(engine_for(server, retries=2), clip)
    assert len(server.requests) == 3


def test_timeout_is_retried_then_reported(clip, engine_for):
    slow = openai_reply(ANSWER).model_copy(update={"delay_seconds": 1.5})
    with ReplayServer([slow, slow]) as server:
        with pytest.raises(EngineError, match="did not answer within 0.3 s"):
            create_and_run(engine_for(server, timeout_seconds=0.3, retries=1), clip)
    assert len(server.requests) == 2


def test_wrong_model_is_a_clear_4xx_error_without_retry(clip, engine_for):
    missing = openai_error(404, "The model `qwen9` does not exist.", "NotFoundError")
    with ReplayServer([missing]) as server:
        with pytest.raises(EngineError, match="HTTP 404 for model 'qwen3-vl' .*wrong --model"):
            create_and_run(engine_for(server), clip)
    assert len(server.requests) == 1


def test_context_too_long_retries_with_fewer_frames(clip, engine_for):
    too_long = openai_error(400, "This model's maximum context length is 4096 tokens. However, you requested "
                                 "9000 tokens (8000 in the messages, 1000 in the completion).")
    with ReplayServer([too_long, openai_reply(ANSWER)]) as server:
        result = create_and_run(engine_for(server), clip)
    counts = [sum(p["type"] == "image_url" for p in content(server, i)) for i in range(2)]
    assert counts == [8, 4] and result.usage["frames_sent"] == 4


def test_connection_refused_is_reported(clip, engine_for, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    engine = create_engine("openai", {"base_url": f"http://127.0.0.1:{port}/v1", "retries": 1,
                                      "backoff_seconds": 0.01, "log_path": str(tmp_path / "l.sqlite")})
    with pytest.raises(EngineError, match=f"cannot connect to http://127.0.0.1:{port}/v1"):
        create_and_run(engine, clip)


def test_unusable_answer_fails_the_window_with_the_parser_message(clip, engine_for):
    with ReplayServer([openai_reply("I am sorry, I cannot see videos.")]) as server:
        with pytest.raises(EngineError, match="holds no chapters"):
            create_and_run(engine_for(server), clip)


def test_the_engine_annotates_exactly_the_window_it_is_given_in_absolute_times(clip, engine_for):
    second = json.dumps([{"start_time": "00:00:02", "end_time": "00:00:04", "title": "B", "summary": ""}])
    with ReplayServer([openai_reply(second)]) as server:
        result = engine_for(server).annotate(request_for(clip).within(Window(index=1, start_seconds=2, end_seconds=4)))
    times = [float(p["text"].strip("<>").split()[0]) for p in content(server)[:-1:2]]
    assert len(server.requests) == 1 and len(times) == 4 and min(times) >= 2.0
    assert "from 2.0 seconds to 4.0 seconds" in content(server)[-1]["text"]
    assert [(c.start_seconds, c.title) for c in result.chapters] == [(2, "B")]


def test_signals_become_timestamped_lines_unless_turned_off(clip, engine_for):
    signals = Signals(texts=[TimedText(start_seconds=1.0, end_seconds=2.5, text="hello  there", source="speech"),
                             TimedText(start_seconds=3.0, end_seconds=3.5, text="SLIDE 2", source="ocr")])
    with ReplayServer([openai_reply(ANSWER), openai_reply(ANSWER)]) as server:
        create_and_run(engine_for(server), clip, signals)
        create_and_run(engine_for(server, use_signals=False), clip, signals)
    assert "[1.0-2.5 seconds] (speech) hello there\n[3.0-3.5 seconds] (ocr) SLIDE 2" in content(server, 0)[-1]["text"]
    assert "hello there" not in content(server, 1)[-1]["text"]


def test_video_mode_sends_a_clip_and_processor_kwargs(clip, engine_for):
    answer = json.dumps([{"start_time": "00:00:00", "end_time": "00:00:01", "title": "A", "summary": ""}])
    with ReplayServer([openai_reply(answer)]) as server:
        result = create_and_run(engine_for(server, input_mode="video"), clip)
    parts = content(server)
    assert [p["type"] for p in parts] == ["video_url", "text"]
    url = parts[0]["video_url"]["url"]
    assert url.startswith("data:video/mp4;base64,") and base64.b64decode(url.split(",", 1)[1])[4:8] == b"ftyp"
    assert server.requests[0]["mm_processor_kwargs"] == {"fps": 2.0, "do_sample_frames": True}
    # the server stamps the clip from 0: answers are shifted back to whole-video time
    first = result.chapters[0]
    assert first.start_seconds == pytest.approx(0.28, abs=0.05)


def test_chinese_template_for_chinese_videos(clip, engine_for):
    with ReplayServer([openai_reply(ANSWER)]) as server:
        request = request_for(clip)
        request.task.language = "zh"
        engine_for(server).annotate(request)
    assert "请把这一部分" in content(server)[-1]["text"] and "中文" in content(server)[-1]["text"]


def test_api_key_is_sent_and_never_dumped(clip, engine_for):
    with ReplayServer([openai_reply(ANSWER)]) as server:
        engine = engine_for(server, api_key="sk-secret")
        create_and_run(engine, clip)
    assert "sk-secret" not in json.dumps(engine.options.model_dump(mode="json"))


def test_logs_list_show_and_replay(clip, engine_for, tmp_path, capsys):
    from vidmark.cli import main

    with ReplayServer([openai_reply(ANSWER), openai_reply("replayed answer")]) as server:
        create_and_run(engine_for(server), clip)
        db = str(tmp_path / "log.sqlite")
        for args in (["list"], ["show", "1"], ["replay", "1"]):
            with pytest.raises(SystemExit) as exit_info:
                main(["logs", "--db", db, *args])
            assert exit_info.value.code == 0
    out = capsys.readouterr().out
    listing = out.splitlines()[0]
    assert "openai" in listing and "qwen3-vl" in listing and "0-4s" in listing
    assert BLOB_PREFIX in out and out.rstrip().endswith("replayed answer")
    assert server.requests[1] == server.requests[0]  # the replay sends the same body, images restored


def test_refused_processor_kwargs_are_dropped(clip, engine_for):
    refusal = openai_error(400, "Per-request mm_processor_kwargs are disabled by default because they can change "
                                "multimodal preprocessing resource usage. Start the server with "
                                "--trust-request-mm-kwargs only when clients are trusted.")
    answer = json.dumps([{"start_time": "00:00:00", "end_time": "00:00:01", "title": "A", "summary": ""}])
    with ReplayServer([refusal, openai_reply(answer), openai_reply(answer)]) as server:
        engine = engine_for(server, input_mode="video")
        create_and_run(engine, clip)
        create_and_run(engine, clip)  # remembered: not sent again
    assert ["mm_processor_kwargs" in r for r in server.requests] == [True, False, False]


def test_cli_annotate_end_to_end(clip, tmp_path, monkeypatch):
    from vidmark.cli import main

    monkeypatch.setenv("VIDMARK_LOG_DB", str(tmp_path / "log.sqlite"))
    out = tmp_path / "out.json"
    with ReplayServer([openai_reply(ANSWER)]) as server:
        with pytest.raises(SystemExit) as exit_info:
            main(["annotate", str(clip), "--engine", "openai", "--base-url", server.url + "/v1", "--model", "m",
                  "--api-key", "sk-test", "--max-visual-tokens", "2048", "-o", str(out)])
    assert exit_info.value.code == 0
    assert server.requests[0]["model"] == "m"
    assert [c["title"] for c in json.loads(out.read_text())] == ["Colour bars", "Still bars"]


def test_global_pass_sends_the_window_chapters_as_text(clip, engine_for):
    from vidmark.model import Chapter

    chapters = [Chapter(start_seconds=0, end_seconds=2.5, title="Bars", summary="Colour bars."),
                Chapter(start_seconds=2, end_seconds=4, title="Bars again", summary="Still bars.")]
    merged = json.dumps({"chapters": [{"start_time": "0:00", "end_time": "0:04", "title": "Bars", "summary": "s"}]})
    with ReplayServer([openai_reply(merged), openai_reply("no idea")]) as server:
        engine = engine_for(server)
        result = engine.consolidate(request_for(clip), chapters)
        kept = engine.consolidate(request_for(clip), chapters)  # an unusable answer keeps the merged list
    parts = content(server)
    assert [p["type"] for p in parts] == ["text"]
    assert "[0.0-2.5 seconds] Bars: Colour bars.\n[2.0-4.0 seconds] Bars again: Still bars." in parts[0]["text"]
    assert [(c.start_seconds, c.end_seconds, c.title) for c in result.chapters] == [(0, 4, "Bars")]
    assert kept is None


def test_variant_samples_more_densely(tmp_path):
    engine = create_engine("openai", {"target_fps": 0.5, "temperature": 0.1, "log_path": str(tmp_path / "l.sqlite")})
    variant = engine.variant()
    assert (variant.options.target_fps, variant.options.temperature) == (1.0, 0.7)
    assert variant.options.model == engine.options.model
