"""Fuzz targets shared by the hypothesis tests and the atheris harness.

Each target takes fuzzer-made input, runs one vidmark entry point that reads untrusted
text (timecodes, model answers, chapter files) or reshapes untrusted chapters
(refinement), and checks what must always hold. Only vidmark's own errors may escape;
anything else (a ValueError from pydantic, a RecursionError, an OverflowError) is a finding.
"""

from __future__ import annotations

import math

from vidmark.errors import VidmarkError
from vidmark.export import format_names, get_format
from vidmark.model import Boundary, Chapter
from vidmark.refine import RefineOptions, refine
from vidmark.engines.qwen.parse import parse_chapters, repair_json
from vidmark.timecode import MAX_SECONDS, parse_timecode

READABLE_FORMATS = format_names(readable_only=True)


def timecode(text: str) -> None:
    try:
        seconds = parse_timecode(text)
    except VidmarkError:
        return
    assert math.isfinite(seconds) and 0 <= seconds <= MAX_SECONDS, (text, seconds)


def model_answer(text: str, duration_seconds: float | None) -> None:
    repair_json(text)
    try:
        chapters = parse_chapters(text, duration_seconds)
    except VidmarkError:
        return
    assert chapters, text
    for chapter in chapters:
        assert math.isfinite(chapter.start_seconds) and chapter.end_seconds >= chapter.start_seconds >= 0, chapter


def chapter_file(format_name: str, text: str) -> None:
    try:
        read = get_format(format_name).read(text)
    except VidmarkError:
        return
    for chapter in read.chapters:
        assert chapter.end_seconds >= chapter.start_seconds >= 0, (format_name, chapter)
    assert read.duration_seconds is None or read.duration_seconds >= 0, (format_name, read.duration_seconds)


def refinement(spans: list[tuple[float, float]], duration_seconds: float, anchors: list[float],
               options: RefineOptions) -> None:
    chapters = [Chapter(start_seconds=min(a, b), end_seconds=max(a, b), title=f"c{i}") for i, (a, b) in enumerate(spans)]
    boundaries = [Boundary(time_seconds=t) for t in anchors]
    try:
        result = refine(chapters, duration_seconds, options, boundaries)
    except VidmarkError:
        assert options.youtube, "only the YouTube rules may refuse a video (too short)"
        return
    assert_covering(result, duration_seconds, options)


def assert_covering(result: list[Chapter], duration: float, options: RefineOptions) -> None:
    """Refinement's invariants: ordered, contiguous, from 0 to the duration, long enough."""
    assert result, "no chapters"
    assert result[0].start_seconds == 0.0, result[0]
    assert result[-1].end_seconds == max(duration, 0.0), (result[-1], duration)
    for a, b in zip(result, result[1:]):
        assert a.end_seconds == b.start_seconds and a.start_seconds < b.start_seconds, (a, b)
    shortest = options.min_chapter_seconds if not options.youtube else 10.0
    if len(result) > 1:
        assert all(c.duration_seconds >= shortest - 1e-9 for c in result), [c.duration_seconds for c in result]
    if options.youtube:
        assert len(result) >= 3, result


def seed_files() -> dict[str, str]:
    """One valid file per readable format, with tricky titles: the fuzzers mutate these."""
    from vidmark.model import Annotation, RunInfo, VideoInfo, VideoStreamInfo

    chapters = [Chapter(start_seconds=0, end_seconds=61.25, title="Intro --> \"start\" <b>&amp;", summary="a=b; c#d"),
                Chapter(start_seconds=61.25, end_seconds=3600, title="安装 Python", summary="line\n\nbreak"),
                Chapter(start_seconds=3600, end_seconds=3725.5, title="Wrap-up =SUM(A1)")]
    video = VideoInfo(path="/nowhere/talk.mp4", size_bytes=0, container="none", duration_seconds=3725.5,
                      video=VideoStreamInfo(index=0, codec="none", width=1, height=1, fps=25.0))
    annotation = Annotation(video=video, chapters=chapters, run=RunInfo(engine="fuzz"))
    return {name: _writer(name).write(annotation) for name in READABLE_FORMATS}


def _writer(name: str):
    no_pictures = {"thumbnails": False} if "thumbnails" in get_format(name).Options.model_fields else None
    return get_format(name, no_pictures)


SEED_ANSWERS = [
    '```json\n[{"start_time": "00:00:00", "end_time": "00:01:05", "title": "Intro", "summary": "Hi."},'
    ' {"start_time": "00:01:05", "title": "Setup"}]\n```',
    '{"chapters": [{"start": "<0.0 seconds>", "end": "<12.5 seconds>", "title": "A"}, {"begin": 12.5, "name": "B"',
    '{"00:23.00 - 00:48.00": "a caption", "00:48.00 - 01:10.00": {"title": "T", "summary": "S"}}',
    "<think>hmm [ { </think>00:00:00 - Welcome\n00:02:10 - Part two\n1:02:03 – The end",
    '[{"time": [0, 30], "event": "x"}, {"timestamp": "1h2m3s", "label": "y"}]',
]
