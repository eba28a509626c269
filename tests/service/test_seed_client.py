"""The seed's client code as written (tests/service/seed_client.py), against a real
``vidmark serve`` on 127.0.0.1 chaptering the bundled sample."""

from __future__ import annotations

import json

import pytest

from tests.export.conftest import TRICKY_TITLES, annotation_of
from tests.service import seed_client
from tests.service.conftest import SAMPLE
from vidmark.model import Chapter
from vidmark.service.seed import seed_answer
from vidmark.timecode import parse_timecode


@pytest.mark.slow
@pytest.mark.skipif(not SAMPLE.is_file(), reason="sample/tutorial.mp4 is absent")
def test_the_seeds_client_unchanged_gets_the_chapters(serve, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    server = serve("--engine", "offline")
    monkeypatch.setattr(seed_client, "API_URL", server.url + "/api/predict")
    chapters = seed_client.get_video_chapters(str(SAMPLE))
    printed = capsys.readouterr().out
    assert "请求失败" not in printed, printed
    assert chapters is not None and len(chapters) >= 2
    assert all(set(c) == {"start_time", "end_time", "title", "summary"} for c in chapters)
    assert chapters[0]["start_time"] == "00:00:00" and abs(parse_timecode(chapters[-1]["end_time"]) - 140.8) <= 1
    assert all(c["title"] for c in chapters) and printed.count("\n") == len(chapters)


def test_the_answer_is_one_json_value_between_its_first_and_last_brace() -> None:
    titles = [*TRICKY_TITLES, "{braces} in a title }"]
    annotation = annotation_of([Chapter(start_seconds=i, end_seconds=i + 1, title=t) for i, t in enumerate(titles)])
    text = seed_answer(annotation, "0123456789abcdef")
    cut = json.loads(text[text.find("{"):text.rfind("}") + 1])
    assert cut == json.loads(text) and [c["title"] for c in cut["chapters"]] == titles
