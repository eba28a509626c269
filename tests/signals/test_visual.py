"""The visual pass: slide changes on same-template slides, and OCR of their text with boxes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vidmark.media import probe
from vidmark.signals import SignalOptions
from vidmark.signals.visual import analyse_visual

from .conftest import CJK_FONT, render_slide, slide_video

SLIDES = [
    ("Gradient Descent", ["Follow the slope downhill", "Step size matters"]),
    ("Learning Rates", ["Too large diverges", "Too small is slow"]),
    ("Momentum", ["Averages past gradients", "Speeds up training"]),
]


@pytest.fixture(scope="module")
def lecture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three slides of one template, 5 s each."""
    folder = tmp_path_factory.mktemp("lecture")
    images = [render_slide(folder / f"s{i}.png", title, lines) for i, (title, lines) in enumerate(SLIDES)]
    return slide_video(folder / "lecture.mp4", images, 5)


@pytest.mark.slow
def test_slide_changes_and_titles(lecture: Path) -> None:
    signals = analyse_visual(lecture, probe(lecture), SignalOptions())
    changes = [b for b in signals.boundaries if 0.5 < b.time_seconds < 14.5]
    assert [b.kind for b in changes] == ["slide", "slide"], signals.boundaries
    assert all(abs(b.time_seconds - t) <= 0.6 for b, t in zip(changes, (5, 10)))
    for k, (title, lines) in enumerate(SLIDES):
        shown = [t for t in signals.of_source("ocr") if t.start_seconds <= 5 * k + 2.5 <= t.end_seconds]
        texts = [t.text for t in shown]
        assert title in texts and all(line in texts for line in lines), texts
        top = min(shown, key=lambda t: t.box[1])
        assert top.text == title and top.box[3] == max(t.box[3] for t in shown)  # highest and tallest
        assert abs(top.start_seconds - 5 * k) <= 0.6 and abs(top.end_seconds - 5 * (k + 1)) <= 0.6


@pytest.mark.slow
def test_ocr_reads_few_frames(lecture: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vidmark.signals import ocr

    calls = []
    original = ocr.TextReader.read
    monkeypatch.setattr(ocr.TextReader, "read", lambda self, *a: calls.append(a[1]) or original(self, *a))
    analyse_visual(lecture, probe(lecture), SignalOptions())
    assert len(calls) == 3  # one read per slide, not one per sampled frame


@pytest.mark.slow
def test_chinese_slide_is_read(tmp_path: Path) -> None:
    if not CJK_FONT.exists():
        pytest.skip(f"no CJK font at {CJK_FONT} (apt-get install fonts-wqy-zenhei)")
    image = render_slide(tmp_path / "zh.png", "梯度下降法", ["学习率决定步长"], font=CJK_FONT)
    video = slide_video(tmp_path / "zh.mp4", [image], 3)
    texts = [t.text for t in analyse_visual(video, probe(video), SignalOptions()).of_source("ocr")]
    assert "梯度下降法" in texts and "学习率决定步长" in texts


def test_shots_only_reads_no_text(lecture: Path) -> None:
    signals = analyse_visual(lecture, probe(lecture), SignalOptions(ocr=False, slides=False))
    assert signals.texts == [] and [b for b in signals.boundaries if 0.5 < b.time_seconds < 14.5] == []
    assert len(signals.visual) >= 14


@pytest.mark.shared
@pytest.mark.slow
def test_clip03_caption_changes_mark_the_sections(shared_clips: Path) -> None:
    folder = shared_clips / "03_fraunhofer_chid"
    truth = json.loads((folder / "ground_truth_sections.json").read_text())["sections"]
    path = folder / "ChID-BLITS-EBU.mp4"
    signals = analyse_visual(path, probe(path), SignalOptions())
    slides = [b.time_seconds for b in signals.boundaries if b.kind == "slide"]
    for section in truth[1:]:
        assert any(abs(t - section["start"]) <= 1.0 for t in slides), (section, slides)
    assert len(slides) == len(truth) - 1
    captions = {t.text for t in signals.of_source("ocr")}
    assert {s["title"] for s in truth} <= captions
