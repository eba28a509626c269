"""Meetings: the agenda's highlighted item names and opens each chapter, in English and Chinese."""

from __future__ import annotations

import pytest

from vidmark.model import Boundary, Signals, TimedText
from vidmark.segment import segment

EN = ("1. Welcome and introductions", "2. Quarterly budget review", "3. Hiring plan for spring", "4. Office move")
ZH = ("1. 欢迎和介绍", "2. 季度预算审查", "3. 春季招聘计划", "4. 办公室搬迁")
ITEM = 30.0


def _meeting(agenda: tuple[str, ...], title: str) -> Signals:
    """OCR reads every 5 s (the speaker's border moved) of an agenda whose current item moves every 30 s."""
    texts = []
    for k in range(int(ITEM * len(agenda) / 5)):
        at = 5.0 * k
        current = int(at // ITEM)
        texts.append(TimedText(start_seconds=at, end_seconds=at + 5, text=title, source="ocr", box=(0.04, 0.07, 0.1, 0.06)))
        texts += [TimedText(start_seconds=at, end_seconds=at + 5, text=item, source="ocr", highlighted=i == current,
                            box=(0.05, 0.22 + 0.125 * i, 0.4, 0.04)) for i, item in enumerate(agenda)]
    speakers = [Boundary(time_seconds=5.0 * k - 0.5, kind="speaker") for k in range(1, len(texts) // 5)]
    return Signals(texts=texts, boundaries=speakers)


@pytest.mark.parametrize("agenda, title", [(EN, "Agenda"), (ZH, "议程")])
def test_each_highlighted_agenda_item_is_a_chapter_named_by_it(agenda, title):
    chapters = segment(_meeting(agenda, title), 0.0, ITEM * len(agenda))
    assert [c.start_seconds for c in chapters] == [ITEM * k for k in range(len(agenda))]
    assert [c.title for c in chapters] == [item.split(". ", 1)[1] for item in agenda]


def test_speaker_changes_alone_make_no_chapter():
    signals = _meeting(EN, "Agenda")
    signals.texts = [t.model_copy(update={"highlighted": False}) for t in signals.texts]
    assert len(segment(signals, 0.0, ITEM * len(EN))) == 1
