"""The OCR reader: its ONNX Runtime sessions do not spin, and read what rapidocr's own read."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vidmark.signals.ocr import TextReader

from .conftest import render_slide


@pytest.fixture(scope="module")
def reader() -> TextReader:
    return TextReader(960)


def _sessions(reader: TextReader) -> list:
    ocr = reader._ocr
    return [ocr.text_det.session.session, ocr.text_rec.session.session]


def test_the_sessions_threads_sleep_instead_of_spinning(reader: TextReader) -> None:
    for session in _sessions(reader):
        options = session.get_session_options()
        assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
        assert options.enable_cpu_mem_arena


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
