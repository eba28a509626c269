"""Splicing chapters into the real MP4 and WebM clips in ../shared/clips: files nobody here
made (other muxers, other box layouts) take the chapters without ffmpeg's remux, and every
packet stays as it was. Skipped, with the reason, when ../shared is absent."""

from __future__ import annotations

import pytest

from vidmark.export import embed as embed_module
from vidmark.export.embed import embed_chapters
from vidmark.model import Chapter

from .conftest import chapters_of, packet_digest

pytestmark = [pytest.mark.shared, pytest.mark.slow]

CLIPS = [
    "01_cc_wannaworktogether/wannaworktogether.mp4",
    "03_fraunhofer_chid/ChID-BLITS-EBU.mp4",
    "04_moviepy_bbb_trailer/trailer_bbb.mp4",
    "05_pyscenedetect_testvideo/testvideo.mp4",
    "07_autoeditor_example/example.mp4",
    "08_gnome_screencast/display-dual-monitors.webm",
]


@pytest.mark.parametrize("name", CLIPS)
def test_real_clips_are_spliced(shared_clips, tmp_path, monkeypatch, name):
    source = shared_clips / name
    if not source.exists():
        pytest.skip(f"{name} is not in ../shared/clips")

    def no_remux(*args):
        raise AssertionError("remuxed instead of spliced")

    monkeypatch.setattr(embed_module, "_remux", no_remux)
    marks = [Chapter(start_seconds=0, end_seconds=5, title="开场 Intro"), Chapter(start_seconds=5, end_seconds=7, title="🎬")]
    out = embed_chapters(source, marks, tmp_path / f"out{source.suffix}")
    assert [(round(s, 3), title) for s, _, title in chapters_of(out)] == [(0.0, "开场 Intro"), (5.0, "🎬")]
    assert packet_digest(out) == packet_digest(source)
