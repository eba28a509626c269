"""Speech: flite sentences at known offsets are found within a second; pauses become silences."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from vidmark.errors import ConfigError
from vidmark.media import probe
from vidmark.model import Span, Word
from vidmark.signals import SignalOptions
from vidmark.signals.speech import SpeechProcess, analyse_speech, group_words, silences

from tests.conftest import ffmpeg

from .conftest import speak, with_speech_at

SENTENCE = "Welcome to the lecture. Today we talk about the weather in London."


@pytest.fixture(scope="module")
def two_sentences(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Speech at 3 s, then again after a 4 s pause."""
    folder = tmp_path_factory.mktemp("speech")
    first = speak(folder / "a.wav", SENTENCE)
    second = speak(folder / "b.wav", "Now the second part begins with the news.")
    joined = folder / "joined.wav"
    ffmpeg("-i", str(first), "-i", str(second), "-filter_complex",
           "[0:a]apad=pad_dur=4[p];[p][1:a]concat=n=2:v=0:a=1[a]", "-map", "[a]", str(joined))
    return with_speech_at(folder / "talk.mp4", joined, 3.0, 20.0)


@pytest.mark.slow
def test_spoken_sentence_is_found_within_a_second(two_sentences: Path) -> None:
    signals = analyse_speech(two_sentences, probe(two_sentences), SignalOptions())
    speech = signals.of_source("speech")
    assert speech and abs(speech[0].start_seconds - 3.0) <= 1.0
    words = [w.text for t in speech for w in t.words]
    assert {"welcome", "lecture", "today", "weather"} <= set(words), words
    assert signals.language == "en" and speech[0].language == "en"
    assert all(w.start_seconds <= w.end_seconds for t in speech for w in t.words)


@pytest.mark.slow
def test_the_pause_is_a_silence_boundary(two_sentences: Path) -> None:
    signals = analyse_speech(two_sentences, probe(two_sentences), SignalOptions(), transcribe=False)
    assert signals.texts == []
    assert len(signals.speech_spans) == 2
    assert abs(signals.speech_spans[0].start_seconds - 3.0) <= 0.5
    (pause,) = [b for b in signals.boundaries if b.kind == "silence"]
    assert 3.0 <= pause.duration_seconds <= 5.0 and pause.strength == 1.0
    assert signals.speech_spans[0].end_seconds < pause.time_seconds < signals.speech_spans[1].start_seconds


@pytest.mark.slow
def test_speech_in_a_child_process_gives_the_same_answer(two_sentences: Path) -> None:
    video, options = probe(two_sentences), SignalOptions()
    here = analyse_speech(two_sentences, video, options, transcribe=False)
    assert SpeechProcess(two_sentences, video, options, transcribe=False).result() == here


def test_languages_without_a_model_keep_silences_only(two_sentences: Path) -> None:
    signals = analyse_speech(two_sentences, probe(two_sentences), SignalOptions(languages=["zh"]))
    assert signals.texts == [] and signals.speech_spans
    assert any("pocketsphinx has no 'zh' model" in note for note in signals.notes)


@pytest.mark.parametrize("model", ["/nonexistent/whisper-model", "tiny"])
def test_a_missing_whisper_model_is_a_clear_error(two_sentences: Path, model: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))  # an empty model cache, whatever this machine holds
    options = SignalOptions(speech_model=model)
    if importlib.util.find_spec("faster_whisper") is None:
        expected = r"needs faster-whisper; install it with: pip install 'vidmark\[whisper\]'"
    else:  # installed, but nothing can be downloaded here and no model is on disk
        expected = rf"whisper model '{model}' is not available offline .*; give a model folder"
    with pytest.raises(ConfigError, match=expected):
        analyse_speech(two_sentences, probe(two_sentences), options)


def test_child_process_errors_come_back_as_vidmark_errors(two_sentences: Path) -> None:
    options = SignalOptions(speech_model="/nonexistent/whisper-model")
    with pytest.raises(ConfigError, match=r"whisper"):
        SpeechProcess(two_sentences, probe(two_sentences), options, transcribe=True).result()


def test_no_audio_means_no_speech(clip: Path, tmp_path: Path) -> None:
    silent = tmp_path / "silent.mp4"
    ffmpeg("-i", str(clip), "-an", "-c", "copy", str(silent))
    signals = analyse_speech(silent, probe(silent), SignalOptions())
    assert signals.texts == [] and signals.notes == ["no audio stream: no speech signals"]


def test_silences_grow_with_length() -> None:
    spans = [Span(start_seconds=0, end_seconds=2), Span(start_seconds=2.3, end_seconds=4),
             Span(start_seconds=5, end_seconds=6), Span(start_seconds=10, end_seconds=11)]
    found = silences(spans, 0.6)
    assert [(b.time_seconds, b.duration_seconds) for b in found] == [(4.5, 1.0), (8.0, 4.0)]
    assert found[0].strength < found[1].strength == 1.0


def test_words_group_into_segments_at_pauses() -> None:
    words = [Word(text=w, start_seconds=s, end_seconds=s + 0.3) for w, s in
             (("one", 0.0), ("two", 0.4), ("three", 2.0), ("four", 2.35))]
    segments = group_words(words, "en")
    assert [(t.text, t.start_seconds, t.end_seconds) for t in segments] == [("one two", 0.0, 0.7),
                                                                              ("three four", 2.0, 2.65)]


@pytest.mark.shared
@pytest.mark.slow
def test_clip07_banana_at_forty_seconds(shared_clips: Path) -> None:
    path = shared_clips / "07_autoeditor_example" / "example.mp4"
    signals = analyse_speech(path, probe(path), SignalOptions())
    banana = [w for t in signals.of_source("speech") for w in t.words if w.text == "banana"]
    assert any(abs(w.start_seconds - 40.0) <= 1.0 for w in banana), banana
    (pause,) = [b for b in signals.boundaries if b.kind == "silence" and b.duration_seconds > 10]
    assert pause.time_seconds - pause.duration_seconds / 2 < 20 and pause.time_seconds + pause.duration_seconds / 2 > 38
