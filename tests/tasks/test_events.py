"""The offline event log: on signals made up here, and on a generated screen recording."""

from __future__ import annotations

import pytest

from vidmark.model import Boundary, Signals, TimedText
from vidmark.pipeline import AnnotateOptions
from vidmark.tasks.run import annotate
from vidmark.tasks.events import events_from_signals


def _ocr(start: float, end: float, text: str, y: float, height: float = 0.06) -> TimedText:
    return TimedText(start_seconds=start, end_seconds=end, text=text, source="ocr", box=(0.05, y, 0.5, height))


def test_screens_typing_text_and_steps() -> None:
    signals = Signals(
        boundaries=[Boundary(time_seconds=10, kind="cut"), Boundary(time_seconds=30, kind="silence")],
        texts=[_ocr(10, 30, "Terminal", 0.05, 0.12), _ocr(10, 12, "$ git st", 0.3),
               _ocr(12, 30, "$ git status", 0.3), _ocr(20, 30, "On branch main", 0.4),
               TimedText(start_seconds=11, end_seconds=13, text="Now type git status.", source="speech")])
    events = events_from_signals(signals)
    kinds = [(e.kind, e.description) for e in events]
    assert ("screen", "Screen changes to “Terminal”") in kinds
    assert ("typed", "Types “git status”") in kinds
    assert not any(d == "Types “git st”" for _, d in kinds)  # typing in progress, continued later
    assert ("text", "Shows “On branch main”") in kinds
    assert ("step", "Says: Now type git status.") in kinds
    assert [e.start_seconds for e in events] == sorted(e.start_seconds for e in events)
    assert not any(e.start_seconds == 30 for e in events if e.kind == "screen")  # a silence is no screen change


@pytest.mark.slow
def test_annotate_task_events_on_a_generated_screencast(narrated) -> None:
    video, gold = narrated
    annotation = annotate(video, AnnotateOptions(task="events"))
    assert annotation.run.task == "events" and annotation.chapters
    typed = [e for e in annotation.events if e.kind == "typed"]
    assert any("git add soup.txt" in e.description for e in typed)
    screen_start = next(s["start_seconds"] for s in gold["run"]["parameters"]["slides"] if s["style"] == "screen")
    assert all(e.start_seconds >= screen_start - 1 for e in typed)
    assert any(e.kind == "screen" for e in annotation.events)
