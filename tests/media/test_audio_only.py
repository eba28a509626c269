"""Probing audio-only files (podcasts, audiobooks, recordings): every format vidmark takes is
described with no video stream, its duration from the audio, and its chapters when it has
them; cover art is not a video."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ffmpeg
from tests.podcast import ENCODERS, Podcast, encode, make_podcast
from vidmark.cli import main
from vidmark.media import probe, read_audio


@pytest.fixture(scope="module")
def podcast(tmp_path_factory: pytest.TempPathFactory) -> Podcast:
    return make_podcast(tmp_path_factory.mktemp("podcast"))


@pytest.mark.parametrize("suffix", ENCODERS)
def test_probe_describes_an_audio_only_file(podcast, tmp_path, suffix):
    info = probe(encode(podcast, suffix, tmp_path))
    assert info.video is None and info.audio_only
    assert len(info.audio) == 1 and info.audio[0].sample_rate and info.audio[0].channels == 1
    assert info.duration_seconds == pytest.approx(podcast.duration_seconds, abs=0.15)
    assert len(read_audio(info.path).samples) / 16_000 == pytest.approx(podcast.duration_seconds, abs=0.15)


def test_cover_art_is_not_a_video(podcast, tmp_path):
    ffmpeg("-f", "lavfi", "-i", "color=c=red:s=64x64", "-frames:v", "1", str(tmp_path / "cover.png"))
    target = tmp_path / "with_cover.mp3"
    ffmpeg("-i", str(podcast.wav), "-i", str(tmp_path / "cover.png"), "-map", "0:a", "-map", "1:v",
           "-c:a", "libmp3lame", "-c:v", "png", "-disposition:v", "attached_pic", str(target))
    assert probe(target).audio_only


def test_probe_command_says_audio_only(podcast, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["probe", str(encode(podcast, ".m4b", tmp_path))])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "video:      none (audio only)" in out and "aac" in out


def test_mp3_chapters_are_read_on_the_file_timeline(podcast, tmp_path):
    """LAME's encoder delay makes FFmpeg start an MP3 at about 0.07 s; ID3 chapter times count
    from the first sound, so they are not moved by it."""
    from vidmark.export.embed import embed_chapters
    from vidmark.model import Chapter

    source = encode(podcast, ".mp3", tmp_path)
    assert probe(source).start_time_seconds > 0
    chapters = [Chapter(start_seconds=0, end_seconds=10, title="Intro"),
                Chapter(start_seconds=10, end_seconds=podcast.duration_seconds, title="Garden")]
    out = embed_chapters(source, chapters, tmp_path / "out.mp3")
    assert [(c.start_seconds, c.title) for c in probe(out).chapters] == [(0.0, "Intro"), (10.0, "Garden")]
