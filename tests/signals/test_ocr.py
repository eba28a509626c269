"""The OCR reader: its ONNX Runtime sessions do not spin, read what rapidocr's own read, and
recognise again only the lines whose picture changed."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vidmark.signals.ocr import TextReader, same_picture

from .conftest import render_slide


@pytest.fixture(scope="module")
def reader() -> TextReader:
    return TextReader(960)


def _sessions(reader: TextReader) -> list:
    ocr = reader._ocr
    return [ocr.text_det.session.session, ocr.text_rec.recognizer.session.session]


def test_the_sessions_threads_sleep_instead_of_spinning(reader: TextReader) -> None:
    for session in _sessions(reader):
        options = session.get_session_options()
        assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
        assert options.enable_cpu_mem_arena


def test_a_picture_without_text_reads_as_no_lines_and_logs_nothing(reader: TextReader) -> None:
    ramp = np.tile(np.linspace(0, 255, 960, dtype=np.uint8), (540, 1))
    picture = np.stack([ramp, ramp[::-1], np.full_like(ramp, 90)], axis=2)
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    rapidocr_log = logging.getLogger("RapidOCR")  # its own handler prints to stderr: it does not propagate
    rapidocr_log.addHandler(handler)
    try:
        assert reader.read(picture, 0.0, 1.0) == []
    finally:
        rapidocr_log.removeHandler(handler)
    assert [r.getMessage() for r in records if r.levelno >= logging.WARNING] == []  # was "The text detection result is empty"


@pytest.mark.slow
def test_the_rebuilt_sessions_read_what_rapidocrs_own_read(reader: TextReader, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    slide = render_slide(tmp_path / "s.png", "Gradient Descent", ["Follow the slope downhill", "Step size 0.01"])
    image = np.asarray(Image.open(slide).convert("RGB").resize((960, 540)))
    monkeypatch.setattr("vidmark.signals.ocr._calm_sessions", lambda ocr: None)
    plain = TextReader(960)
    read = reader.read(image, 1.0, 2.0)
    assert [t.text for t in read] == ["Gradient Descent", "Follow the slope downhill", "Step size 0.01"]
    assert read == plain.read(image, 1.0, 2.0)
    assert not any(s.get_session_options().enable_cpu_mem_arena for s in _sessions(plain))  # rapidocr's own


def test_a_line_under_codec_noise_is_the_same_picture_and_one_changed_character_is_not() -> None:
    rng = np.random.default_rng(0)
    line = rng.integers(0, 256, (32, 640, 3), dtype=np.uint8)
    noisy = np.clip(line.astype(np.int16) + rng.integers(-2, 3, line.shape), 0, 255).astype(np.uint8)
    assert same_picture(line, noisy)
    typed = line.copy()
    typed[4:28, 600:618] = 255 - typed[4:28, 600:618]  # one character at the end of a long line
    assert not same_picture(line, typed)


def test_a_line_whose_box_grew_by_a_pixel_is_the_same_picture() -> None:
    rng = np.random.default_rng(1)
    page = rng.integers(0, 256, (40, 700, 3), dtype=np.uint8)
    assert same_picture(page[4:36, 10:650], page[4:37, 9:651])  # the detector's box one pixel larger
    assert not same_picture(page[4:36, 10:650], page[4:36, 10:640])  # a shorter line: a character gone
    assert not same_picture(page[4:36, 10:650], page[8:40, 10:650])  # another line below


@pytest.mark.slow
def test_a_second_read_recognises_only_the_line_that_changed(tmp_path: Path) -> None:
    reader = TextReader(960)
    recognizer = reader._ocr.text_rec.recognizer
    asked: list[int] = []
    reader._ocr.text_rec.recognizer = lambda request: asked.append(len(request.img)) or recognizer(request)
    body = ["Follow the slope downhill", "Step size 0.01"]
    first = render_slide(tmp_path / "a.png", "Gradient Descent", body)
    second = render_slide(tmp_path / "b.png", "Gradient Descent", [body[0], "Step size 0.05"])
    frames = [np.asarray(Image.open(p).convert("RGB").resize((960, 540))) for p in (first, second)]
    reads = [reader.read(frame, 1.0, 2.0) for frame in frames]
    assert [t.text for t in reads[1]] == ["Gradient Descent", "Follow the slope downhill", "Step size 0.05"]
    assert asked == [3, 1]
