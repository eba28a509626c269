"""One test per defect the hardening suites found, at the smallest input that showed it."""

from __future__ import annotations

import json

import pytest

from tests.hardening.fault_server import FaultServer
from tests.hardening.fuzz_targets import seed_files
from vidmark.engines import EngineRequest, create_engine
from vidmark.errors import FormatError, TimecodeError
from vidmark.export import get_format
from vidmark.media import probe
from vidmark.model import Chapter
from vidmark.refine import normalize, youtube_compatible, youtube_problems
from vidmark.engines.qwen.parse import parse_chapters
from vidmark.timecode import parse_timecode


def test_huge_integer_is_a_timecode_error_not_an_overflow() -> None:
    with pytest.raises(TimecodeError, match="not a valid time"):
        parse_timecode(10**400)


@pytest.mark.parametrize("answer", ["[" * 5000, '{"chapters": ' * 3000 + "[]"])
def test_deeply_nested_model_answer_is_a_format_error_not_a_recursion_error(answer: str) -> None:
    with pytest.raises(FormatError, match="holds no chapters"):
        parse_chapters(answer)


def test_nested_answer_within_reason_still_reads() -> None:
    answer = '{"chapters": ' * 50 + '[{"start": 1, "title": "x"}]' + "}" * 50
    assert [c.title for c in parse_chapters(answer)] == ["x"]


def test_damaged_otio_document_is_a_format_error_not_a_key_error() -> None:
    document = json.loads(seed_files()["otio"])
    del document["tracks"]["children"]  # opentimelineio raises KeyError for it
    with pytest.raises(FormatError, match="not an OpenTimelineIO document"):
        get_format("otio").read(json.dumps(document))


def test_srt_hours_past_timedelta_range_are_a_format_error() -> None:
    with pytest.raises(FormatError, match="not valid SRT"):
        get_format("srt").read("1\n30000000000:00:00,000 --> 30000000000:00:01,000\nx\n")


@pytest.mark.parametrize("name", ["podlove", "matroska-xml"])
def test_xml_with_an_unknown_encoding_is_a_format_error(name: str) -> None:
    text = seed_files()[name]
    declared = text.replace("UTF-8", "U0TF-8").replace("utf-8", "U0TF-8")
    assert declared != text
    with pytest.raises(FormatError):
        get_format(name).read(declared)


@pytest.mark.parametrize(("duration", "starts"), [(30.0, []), (30.0, [0, 12]), (39.0, [0, 19.5]), (31.7, [0, 10, 21])])
def test_youtube_rules_never_leave_a_chapter_under_ten_seconds(duration: float, starts: list[float]) -> None:
    chapters = [Chapter(start_seconds=s, end_seconds=s, title=f"t{s:g}") for s in starts]
    result = youtube_compatible(normalize(chapters, duration), duration)
    assert youtube_problems(result) == []
    assert result[-1].end_seconds == duration


@pytest.mark.parametrize("engine", ["openai", "ollama"])
@pytest.mark.parametrize("fault", ["truncated-once", "invalid-once"])
def test_a_body_that_is_not_json_is_retried_not_an_internal_error(engine: str, fault: str, clip, tmp_path) -> None:
    """HTTP 200 with half a JSON body, or a proxy's HTML page, used to escape as JSONDecodeError."""
    with FaultServer() as server:
        base_url = server.url if engine == "openai" else server.url.removesuffix("/v1")
        chosen = create_engine(engine, {"base_url": base_url, "model": fault, "target_fps": 2, "retries": 1,
                                        "backoff_seconds": 0.01, "dedupe_threshold": 0,
                                        "log_path": str(tmp_path / "log.sqlite")})
        result = chosen.annotate(EngineRequest(path=str(clip), video=probe(clip)))
    assert [c.title for c in result.chapters] == ["Colour bars", "Still bars"]
    assert server.seen[fault] == 2


def test_embed_sweeps_the_temp_files_of_a_killed_run_but_not_live_ones(clip, tmp_path) -> None:
    """A SIGKILLed embed left its hidden temp file (as big as the video) behind for good."""
    import fcntl

    from vidmark.export.embed import embed_chapters

    target = tmp_path / "out.mp4"
    stale, live = tmp_path / ".out.mp4.dead1234.part", tmp_path / ".out.mp4.live5678.part"
    stale.write_bytes(b"\0" * 4096)
    live.write_bytes(b"\0" * 4096)
    with live.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a run still writing
        embed_chapters(clip, [Chapter(start_seconds=0, end_seconds=2, title="a"),
                              Chapter(start_seconds=2, end_seconds=4, title="b")], target)
    assert target.is_file() and not stale.exists() and live.exists()
