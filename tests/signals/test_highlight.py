"""Meeting highlights on generated media: the agenda's current item and the active speaker."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from vidmark.media import probe
from vidmark.model import TimedText
from vidmark.signals import SignalOptions
from vidmark.signals.highlight import mark_highlighted, speaker_box, speaker_changes
from vidmark.signals.visual import analyse_visual

from tests.signals.meeting import AGENDA, ITEM_SECONDS, SPEAKER_SECONDS, TILES, meeting_frame, meeting_video


def _line(text: str, y: float) -> TimedText:
    return TimedText(start_seconds=0, end_seconds=1, text=text, source="ocr", box=(0.04, y, 0.4, 0.05))


def test_the_line_on_its_own_band_is_the_highlighted_item() -> None:
    image = np.array(meeting_frame(ITEM_SECONDS * 2))  # the third item is current
    lines = [_line(item, (160 + 90 * k) / 720) for k, item in enumerate(AGENDA)]
    marked = mark_highlighted(image, lines)
    assert [t.highlighted for t in marked] == [False, False, True, False]
    assert not any(t.highlighted for t in mark_highlighted(image, lines[:2]))  # two lines are no list


def test_the_active_speaker_is_the_framed_tile() -> None:
    for second in (0, SPEAKER_SECONDS, 3 * SPEAKER_SECONDS):
        box = speaker_box(np.array(meeting_frame(second)))
        x, y = TILES[(second // SPEAKER_SECONDS) % len(TILES)]
        assert box is not None and abs(box[0] - x / 1280) < 0.02 and abs(box[1] - y / 720) < 0.02
    plain = np.full((240, 320, 3), 90, dtype=np.uint8)
    plain[60:180, 80:240] = (220, 40, 40)  # a filled red shape is no border
    assert speaker_box(plain) is None


def test_a_speaker_change_is_where_the_border_moves() -> None:
    a, b = (0.1, 0.1, 0.3, 0.3), (0.6, 0.1, 0.3, 0.3)
    found = speaker_changes([0.0, 1.0, 2.0, 3.0, 4.0], [a, a, None, b, b])
    assert [(x.time_seconds, x.kind) for x in found] == [(2.5, "speaker")]


@pytest.mark.slow
def test_a_highlighted_agenda_item_that_moves_is_read_each_time_it_moves(tmp_path: Path) -> None:
    path = meeting_video(tmp_path / "meeting.mp4")
    signals = analyse_visual(path, probe(path), SignalOptions())
    current = [(round(t.start_seconds), t.text) for t in signals.texts if t.highlighted]
    assert [text for _, text in current] == [f"{k + 1}. {item}" for k, item in enumerate(AGENDA)]
    assert all(abs(at - k * ITEM_SECONDS) <= 1 for k, (at, _) in enumerate(current))
    speakers = [b.time_seconds for b in signals.boundaries if b.kind == "speaker"]
    assert len(speakers) == len(AGENDA) * ITEM_SECONDS // SPEAKER_SECONDS - 1
