"""Speech: flite sentences at known offsets are found within a second; pauses become silences;
the best recogniser at hand is chosen without flags; the real whisper-base model transcribes
English (generated and real) and Chinese with word times that match the known sentence times."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from vidmark.errors import ConfigError
from vidmark.media import probe
from vidmark.model import Span, Word
from vidmark.signals import SignalOptions, collect_signals
from vidmark.signals.reliability import reliable
from vidmark.media.audio import read_audio
from vidmark.signals.speech import SpeechProcess, analyse_speech, group_words, silences, voice_activity
from vidmark.signals.whisper import MODEL_ENV, choose_model, echoes_prompt

from tests.conftest import ffmpeg

from .conftest import speak, with_speech_at

SENTENCE = "Welcome to the lecture. Today we talk about the weather in London."
SPHINX = SignalOptions(speech_model="pocketsphinx")


@pytest.fixture(autouse=True)
def no_model_at_hand(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Hugging Face cache, no model named in the environment and no network to the hub,
    whatever this machine holds."""
    cache = tmp_path_factory.mktemp("hf-hub")
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv(MODEL_ENV, raising=False)
    return cache


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
    signals = analyse_speech(two_sentences, probe(two_sentences), SPHINX)
    speech = signals.of_source("speech")
    assert speech and abs(speech[0].start_seconds - 3.0) <= 1.0
    words = [w.text for t in speech for w in t.words]
    assert {"welcome", "lecture", "today", "weather"} <= set(words), words
    assert signals.language == "en" and speech[0].language == "en"
    assert all(w.start_seconds <= w.end_seconds for t in speech for w in t.words)


@pytest.mark.slow
def test_the_pause_is_a_silence_boundary(two_sentences: Path) -> None:
    signals = analyse_speech(two_sentences, probe(two_sentences), SPHINX, transcribe=False)
    assert signals.texts == []
    assert len(signals.speech_spans) == 2
    assert abs(signals.speech_spans[0].start_seconds - 3.0) <= 0.5
    (pause,) = [b for b in signals.boundaries if b.kind == "silence"]
    assert 3.0 <= pause.duration_seconds <= 5.0 and pause.strength == 1.0
    assert signals.speech_spans[0].end_seconds < pause.time_seconds < signals.speech_spans[1].start_seconds


def _chord(gain: float) -> str:
    """An A major chord as an ffmpeg aevalsrc expression."""
    return "+".join(f"{gain}*sin(2*PI*{hz}*t)" for hz in (220, 277, 330))


@pytest.fixture(scope="module")
def over_a_music_bed(tmp_path_factory: pytest.TempPathFactory, two_sentences: Path) -> Path:
    """The two sentences and their 4 s pause over a steady chord that never stops."""
    path = tmp_path_factory.mktemp("bed") / "bed.mp4"
    ffmpeg("-i", str(two_sentences), "-f", "lavfi", "-i", f"aevalsrc={_chord(0.08)}:s=16000:d=20",
           "-filter_complex", "[0:a][1:a]amix=inputs=2:duration=first:normalize=0[a]", "-map", "0:v", "-map", "[a]",
           "-c:v", "copy", "-c:a", "aac", str(path))
    return path


@pytest.mark.slow
def test_a_pause_over_music_is_still_a_silence(over_a_music_bed: Path) -> None:
    signals = analyse_speech(over_a_music_bed, probe(over_a_music_bed), SPHINX, transcribe=False)
    (pause,) = [b for b in signals.boundaries if b.kind == "silence"]
    assert 3.0 <= pause.duration_seconds <= 5.0 and 8.0 <= pause.time_seconds <= 10.0
    assert len(signals.speech_spans) == 2
    # pocketsphinx's energy endpointer, the voice activity before Silero's, hears one voice throughout
    assert len(voice_activity(read_audio(over_a_music_bed).samples)) == 1


@pytest.mark.slow
def test_a_music_only_soundtrack_keeps_its_own_pauses(tmp_path: Path) -> None:
    """No voice for Silero to hear: the stretches of sound still mark the 3 s gap in the music."""
    music = tmp_path / "music.wav"
    ffmpeg("-f", "lavfi", "-i", f"aevalsrc=({_chord(0.1)})*(lt(t\\,8)+gte(t\\,11)):s=16000:d=20", str(music))
    video = with_speech_at(tmp_path / "trailer.mp4", music, 0.0, 20.0)
    signals = analyse_speech(video, probe(video), SPHINX, transcribe=False)
    (gap,) = [b for b in signals.boundaries if b.kind == "silence"]
    assert 8.0 <= gap.time_seconds <= 11.0 and 2.0 <= gap.duration_seconds <= 4.0


@pytest.mark.slow
def test_without_faster_whisper_the_endpointer_finds_the_voice(two_sentences: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "faster_whisper.vad", None)  # importing it raises ImportError
    signals = analyse_speech(two_sentences, probe(two_sentences), SPHINX, transcribe=False)
    assert len(signals.speech_spans) == 2 and abs(signals.speech_spans[0].start_seconds - 3.0) <= 0.5


@pytest.mark.slow
def test_speech_in_a_child_process_gives_the_same_answer(two_sentences: Path) -> None:
    video, options = probe(two_sentences), SignalOptions()
    here = analyse_speech(two_sentences, video, options, transcribe=False)
    assert SpeechProcess(two_sentences, video, options, transcribe=False).result() == here


@pytest.mark.slow
def test_the_speech_child_works_before_its_result_is_asked_for(two_sentences: Path) -> None:
    """The child runs beside the visual pass: it finishes its job while the parent is busy
    elsewhere, not only once the parent asks for the result."""
    video, options = probe(two_sentences), SignalOptions(speech_model="pocketsphinx")
    child = SpeechProcess(two_sentences, video, options, transcribe=True)
    child._child.wait(timeout=120)
    assert child._child.returncode == 0
    assert child.result() == analyse_speech(two_sentences, video, options, transcribe=True)


def test_languages_without_a_model_keep_silences_only(two_sentences: Path) -> None:
    signals = analyse_speech(two_sentences, probe(two_sentences), SignalOptions(speech_model="pocketsphinx", languages=["zh"]))
    assert signals.texts == [] and signals.speech_spans
    assert any("pocketsphinx has no 'zh' model" in note for note in signals.notes)


@pytest.mark.parametrize(("model", "expected"), [
    ("/nonexistent/whisper-model", r"whisper model folder '/nonexistent/whisper-model' does not exist"),
    ("tiny", r"whisper model 'tiny' is not on this machine and could not be downloaded .*: connect to the internet"),
    ("huge", r"unknown whisper model 'huge': give a folder, a hub id \(owner/name\) or one of tiny.en, tiny"),
])
def test_a_missing_whisper_model_is_a_clear_error(two_sentences: Path, model: str, expected: str) -> None:
    if importlib.util.find_spec("faster_whisper") is None and not model.startswith("/"):
        expected = r"needs faster-whisper; install it with: pip install 'vidmark\[whisper\]'"
    with pytest.raises(ConfigError, match=expected) as error:
        analyse_speech(two_sentences, probe(two_sentences), SignalOptions(speech_model=model))
    assert "\n" not in error.value.message


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
    signals = analyse_speech(path, probe(path), SPHINX)
    banana = [w for t in signals.of_source("speech") for w in t.words if w.text == "banana"]
    assert any(abs(w.start_seconds - 40.0) <= 1.0 for w in banana), banana
    (pause,) = [b for b in signals.boundaries if b.kind == "silence" and b.duration_seconds > 10]
    assert pause.time_seconds - pause.duration_seconds / 2 < 20 and pause.time_seconds + pause.duration_seconds / 2 > 38


def _cache_entry(cache: Path, repo: str, model_bin: Path | None = None) -> Path:
    """A model in the hub cache's own layout: refs/main names the snapshot that holds the files."""
    root = cache / f"models--{repo.replace('/', '--')}"
    snapshot = root / "snapshots" / "0123abcd"
    snapshot.mkdir(parents=True)
    (root / "refs").mkdir()
    (root / "refs" / "main").write_text("0123abcd")
    target = snapshot / "model.bin"
    target.symlink_to(model_bin) if model_bin else target.write_bytes(b"")
    return snapshot


def test_auto_falls_back_to_pocketsphinx_with_no_model_at_hand() -> None:
    assert choose_model("auto") == "pocketsphinx"
    assert choose_model("pocketsphinx") == "pocketsphinx"


def test_auto_takes_the_best_cached_whisper_model(no_model_at_hand: Path) -> None:
    pytest.importorskip("faster_whisper", reason="faster-whisper is not installed (pip install 'vidmark[whisper]')")
    _cache_entry(no_model_at_hand, "Systran/faster-whisper-tiny")
    assert choose_model("auto").endswith("models--Systran--faster-whisper-tiny/snapshots/0123abcd")
    small = _cache_entry(no_model_at_hand, "Systran/faster-whisper-small")
    assert choose_model("auto") == str(small)
    assert choose_model("tiny").endswith("faster-whisper-tiny/snapshots/0123abcd")  # named and cached: no download


def test_a_named_model_beats_the_environment_which_beats_the_cache(no_model_at_hand: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("faster_whisper", reason="faster-whisper is not installed (pip install 'vidmark[whisper]')")
    _cache_entry(no_model_at_hand, "Systran/faster-whisper-base")
    folder = tmp_path / "my-model"
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"")
    monkeypatch.setenv(MODEL_ENV, str(folder))
    assert choose_model("auto") == str(folder)
    assert choose_model("pocketsphinx") == "pocketsphinx"
    with pytest.raises(ConfigError, match=r"has no model.bin"):
        choose_model(str(tmp_path))


@pytest.mark.slow
def test_whisper_words_fall_on_the_known_sentence_times(two_sentences: Path, whisper_model: Path) -> None:
    """The first sentence starts at 3.0 s; the second after the first's length and a 4 s pause."""
    first = _speech_seconds(two_sentences.parent / "a.wav")
    signals = analyse_speech(two_sentences, probe(two_sentences), SignalOptions(speech_model=str(whisper_model)))
    words = {w.text.strip(".,").lower(): w for t in signals.of_source("speech") for w in t.words}
    assert abs(words["welcome"].start_seconds - (3.0 + first[0])) <= 0.3, words["welcome"]
    second_start = 3.0 + _wav_seconds(two_sentences.parent / "a.wav") + 4.0 + _speech_seconds(two_sentences.parent / "b.wav")[0]
    assert abs(words["now"].start_seconds - second_start) <= 0.3, (words["now"], second_start)
    assert abs(words["london"].end_seconds - (3.0 + first[1])) <= 0.4, words["london"]
    assert signals.language == "en" and any("faster-whisper base" in n and "detected" in n for n in signals.notes)
    (pause,) = [b for b in signals.boundaries if b.kind == "silence"]
    assert 3.0 <= pause.duration_seconds <= 5.0  # Silero VAD's speech spans give the pause
    speech = signals.of_source("speech")
    assert all(t.recognition and t.recognition.recognizer == "faster-whisper base" for t in speech)
    assert all(0.5 < t.confidence <= 1 and t.recognition.no_speech_prob is not None for t in speech)


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as handle:
        return handle.getnframes() / handle.getframerate()


def _speech_seconds(path: Path) -> tuple[float, float]:
    """Where a flite WAV is audible: (first, last) second above -40 dBFS."""
    with wave.open(str(path)) as handle:
        rate, raw = handle.getframerate(), handle.readframes(handle.getnframes())
    loud = np.flatnonzero(np.abs(np.frombuffer(raw, dtype="<i2")) > 328)
    return loud[0] / rate, loud[-1] / rate


@pytest.mark.slow
def test_collect_signals_says_which_recogniser_ran(two_sentences: Path, whisper_model: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODEL_ENV, str(whisper_model))  # no flag: the environment names the model
    stages: list[str] = []
    options = SignalOptions(shots=False, slides=False, ocr=False, subtitles=False)
    signals = collect_signals(two_sentences, probe(two_sentences), options, lambda stage, _: stages.append(stage))
    assert "speech (faster-whisper base)" in stages
    assert any(n.startswith("speech: faster-whisper base (int8, cpu), language 'en'") for n in signals.notes)


@pytest.mark.shared
@pytest.mark.slow
def test_whisper_on_real_narration_over_music(shared_clips: Path, whisper_model: Path, tmp_path: Path) -> None:
    """Clip 01's first 20 s: whisper hears the sentence that pocketsphinx turns into noise."""
    excerpt = tmp_path / "excerpt.mp4"
    ffmpeg("-i", str(shared_clips / "01_cc_wannaworktogether" / "wannaworktogether.mp4"), "-t", "20", "-c", "copy",
           str(excerpt))
    signals = analyse_speech(excerpt, probe(excerpt), SignalOptions(speech_model=str(whisper_model)))
    said = " ".join(t.text for t in signals.of_source("speech")).lower()
    assert "when you share your creativity" in said and "inspired by it" in said, said
    assert signals.language == "en" and all(reliable(t) for t in signals.of_source("speech"))


@pytest.mark.shared
@pytest.mark.slow
def test_pocketsphinx_noise_on_real_narration_is_never_shown(shared_clips: Path) -> None:
    """Clip 01 under pocketsphinx: its transcript of a voice over music scores low and is kept out
    of summaries, titles, find and minutes alike."""
    path = shared_clips / "01_cc_wannaworktogether" / "wannaworktogether.mp4"
    signals = analyse_speech(path, probe(path), SPHINX)
    speech = signals.of_source("speech")
    assert speech and not any(reliable(t) for t in speech), [(t.confidence, t.text[:60]) for t in speech]


@pytest.mark.shared
@pytest.mark.slow
def test_whisper_hears_banana_at_forty_seconds(shared_clips: Path, whisper_model: Path) -> None:
    path = shared_clips / "07_autoeditor_example" / "example.mp4"
    signals = analyse_speech(path, probe(path), SignalOptions(speech_model=str(whisper_model)))
    banana = [w for t in signals.of_source("speech") for w in t.words if w.text.strip(".,!").lower() == "banana"]
    assert any(abs(w.start_seconds - 40.0) <= 1.0 for w in banana), banana
    pause = max((b for b in signals.boundaries if b.kind == "silence"), key=lambda b: b.duration_seconds)
    assert pause.duration_seconds > 10 and pause.time_seconds - pause.duration_seconds / 2 < 20 < 38 < pause.time_seconds + pause.duration_seconds / 2


CHINESE = "大家好，欢迎来到今天的课程。今天我们讨论天气和气候的区别。天气是短期的变化，气候是长期的平均。"


@pytest.fixture(scope="module")
def chinese_talk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")
    folder = tmp_path_factory.mktemp("zh")
    wav = folder / "zh.wav"
    subprocess.run(["espeak-ng", "-v", "cmn-latn-pinyin", "-w", str(wav), CHINESE], check=True)
    return with_speech_at(folder / "zh.mp4", wav, 2.0, 24.0)


@pytest.mark.slow
def test_chinese_speech_is_transcribed_in_chinese(chinese_talk: Path, whisper_model: Path) -> None:
    """espeak-ng's Mandarin with --lang zh: whisper-base writes Simplified Chinese in which the
    clearly spoken words come through (measured: about half the characters; docs/signals.md)."""
    signals = analyse_speech(chinese_talk, probe(chinese_talk), SignalOptions(speech_model=str(whisper_model),
                                                                               languages=["zh"]))
    speech = signals.of_source("speech")
    said = "".join(t.text for t in speech)
    assert signals.language == "zh" and all(t.language == "zh" for t in speech)
    assert sum(c in said for c in "大家欢迎来到的区别变化") >= 6, said
    assert "歡" not in said and "們" not in said, said  # Simplified, as the prompt asks
    assert abs(speech[0].start_seconds - 2.0) <= 0.6


def _vidmark(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vidmark.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)


@pytest.mark.slow
def test_the_cli_uses_the_model_in_the_environment_and_json_full_says_so(two_sentences: Path, whisper_model: Path,
                                                                         tmp_path: Path) -> None:
    out = tmp_path / "talk.full.json"
    done = _vidmark("annotate", str(two_sentences), "-o", str(out), env={MODEL_ENV: str(whisper_model)})
    assert done.returncode == 0, done.stderr
    notes = json.loads(out.read_text())["run"]["notes"]
    assert any(n.startswith("speech: faster-whisper base (int8, cpu), language 'en' (detected") for n in notes), notes


def test_the_cli_names_a_model_it_cannot_get_in_one_line(two_sentences: Path, tmp_path: Path) -> None:
    done = _vidmark("annotate", str(two_sentences), "-O", "speech_model=small", "-o", str(tmp_path / "x.json"))
    assert done.returncode == 2 and not (tmp_path / "x.json").exists()
    (line,) = done.stderr.strip().splitlines()
    if importlib.util.find_spec("faster_whisper") is not None:
        assert "whisper model 'small' is not on this machine" in line and "-O speech_model=pocketsphinx" in line, line


@pytest.mark.slow
def test_whisper_word_times_reach_align_and_find(two_sentences: Path, whisper_model: Path) -> None:
    """The script's two lines align to their known start times; find points at the second one."""
    from vidmark.tasks.run import TaskOptions, align_script, find_moments

    options = TaskOptions(speech_model=str(whisper_model))
    first = 3.0 + _speech_seconds(two_sentences.parent / "a.wav")[0]
    second = 3.0 + _wav_seconds(two_sentences.parent / "a.wav") + 4.0 + _speech_seconds(two_sentences.parent / "b.wav")[0]
    aligned = align_script(two_sentences, [SENTENCE, "Now the second part begins with the news."], options)
    assert [abs(line.start_seconds - truth) <= 0.3 for line, truth in zip(aligned.lines, (first, second))] == [True, True]
    (best, *_) = find_moments(two_sentences, "the news", options)
    assert abs(best.start_seconds - second) <= 0.3 and "news" in best.text


def test_a_segment_that_only_repeats_the_prompt_is_not_speech() -> None:
    """whisper-base writes its own Chinese prompt back for a synthetic Mandarin voice it cannot
    make out (every segment of the kinds benchmark's meeting_teams_zh); those are no words."""
    assert echoes_prompt("以下是普通话的句子，使用简体中文。", "zh")
    assert echoes_prompt("使用简体中文。以下是普通话", "zh")
    assert not echoes_prompt("接下来我们看一下预算。", "zh") and not echoes_prompt("中文", "zh")
    assert not echoes_prompt("Chinese text follows.", "en")
