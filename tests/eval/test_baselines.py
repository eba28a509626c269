"""The benchmark's baselines: uniform chapters and PySceneDetect cuts on a real clip."""

from __future__ import annotations

import subprocess
from pathlib import Path

import imageio_ffmpeg
import pytest

from vidmark.errors import InputError
from vidmark.eval.baselines import scene_cut_chapters, uniform_chapters


def test_uniform_chapters_split_the_video_evenly() -> None:
    chapters = uniform_chapters(90, 3)
    assert [(c.start_seconds, c.end_seconds) for c in chapters.chapters] == [(0, 30), (30, 60), (60, 90)]
    assert chapters.duration_seconds == 90 and chapters.chapters[1].title == "Part 2 (0:30)"
    with pytest.raises(InputError):
        uniform_chapters(90, 0)


def test_scene_cuts_become_chapters(tmp_path: Path) -> None:
    pytest.importorskip("scenedetect", reason="scenedetect is a test extra (pip install 'vidmark[test]')")
    clip = tmp_path / "cut.mp4"
    # 4 s of a test pattern, then 4 s of a different one: one hard cut at 4 s
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=4",
                    "-f", "lavfi", "-i", "mandelbrot=s=320x240:r=25",
                    "-filter_complex", "[1:v]trim=duration=4,setpts=PTS-STARTPTS[b];[0:v][b]concat=n=2:v=1[v]",
                    "-map", "[v]", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(clip)], check=True)
    chapters = scene_cut_chapters(clip, 8.0).chapters
    assert [round(c.start_seconds, 1) for c in chapters] == [0.0, 4.0]
    assert chapters[-1].end_seconds == 8.0
