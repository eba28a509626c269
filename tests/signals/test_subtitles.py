"""Subtitles: sidecar .srt/.vtt files beside the video and embedded text tracks (MKV, MP4)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vidmark.media import probe
from vidmark.signals import SignalOptions, collect_signals
from vidmark.signals.subtitles import clean, find_sidecars, language_code, read_subtitles

from tests.conftest import ffmpeg

SRT = """1
00:00:00,500 --> 00:00:01,800
<i>Hello</i> and welcome

2
00:00:02,000 --> 00:00:03,500
Chapter one: {\\an8}the basics
"""

VTT = """WEBVTT

00:00:01.000 --> 00:00:02.000
Bonjour à tous
"""


@pytest.fixture
def video(clip: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(clip, tmp_path / "talk.mp4"))


def _texts(path: Path, languages: list[str] | None = None) -> list[tuple[float, float, str]]:
    signals = read_subtitles(path, probe(path), languages or [])
    return [(t.start_seconds, t.end_seconds, t.text) for t in signals.texts]


def test_a_sidecar_srt_is_picked_up(video: Path) -> None:
    (video.parent / "talk.srt").write_text(SRT, encoding="utf-8")
    assert _texts(video) == [(0.5, 1.8, "Hello and welcome"), (2.0, 3.5, "Chapter one: the basics")]


def test_the_preferred_language_wins(video: Path) -> None:
    (video.parent / "talk.en.srt").write_text(SRT, encoding="utf-8")
    (video.parent / "talk.fr.vtt").write_text(VTT, encoding="utf-8")
    (video.parent / "talkative.srt").write_text(VTT.replace("WEBVTT\n\n", "1\n"), encoding="utf-8")
    assert [lang for _, lang in find_sidecars(video)] == ["en", "fr"]
    signals = read_subtitles(video, probe(video), ["fr"])
    assert [t.text for t in signals.texts] == ["Bonjour à tous"] and signals.language == "fr"
    assert read_subtitles(video, probe(video), ["en"]).language == "en"


@pytest.mark.parametrize(("container", "codec"), [("mkv", "srt"), ("mp4", "mov_text")])
def test_an_embedded_track_is_read(clip: Path, tmp_path: Path, container: str, codec: str) -> None:
    srt_file = tmp_path / "cues.srt"
    srt_file.write_text(SRT, encoding="utf-8")
    muxed = tmp_path / f"muxed.{container}"
    ffmpeg("-i", str(clip), "-i", str(srt_file), "-map", "0", "-map", "1", "-c:v", "copy", "-c:a", "copy",
           "-c:s", codec, "-metadata:s:s:0", "language=eng", str(muxed))
    texts = _texts(muxed)
    assert [t for _, _, t in texts] == ["Hello and welcome", "Chapter one: the basics"]
    assert [(round(a, 2), round(b, 2)) for a, b, _ in texts] == [(0.5, 1.8), (2.0, 3.5)]
    assert read_subtitles(muxed, probe(muxed), []).language == "en"


def test_subtitles_replace_speech_recognition(video: Path) -> None:
    (video.parent / "talk.srt").write_text(SRT, encoding="utf-8")
    signals = collect_signals(video, probe(video), SignalOptions(shots=False, slides=False, ocr=False))
    assert [t.source for t in signals.texts] == ["subtitles", "subtitles"]
    assert signals.of_source("speech") == [] and signals.language == "en"


def test_no_subtitles_gives_nothing(video: Path) -> None:
    assert _texts(video) == []


def test_language_codes_and_markup() -> None:
    assert [language_code(c) for c in ("eng", "zh-Hans", "und", None, "pt_BR", "xyz")] == ["en", "zh", None, None, "pt", None]
    assert clean("<b>Bold</b>\\Nline {\\an8}two") == "Bold line two"
