"""Audio-only inputs through the offline engine, as a user meets them: `vidmark annotate
podcast.mp3` gives chapters from the sound (music, long pauses) and the speech, in every
audio format, embeds them into the MP3 for ffprobe to read, and engines that need pictures
refuse audio in one line. The sample tutorial's soundtrack is scored against its chapters."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ffmpeg
from tests.podcast import ENCODERS, Podcast, encode, make_podcast, make_talk
from vidmark.engines.offline import OfflineOptions, signal_options
from vidmark.eval.metrics import boundaries_from_starts, collar_prf
from vidmark.media import probe
from vidmark.pipeline import AnnotateOptions, annotate

ROOT = Path(__file__).resolve().parents[2]
SAMPLE, GOLD = ROOT / "sample" / "tutorial.mp4", ROOT / "sample" / "tutorial.gold.json"
VIDMARK = Path(sys.executable).parent / "vidmark"
FFPROBE = shutil.which("ffprobe")


@pytest.fixture(scope="module")
def podcast(tmp_path_factory: pytest.TempPathFactory) -> Podcast:
    return make_podcast(tmp_path_factory.mktemp("podcast"))


def _starts(annotation) -> list[float]:
    return boundaries_from_starts([c.start_seconds for c in annotation.chapters])


def test_audio_files_get_the_audio_signals(podcast, tmp_path):
    info = probe(encode(podcast, ".wav", tmp_path))
    assert signal_options(OfflineOptions(), None, info).enabled() == ["speech", "subtitles", "sound"]
    assert signal_options(OfflineOptions(signals="speech,ocr"), None, info).enabled() == ["ocr", "speech"]
    video_info = info.model_copy(update={"video": probe(SAMPLE).video})
    assert "sound" not in signal_options(OfflineOptions(), None, video_info).enabled()


@pytest.mark.parametrize("suffix", ENCODERS)
def test_chapters_from_the_sound_in_every_format(podcast, tmp_path, suffix):
    annotation = annotate(encode(podcast, suffix, tmp_path), AnnotateOptions(engine_options={"signals": "sound"}))
    assert annotation.video.audio_only
    assert annotation.chapters[0].start_seconds == 0 and annotation.chapters[-1].end_seconds == annotation.video.duration_seconds
    assert _starts(annotation) == pytest.approx(podcast.boundaries, abs=1.0)


@pytest.mark.parametrize("suffix", [".mp3", ".m4a"])
def test_a_talk_that_changes_topic_after_slightly_longer_pauses(tmp_path, suffix):
    """No music, no cue sentence: the pauses between topics, a little longer than this
    speaker's others, place the chapters (pocketsphinx, the default recogniser)."""
    talk = make_talk(tmp_path)
    annotation = annotate(encode(talk, suffix, tmp_path), AnnotateOptions(engine_options={"speech_model": "pocketsphinx"}))
    assert _starts(annotation) == pytest.approx(talk.boundaries, abs=1.0)


def test_pictures_asked_of_an_audio_file_are_skipped_with_a_note(podcast, tmp_path):
    annotation = annotate(encode(podcast, ".flac", tmp_path), AnnotateOptions(engine_options={"signals": "shots,sound"}))
    assert any("no pictures" in note and "shots" in note for note in annotation.run.notes)
    assert len(annotation.chapters) == len(podcast.boundaries) + 1


@pytest.mark.slow
def test_annotate_and_embed_an_mp3_end_to_end(podcast, tmp_path):
    """The command a podcaster runs: chapters from speech and sound, written as JSON and into
    a copy of the MP3, whose chapters ffprobe shows with the same titles."""
    source = encode(podcast, ".mp3", tmp_path)
    done = subprocess.run([str(VIDMARK), "annotate", str(source), "--format", "json-full", "-o", str(tmp_path / "c.json"),
                           "--embed", str(tmp_path / "chaptered.mp3")], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    result = json.loads((tmp_path / "c.json").read_text())
    assert result["video"]["video"] is None
    found = boundaries_from_starts([c["start_seconds"] for c in result["chapters"]])
    assert collar_prf(podcast.boundaries, found, 5.0).recall == 1.0, found
    assert any(c["summary"] and "tomato" in c["summary"].lower() for c in result["chapters"]), result["chapters"]
    titles = [c["title"] for c in result["chapters"]]
    assert [c.title for c in probe(tmp_path / "chaptered.mp3").chapters] == titles
    if FFPROBE:
        shown = subprocess.run([FFPROBE, "-v", "error", "-show_chapters", "-of", "json", str(tmp_path / "chaptered.mp3")],
                               capture_output=True, text=True, check=True).stdout
        assert [c["tags"]["title"] for c in json.loads(shown)["chapters"]] == titles


@pytest.mark.parametrize("engine", ["openai", "scenes"])
def test_engines_that_need_pictures_refuse_audio_in_one_line(podcast, tmp_path, engine):
    source = encode(podcast, ".ogg", tmp_path)
    done = subprocess.run([str(VIDMARK), "annotate", str(source), "--engine", engine, "--model", "m",
                           "--base-url", "http://127.0.0.1:9/v1"] if engine == "openai" else
                          [str(VIDMARK), "annotate", str(source), "--engine", engine],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [f"vidmark: error: {source} is audio only, and the {engine} engine reads "
                                        "pictures; chapter it from its sound with --engine offline"]


@pytest.fixture(scope="module")
def tutorial_sound(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled tutorial's soundtrack as MP3 (re-encoded) and M4A (its AAC stream copied)."""
    folder = tmp_path_factory.mktemp("tutorial")
    ffmpeg("-i", str(SAMPLE), "-vn", "-c:a", "libmp3lame", "-b:a", "64k", str(folder / "tutorial.mp3"))
    ffmpeg("-i", str(SAMPLE), "-vn", "-c:a", "copy", str(folder / "tutorial.m4a"))
    return {"mp3": folder / "tutorial.mp3", "m4a": folder / "tutorial.m4a"}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["mp3", "m4a"])
def test_tutorial_soundtrack_against_the_videos_chapters(tutorial_sound, kind):
    """From its sound alone the tutorial's chapters that follow a silent demo are found within
    5 s and nothing is made up; the two that follow an ordinary pause (as long as the pause
    between two slides of one chapter) depend on the transcript's topic segmentation, which
    does not find them yet (F1 0.67 at 5 s, see docs/benchmarks.md)."""
    gold = boundaries_from_starts([c["start_seconds"] for c in json.loads(GOLD.read_text())["chapters"]])
    found = _starts(annotate(tutorial_sound[kind]))
    scores = collar_prf(gold, found, 5.0)
    assert scores.precision == 1.0 and scores.recall >= 0.5, found
