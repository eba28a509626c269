"""VidChapters-7M records: write, read back, reject inconsistent ones."""

from __future__ import annotations

import json

import pytest

from vidmark.errors import FormatError
from vidmark.export import format_for_path, get_format, render

from .chapter_sample import ANNOTATION


def test_vidchapters_record_round_trip() -> None:
    record = json.loads(render(ANNOTATION, "vidchapters"))
    assert record == {"duration": 3725.5, "chapters": [
        {"label": "Intro --> start", "time": 0.0}, {"label": "安装 Python", "time": 61.25},
        {"label": "Wrap-up", "time": 3600.0}]}
    back = get_format("vidchapters").read(json.dumps({"vid123": record}))
    assert back.duration_seconds == 3725.5
    assert [(c.start_seconds, c.end_seconds) for c in back.chapters] == [(0, 61.25), (61.25, 3600), (3600, 3725.5)]


@pytest.mark.parametrize(("data", "message"), [
    ({"chapters": []}, "duration"),
    ({"duration": 10, "chapters": [{"label": "a", "time": 5}, {"label": "b", "time": 5}]}, "increase"),
    ({"duration": 10, "chapters": [{"label": "a", "time": 11}]}, "after the duration"),
    ({"duration": 10, "chapters": [{"label": "a", "time": "0:05"}]}, "chapter 0 time"),
    ([1, 2], "must be an object"),
])
def test_vidchapters_rejects_inconsistent_records(data: object, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        get_format("vidchapters").read(json.dumps(data))


def test_vidchapters_is_found_by_file_name_and_by_content() -> None:
    assert format_for_path("a.vidchapters.json").name == "vidchapters"
    text = render(ANNOTATION, "vidchapters")
    assert [n for n in ("json", "json-full", "youtube", "webvtt", "vidchapters") if get_format(n).sniff(text)] == ["vidchapters"]
