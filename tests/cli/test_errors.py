"""Every bad input of the media layer, through the CLI: one line ``vidmark: error: ...`` on
stderr, a non-zero exit, no traceback, no hang. Checked in-process (fast, every command)
and in a real subprocess (what a user sees), and at the library level (the error types)."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ffmpeg, make_clip
from vidmark.cli import main
from vidmark.errors import InputError, MediaError
from vidmark.media import SamplingOptions, probe, read_audio, sample_frames


def _missing(d: Path) -> Path:
    return d / "nope.mp4"


def _directory(d: Path) -> Path:
    (d / "folder.mp4").mkdir()
    return d / "folder.mp4"


def _empty(d: Path) -> Path:
    (d / "empty.mp4").write_bytes(b"")
    return d / "empty.mp4"


def _text(d: Path) -> Path:
    (d / "notes.mp4").write_text("these are my notes, not a video\n" * 20)
    return d / "notes.mp4"


def _random_bytes(d: Path) -> Path:
    """Fixed noise: about one random file in 200 reads as a subtitle stream (seed 131 does)."""
    (d / "noise.mkv").write_bytes(random.Random(0).randbytes(64 * 1024))
    return d / "noise.mkv"


def _renamed_image(d: Path) -> Path:
    ffmpeg("-f", "lavfi", "-i", "testsrc2=s=160x120", "-frames:v", "1", str(d / "picture.png"))
    return (d / "picture.png").rename(d / "picture.mp4")


def _audio_only(d: Path) -> Path:
    ffmpeg("-f", "lavfi", "-i", "sine=d=2", "-c:a", "aac", str(d / "song.m4a"))
    return d / "song.m4a"


def _mp3(d: Path) -> Path:
    """An MP3 as LAME writes it: its Xing header declares the length, so a cut one is caught."""
    ffmpeg("-f", "lavfi", "-i", "sine=d=8", "-c:a", "libmp3lame", "-b:a", "64k", str(d / "whole.mp3"))
    return d / "whole.mp3"


def _truncated_mp3(d: Path) -> Path:
    return _cut(_mp3(d), d / "cut_podcast.mp3")


def _mp3_header_only(d: Path) -> Path:
    (d / "header_only.mp3").write_bytes(_mp3(d).read_bytes()[:300])
    return d / "header_only.mp3"


def _empty_mp3(d: Path) -> Path:
    (d / "empty.mp3").write_bytes(b"")
    return d / "empty.mp3"


def _cut(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def _truncated_moov_at_end(d: Path) -> Path:
    return _cut(make_clip(d / "whole.mp4", duration=6.0), d / "cut_moov_at_end.mp4")


def _truncated_faststart(d: Path) -> Path:
    whole = make_clip(d / "whole_fs.mp4", duration=6.0, extra=("-movflags", "+faststart"))
    return _cut(whole, d / "cut_faststart.mp4")


#: case -> (maker, the error type, words the message must contain)
CASES = {
    "missing": (_missing, InputError, "no such file"),
    "directory": (_directory, InputError, "is a directory"),
    "empty": (_empty, MediaError, "empty file"),
    "text": (_text, MediaError, "not a readable media file"),
    "random-bytes": (_random_bytes, MediaError, "not a readable media file"),
    "renamed-image": (_renamed_image, MediaError, "still image"),
    "truncated-mp3": (_truncated_mp3, MediaError, "truncated"),
    "mp3-header-only": (_mp3_header_only, MediaError, "not a readable media file"),
    "empty-mp3": (_empty_mp3, MediaError, "empty file"),
    "truncated-moov-at-end": (_truncated_moov_at_end, MediaError, "not a readable media file"),
    "truncated-faststart": (_truncated_faststart, MediaError, "truncated"),
}
#: where taking frames meets another problem first: an MP3 has no pictures to take
FRAMES_WORDS = {"truncated-mp3": "no video stream"}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    return {name: maker(folder) for name, (maker, _, _) in CASES.items()}


def _argv(command: str, video: Path, out: Path) -> list[str]:
    if command == "probe":
        return ["probe", str(video)]
    if command == "frames":
        return ["frames", str(video), "-o", str(out / "frames")]
    return ["annotate", str(video), "-o", str(out / "chapters.json")]


def _check_one_error_line(code: int, out: str, err: str, case: str, video: Path, command: str) -> None:
    _, error_type, words = CASES[case]
    words = FRAMES_WORDS.get(case, words) if command == "frames" else words
    assert code == error_type.exit_code != 0
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("vidmark: error: ") and words in lines[0] and video.name in lines[0]
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["probe", "frames", "annotate"])
@pytest.mark.parametrize("case", CASES)
def test_in_process(bad_files, tmp_path, capsys, case, command):
    video = bad_files[case]
    with pytest.raises(SystemExit) as exit_info:
        main(_argv(command, video, tmp_path))
    out, err = capsys.readouterr()
    _check_one_error_line(exit_info.value.code, out, err, case, video, command)
    assert not (tmp_path / "frames" / "manifest.json").exists() and not (tmp_path / "chapters.json").exists()


def _vidmark() -> list[str]:
    script = Path(sys.executable).with_name("vidmark")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from vidmark.cli import main; main()"]


@pytest.mark.slow
@pytest.mark.parametrize("command", ["probe", "frames"])
@pytest.mark.parametrize("case", CASES)
def test_subprocess(bad_files, tmp_path, case, command):
    video = bad_files[case]
    result = subprocess.run([*_vidmark(), *_argv(command, video, tmp_path)], capture_output=True, text=True,
                            timeout=120)
    _check_one_error_line(result.returncode, result.stdout, result.stderr, case, video, command)


@pytest.mark.parametrize("case", CASES)
def test_library_raises_vidmark_errors(bad_files, case):
    video = bad_files[case]
    _, error_type, words = CASES[case]
    with pytest.raises(error_type, match=words):
        probe(video)
    with pytest.raises(error_type, match=FRAMES_WORDS.get(case, words)):
        list(sample_frames(video, SamplingOptions(mode="keyframes")))
    if case != "truncated-mp3":  # the audio reader decodes what there is; probing judges a cut-off file
        with pytest.raises(error_type):
            read_audio(video)


def test_frames_of_an_audio_only_file_is_one_error_line(tmp_path, capsys):
    """Probing and annotating take audio-only files (tests/media/test_audio_only.py); taking
    frames from one is an error that says why."""
    song = _audio_only(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["frames", str(song), "-o", str(tmp_path / "frames")])
    err = capsys.readouterr().err
    assert exit_info.value.code == MediaError.exit_code
    assert err.splitlines() == [err.strip()] and "no video stream" in err and song.name in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file whatever its mode")
def test_unreadable_file(clip, tmp_path, capsys):
    locked = tmp_path / "locked.mp4"
    shutil.copy(clip, locked)
    locked.chmod(0)
    with pytest.raises(SystemExit) as exit_info:
        main(["probe", str(locked)])
    assert exit_info.value.code == InputError.exit_code
    assert capsys.readouterr().err.startswith("vidmark: error: cannot read")


@pytest.mark.parametrize(("option", "value"), [("--every", "soon"), ("--at", "1,yesterday"), ("--mode", "fast"),
                                               ("--max-side", "3"), ("--max-side", "-1")])
def test_bad_options_are_errors_naming_the_value(clip, tmp_path, capsys, option, value):
    with pytest.raises(SystemExit) as exit_info:
        main(["frames", str(clip), "-o", str(tmp_path), option, value])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2, err
    assert "Traceback" not in err and "internal error" not in err
    assert value.split(",")[-1] in err
