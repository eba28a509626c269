"""Tolerant parsing of model answers, in the shapes models really return."""

from __future__ import annotations

import json

import pytest

from vidmark.errors import FormatError
from vidmark.engines.qwen.parse import parse_chapters, repair_json


def spans(chapters):
    return [(c.start_seconds, c.end_seconds, c.title) for c in chapters]


def test_seed_shape_in_a_code_fence_with_prose():
    text = ('Sure! Here are the chapters:\n```json\n[{"start_time": "00:00:00", "end_time": "00:01:05", '
            '"title": "Intro", "summary": "The host says hello."},\n {"start_time": "00:01:05", "end_time": '
            '"00:03:00", "title": "Setup", "summary": "Installing it."}]\n```\nLet me know!')
    chapters = parse_chapters(text)
    assert spans(chapters) == [(0, 65, "Intro"), (65, 180, "Setup")]
    assert chapters[0].summary == "The host says hello."


def test_object_with_chapters_key_and_prose_after():
    text = '{"chapters": [{"start_time": "0:00", "end_time": "0:30", "title": "A", "summary": "a"}]} Hope this helps.'
    assert spans(parse_chapters(text)) == [(0, 30, "A")]


def test_truncated_json_keeps_the_complete_chapters():
    text = ('{"chapters": [{"start_time": "00:00:00", "end_time": "00:00:40", "title": "One", "summary": "x"}, '
            '{"start_time": "00:00:40", "end_time": "00:01:20", "title": "Two", "summary": "y"}, {"start_time": "00:01:2')
    assert spans(parse_chapters(text, 200)) == [(0, 40, "One"), (40, 80, "Two")]


def test_repair_json_closes_open_brackets():
    assert repair_json('[{"a": [1, 2]}, {"b": "unfinished') == '[{"a": [1, 2]}]'
    assert repair_json('{"x": {"y": 1}, "z": [') == '{"x": {"y": 1}}'


@pytest.mark.parametrize("keys", [("start", "end"), ("begin", "stop"), ("start_seconds", "end_seconds"), ("from", "to")])
def test_alternative_keys(keys):
    text = f'[{{"{keys[0]}": 12.5, "{keys[1]}": "0:40", "name": "Part"}}]'
    assert spans(parse_chapters(text)) == [(12.5, 40, "Part")]


def test_time_key_alone_ends_at_the_next_start_and_duration():
    text = '[{"time": "<3.5 seconds>", "title": "a"}, {"time": "1m10s", "title": "b"}]'
    assert spans(parse_chapters(text, 100)) == [(3.5, 70, "a"), (70, 100, "b")]


def test_time_range_in_one_field():
    assert spans(parse_chapters('[{"timestamp": "00:10 - 00:25", "title": "x"}]')) == [(10, 25, "x")]
    assert spans(parse_chapters('[{"time": [5, 9], "title": "y"}]')) == [(5, 9, "y")]


def test_cookbook_shape_keyed_by_range():
    text = '{"00:23.00 - 00:48.00": "A man opens the door.", "00:48.00 - 01:10.50": "He sits down."}'
    assert spans(parse_chapters(text)) == [(23, 48, "A man opens the door."), (48, 70.5, "He sits down.")]


def test_chapter_llama_lines():
    text = "00:00:00 - Introduction\n00:05:10 - Main part\n01:00:00 - Closing words"
    assert spans(parse_chapters(text, 4000)) == [(0, 310, "Introduction"), (310, 3600, "Main part"),
                                                  (3600, 4000, "Closing words")]


def test_bulleted_range_lines():
    text = "Chapters:\n- [00:00 - 00:30] Opening\n- [00:30 - 01:00] Next"
    assert spans(parse_chapters(text)) == [(0, 30, "Opening"), (30, 60, "Next")]


def test_thinking_is_ignored():
    text = '<think>maybe 00:00:05 - wrong</think>[{"start_time": "00:00:01", "end_time": "00:00:02", "title": "t"}]'
    assert spans(parse_chapters(text)) == [(1, 2, "t")]


@pytest.mark.parametrize("text", ["", "I cannot watch videos.", '{"answer": "no chapters here"}'])
def test_nothing_usable_is_a_format_error(text):
    with pytest.raises(FormatError, match="holds no chapters"):
        parse_chapters(text)


def test_unreadable_times_are_a_format_error():
    with pytest.raises(FormatError, match="readable start time"):
        parse_chapters('[{"start_time": "soon", "title": "x"}]')


@pytest.mark.parametrize(("written", "seconds"), [
    (83.5, 83.5),              # a number, as the answer schema asks (the markers' clock)
    ("83.5", 83.5),
    ("83.5s", 83.5),           # seconds as in Qwen's training annotations (QwenLM/Qwen3-VL#752)
    ("83.5 seconds", 83.5),
    ("<83.5 seconds>", 83.5),  # the frame marker itself, copied back
    ("01:23.45", 83.45),       # mm:ss.ff, the cookbook's dense-captioning form
    ("12:34.56s", 754.56),     # hmsf with the unit, as #752 writes it
    ("1:02:03.5", 3723.5),
    ("00:01:23", 83.0),        # HH:MM:SS, what the seed's prompt asked for
    ("1:23", 83.0),
    ("[00:01:23]", 83.0),
])
def test_every_time_form_models_answer_with(written, seconds):
    answer = json.dumps({"chapters": [{"start_time": written, "end_time": 900, "title": "Setup"}]})
    assert parse_chapters(answer, 900)[0].start_seconds == pytest.approx(seconds)


def test_second_lines_are_not_read_as_numbered_lists():
    text = "<0.0 seconds> - <12.5 seconds>: Intro\n12.5s-40s Setup\n40.0 seconds - 55.5 seconds: Demo\n1. 00:56 Outro"
    assert [(c.start_seconds, c.end_seconds, c.title) for c in parse_chapters(text, 60)] == [
        (0.0, 12.5, "Intro"), (12.5, 40.0, "Setup"), (40.0, 55.5, "Demo"), (56.0, 60.0, "Outro")]


def test_range_keys_in_seconds():
    answer = json.dumps({"0.0 - 12.5 seconds": "Intro", "12.5 - 40.0 seconds": "Setup"})
    assert [(c.start_seconds, c.end_seconds) for c in parse_chapters(answer, 60)] == [(0.0, 12.5), (12.5, 40.0)]
