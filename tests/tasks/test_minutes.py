"""Minutes from chapters and what is said."""

from __future__ import annotations

from vidmark.model import Chapter, Signals, TimedText
from vidmark.tasks.minutes import minutes_from


def test_decisions_and_action_items_with_owners_in_english_and_chinese() -> None:
    said = Signals(texts=[
        TimedText(start_seconds=5, end_seconds=9, text="We decided to use Postgres. Ada will send the draft by Friday.", source="speech"),
        TimedText(start_seconds=20, end_seconds=24, text="The weather was nice today.", source="speech"),
        TimedText(start_seconds=30, end_seconds=33, text="我们决定下周发布。小王负责测试。", source="subtitles"),
        TimedText(start_seconds=40, end_seconds=41, text="We decided nothing on screen", source="ocr"),
    ])
    topics = [Chapter(start_seconds=0, end_seconds=25, title="Database"), Chapter(start_seconds=25, end_seconds=50, title="发布")]
    minutes = minutes_from(topics, said)
    assert minutes.topics == topics
    assert [(d.time_seconds, d.text) for d in minutes.decisions] == [(5, "We decided to use Postgres."), (30, "我们决定下周发布。")]
    assert [(a.text, a.owner) for a in minutes.action_items] == [("Ada will send the draft by Friday.", "Ada"), ("小王负责测试。", "小王")]
