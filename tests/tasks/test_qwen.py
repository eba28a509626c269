"""The tasks on the openai engine, against a real local HTTP server replaying vLLM's shapes."""

from __future__ import annotations

import json

import pytest

from tests.engines.replay_server import ReplayServer, openai_reply
from vidmark.pipeline import AnnotateOptions
from vidmark.tasks.run import TaskOptions, annotate, ask_video, find_moments

pytestmark = pytest.mark.slow


def _options(server: ReplayServer, tmp_path) -> dict:
    return {"base_url": server.url + "/v1", "model": "qwen3-vl", "target_fps": 1, "backoff_seconds": 0.01,
            "log_path": str(tmp_path / "log.sqlite")}


def _segments(*rows: tuple[str, str, str], **extra) -> str:
    return json.dumps({**extra, "segments": [{"start_time": a, "end_time": b, "title": t} for a, b, t in rows]})


def test_find_sends_the_query_with_timed_frames_and_keeps_only_real_times(narrated, tmp_path) -> None:
    video, _ = narrated
    reply = _segments(("00:00:08", "00:00:12", "typing git add"), ("01:00:00", "01:00:05", "invented"),
                      ("00:00:01", "00:00:03", "installing"))
    with ReplayServer([openai_reply("Here you go:\n```json\n" + reply + "\n```")]) as server:
        moments = find_moments(video, "someone types a git command",
                               TaskOptions(engine="openai", engine_options=_options(server, tmp_path)))
    body = server.requests[0]
    parts = body["messages"][0]["content"]
    assert "response_format" not in body
    assert "someone types a git command" in parts[-1]["text"] and "{query}" not in parts[-1]["text"]
    assert parts[0]["text"].startswith("<") and parts[0]["text"].endswith("seconds>")
    assert "(speech)" in parts[-1]["text"]  # the transcript goes along
    assert [(m.start_seconds, m.text, m.source) for m in moments] == [(8, "typing git add", "model"), (1, "installing", "model")]
    assert moments[0].score > moments[1].score


def test_ask_returns_the_models_answer_not_labelled_extractive(narrated, tmp_path) -> None:
    video, _ = narrated
    reply = _segments(("00:00:05", "00:00:08", "the commit slide"), answer="A commit is a saved snapshot.")
    with ReplayServer([openai_reply(reply)]) as server:
        answer = ask_video(video, "What is a commit?", TaskOptions(engine="openai", engine_options=_options(server, tmp_path)))
    assert answer.answer == "A commit is a saved snapshot." and not answer.extractive and answer.engine == "openai"
    assert [(m.start_seconds, m.end_seconds) for m in answer.moments] == [(5, 8)]


def test_events_and_minutes_through_annotate(narrated, tmp_path) -> None:
    video, _ = narrated
    chapters = json.dumps({"chapters": [
        {"start_time": "00:00:00", "end_time": "00:00:05", "title": "Install", "summary": "Installing git."},
        {"start_time": "00:00:05", "end_time": "00:00:12", "title": "Commit", "summary": "Making commits."},
        {"start_time": "00:00:12", "end_time": "00:00:16", "title": "Branch", "summary": "Branches."}]})
    events = json.dumps({"events": [
        {"start_time": "00:00:08", "end_time": "00:00:09", "label": "typed", "summary": "Types git add soup.txt"},
        {"start_time": "00:00:10", "end_time": "00:00:11", "label": "Click", "summary": "Clicks Run"}]})
    minutes = json.dumps({"chapters": [{"start_time": "00:00:00", "end_time": "00:00:16", "title": "Git", "summary": "Basics."}],
                          "decisions": [{"time": "00:00:06", "text": "Use git."}, {"time": "02:00:00", "text": "invented"}],
                          "action_items": [{"time": "00:00:12", "text": "Try a branch.", "owner": "Ada"}]})
    with ReplayServer([openai_reply(chapters), openai_reply(events)]) as server:
        logged = annotate(video, AnnotateOptions(task="events", engine="openai", engine_options=_options(server, tmp_path)))
    assert "Write a fine-grained log" in server.requests[1]["messages"][0]["content"][-1]["text"]
    with ReplayServer([openai_reply(chapters), openai_reply(minutes)]) as server:
        # other answer limits, so no request body repeats one the engine has answered from its cache
        options = {**_options(server, tmp_path), "max_tokens": 1000}
        noted = annotate(video, AnnotateOptions(task="minutes", engine="openai", engine_options=options))
    assert "Write the minutes" in server.requests[-1]["messages"][0]["content"][-1]["text"]
    assert [(e.kind, e.description) for e in logged.events] == [("typed", "Types git add soup.txt"), ("click", "Clicks Run")]
    assert logged.run.task == "events" and [c.title for c in logged.chapters] == ["Install", "Commit", "Branch"]
    assert [d.text for d in noted.minutes.decisions] == ["Use git."]
    assert [(a.text, a.owner, a.time_seconds) for a in noted.minutes.action_items] == [("Try a branch.", "Ada", 12)]
    assert [t.title for t in noted.minutes.topics] == ["Git"]
