"""The task formats: minutes as Markdown, the event log as CSV, json-full carrying both."""

from __future__ import annotations

import csv
import io
import json

from vidmark.export import render
from vidmark.model import Chapter, Event, Minutes, MinutesItem

from .conftest import annotation_of

CHAPTERS = [Chapter(start_seconds=0, end_seconds=60, title="Budget *2027*", summary="Costs went up."),
            Chapter(start_seconds=60, end_seconds=125, title="发布计划")]
MINUTES = Minutes(topics=CHAPTERS, decisions=[MinutesItem(time_seconds=42, text="We decided to hire two people.")],
                  action_items=[MinutesItem(time_seconds=90, text="Ada will send the plan.", owner="Ada")])
EVENTS = [Event(start_seconds=5, end_seconds=6, kind="screen", description="Screen changes to “Terminal”"),
          Event(start_seconds=7.25, end_seconds=9, kind="typed", description="=cmd|' /C calc'!A0")]


def test_minutes_markdown_lists_topics_decisions_and_owners() -> None:
    text = render(annotation_of(CHAPTERS, duration=125).model_copy(update={"minutes": MINUTES}), "minutes")
    assert "- 00:00:00–00:01:00 **Budget \\*2027\\***\n  Costs went up." in text
    assert "## Decisions\n\n- 00:00:42 We decided to hire two people." in text
    assert "- 00:01:30 **Ada**: Ada will send the plan." in text


def test_minutes_without_a_minutes_run_fall_back_to_the_chapters() -> None:
    text = render(annotation_of(CHAPTERS, duration=125), "minutes")
    assert "**发布计划**" in text and text.count("- (none found)") == 2


def test_events_csv_rows_guard_formulas() -> None:
    text = render(annotation_of(CHAPTERS, duration=125).model_copy(update={"events": EVENTS}), "events-csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["start_seconds", "end_seconds", "start_time", "end_time", "kind", "description"]
    assert rows[2][:5] == ["7.250", "9.000", "00:00:07.250", "00:00:09.000", "typed"]
    assert rows[2][5] == "'=cmd|' /C calc'!A0"


def test_json_full_carries_events_and_minutes_only_when_present() -> None:
    plain = json.loads(render(annotation_of(CHAPTERS, duration=125), "json-full"))
    assert "events" not in plain and "minutes" not in plain
    full = json.loads(render(annotation_of(CHAPTERS, duration=125).model_copy(update={"events": EVENTS, "minutes": MINUTES}), "json-full"))
    assert full["events"][1]["kind"] == "typed" and full["minutes"]["action_items"][0]["owner"] == "Ada"
