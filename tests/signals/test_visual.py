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


def _console(path: Path, lines: list[str]) -> Path:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (960, 720), (18, 18, 24))
    draw = ImageDraw.Draw(image)
    for k, line in enumerate(lines):
        draw.text((24, 20 + 40 * k), line, fill=(220, 220, 220), font=ImageFont.load_default(size=26))
    image.save(path)
    return path


@pytest.mark.slow
def test_a_line_typed_into_a_busy_terminal_dates_from_when_it_shows(tmp_path: Path) -> None:
    # each new command and its output change too little of the screen to count as a new picture; its line
    # used to get the time the terminal first showed (0 s), so no step began where it was typed
    lines = [f"dev@laptop:~/shop$ echo line {k} >> notes.txt" for k in range(10)]
    typed = ["dev@laptop:~/shop$ git switch -c cart", "dev@laptop:~/shop$ git merge cart", "dev@laptop:~/shop$ git log"]
    output = ["Switched to a new branch 'cart' from main", "Updating 4f2a9c1..9b1e77d (fast-forward)",
              "commit 9b1e77d (HEAD -> main, cart) Add cart"]
    steps = [[command, said] for command, said in zip(typed, output)]
    screens = [_console(tmp_path / f"c{k}.png", lines + sum(steps[:k], [])) for k in range(len(steps) + 1)]
    video = slide_video(tmp_path / "terminal.mp4", screens, 6)
    signals = analyse_visual(video, probe(video), SignalOptions())
    for k, line in enumerate(typed, 1):
        first = min(t.start_seconds for t in signals.of_source("ocr") if t.text == line)
        assert 6 * k - 1.0 <= first <= 6 * k + 0.5, (line, first)
    assert min(t.start_seconds for t in signals.of_source("ocr") if t.text == lines[0]) == 0.0


@pytest.mark.slow
def test_two_lines_read_together_each_date_from_when_their_own_part_of_the_screen_changed(tmp_path: Path) -> None:
    # a short line (too little change for a read of its own) and, 6 s later, the next one: one
    # read sees both; the first is dated from when it was typed, not from the read
    lines = [f"dev@laptop:~/shop$ echo line {k} >> notes.txt" for k in range(10)]
    typed = ["dev@laptop:~/shop$ pytest -q", "1 passed, 0 failed in 0.03s (1 item collected)"]
    screens = [_console(tmp_path / f"c{k}.png", lines + typed[:k]) for k in range(len(typed) + 1)]
    video = slide_video(tmp_path / "terminal.mp4", screens, 6)
    signals = analyse_visual(video, probe(video), SignalOptions())
    for k, line in enumerate(typed, 1):
        first = min(t.start_seconds for t in signals.of_source("ocr") if t.text == line)
        assert 6 * k - 1.0 <= first <= 6 * k + 0.5, (line, first)


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
