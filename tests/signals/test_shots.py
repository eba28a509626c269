"""Shot transitions: cuts, fades and dissolves on generated clips and the real clips 05 and 10."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from vidmark.media import probe
from vidmark.model import Frame
from vidmark.signals import SignalOptions
from vidmark.signals.shots import blend_fit, detect_cuts, merge_close
from vidmark.signals.visual import analyse_visual
from vidmark.model import Boundary

from tests.conftest import ffmpeg

SIZE = "320x240"
SOURCES = ("testsrc2", "smptehdbars", "color=c=0x2050a0")


def _joined(path: Path, transition: str) -> Path:
    """Three shots of different lavfi sources joined by ``transition`` at 4 s and 8 s.

    Dissolves last 2 s (centred on 4.5 s and 8.5 s): at one sample a second, a shorter
    one may show only its first and last few percent, which look like the shots themselves.
    """
    inputs = []
    for source in SOURCES:
        sep = ":" if "=" in source else "="
        length = 6 if transition == "dissolve" else 4
        inputs += ["-f", "lavfi", "-i", f"{source}{sep}s={SIZE}:r=25:d={length}"]
    if transition == "cut":
        graph = "[0:v][1:v][2:v]concat=n=3:v=1:a=0[v]"
    elif transition == "dissolve":
        graph = ("[0:v][1:v]xfade=transition=dissolve:duration=2:offset=3.5[a];"
                 "[a][2:v]xfade=transition=dissolve:duration=2:offset=7.5[v]")
    else:  # fade out to black and in again at each join
        graph = ";".join(f"[{i}:v]fade=t=in:st=0:d=0.8,fade=t=out:st=3.2:d=0.8[s{i}]" for i in range(3))
        graph += ";[s0][s1][s2]concat=n=3:v=1:a=0[v]"
    ffmpeg(*inputs, "-filter_complex", graph, "-map", "[v]", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path))
    return path


def _boundaries(path: Path) -> list[Boundary]:
    """The transitions (act changes and speaker changes, read beside them, are tested in
    test_acts.py and test_highlight.py)."""
    found = analyse_visual(path, probe(path), SignalOptions(ocr=False)).boundaries
    return [b for b in found if b.kind not in ("scene", "speaker")]


def _inner(boundaries: list[Boundary], duration: float) -> list[Boundary]:
    return [b for b in boundaries if 1.0 < b.time_seconds < duration - 1.0]


def test_hard_cuts_are_found_where_the_shots_change(tmp_path: Path) -> None:
    found = _inner(_boundaries(_joined(tmp_path / "cuts.mp4", "cut")), 12)
    assert [b.kind for b in found] == ["cut", "cut"]
    assert [round(b.time_seconds) for b in found] == [4, 8]
    assert all(abs(b.time_seconds - t) <= 0.5 for b, t in zip(found, (4, 8)))


def test_dissolves_are_told_from_cuts(tmp_path: Path) -> None:
    found = _inner(_boundaries(_joined(tmp_path / "dissolve.mp4", "dissolve")), 14)
    assert [b.kind for b in found] == ["dissolve", "dissolve"]
    assert all(abs(b.time_seconds - t) <= 0.75 for b, t in zip(found, (4.5, 8.5)))


def test_fades_through_black_give_one_boundary_each(tmp_path: Path) -> None:
    found = _inner(_boundaries(_joined(tmp_path / "fades.mp4", "fade")), 12)
    assert [b.kind for b in found] == ["fade", "fade"]
    assert all(abs(b.time_seconds - t) <= 0.75 for b, t in zip(found, (4, 8)))


def test_a_steady_shot_has_no_boundary(tmp_path: Path) -> None:
    path = tmp_path / "steady.mp4"
    ffmpeg("-f", "lavfi", "-i", f"testsrc2=s={SIZE}:r=25:d=6", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path))
    assert _boundaries(path) == []


def test_blend_fit_measures_the_mix() -> None:
    a, b = np.zeros((36, 64), np.float32), np.full((36, 64), 100, np.float32)
    b[:, :32] = 200
    mix, residual = blend_fit(a, 0.3 * a + 0.7 * b, b)
    assert mix == pytest.approx(0.3, abs=1e-3) and residual < 1e-3
    other = np.random.default_rng(0).uniform(0, 255, a.shape).astype(np.float32)
    assert blend_fit(a, other, b)[1] > 0.45


def test_merge_close_keeps_the_strongest() -> None:
    merged = merge_close([Boundary(time_seconds=1.0, strength=0.4), Boundary(time_seconds=1.5, strength=0.9),
                          Boundary(time_seconds=5.0, strength=0.5)])
    assert [(b.time_seconds, b.strength) for b in merged] == [(1.5, 0.9), (5.0, 0.5)]


def test_detect_cuts_takes_frames(tmp_path: Path) -> None:
    red, blue = np.zeros((90, 160, 3), np.uint8), np.zeros((90, 160, 3), np.uint8)
    red[..., 0], blue[..., 2] = 200, 200
    frames = [Frame(timestamp_seconds=t, image=img) for t, img in ((0, red), (1, red), (2, blue), (3, blue))]
    assert [(b.kind, b.time_seconds) for b in detect_cuts(frames)] == [("cut", 1.5)]


@pytest.mark.shared
def test_clip05_fades_and_dissolve(shared_clips: Path) -> None:
    folder = shared_clips / "05_pyscenedetect_testvideo"
    truth = json.loads((folder / "ground_truth.json").read_text())["derived_here"]
    found = _boundaries(folder / "testvideo.mp4")
    fades = [b.time_seconds for b in found if b.kind == "fade"]
    for start, end in truth["black_intervals_s"]:
        assert any(abs(t - (start + end) / 2) <= 0.6 for t in fades), (start, end, fades)
    dissolve = [b.time_seconds for b in found if b.kind == "dissolve"]
    start, end = truth["dissolve_s"]
    assert len(dissolve) == 1 and start - 0.5 <= dissolve[0] <= end + 0.5
    assert len(found) == len(truth["black_intervals_s"]) + 1


@pytest.mark.shared
def test_clip10_one_hard_cut(shared_clips: Path) -> None:
    found = _boundaries(shared_clips / "10_kivy_cityCC0" / "cityCC0.mpg")
    assert [b.kind for b in found] == ["cut"]
    assert abs(found[0].time_seconds - 4.64) <= 0.3


@pytest.mark.shared
def test_clip04_edits_are_fades_and_source_cuts_stay_cuts(shared_clips: Path) -> None:
    """The trailer's edit points fade through black (no black sample at 1 s sampling for
    the fast ones); Big Buck Bunny's own shot cuts inside the segments are plain cuts."""
    found = _boundaries(shared_clips / "04_moviepy_bbb_trailer" / "trailer_bbb.mp4")
    fades = [b.time_seconds for b in found if b.kind == "fade"]
    cuts = [b.time_seconds for b in found if b.kind == "cut"]
    for edit in (10.0, 14.0, 32.0):
        assert any(abs(t - edit) <= 0.5 for t in fades), (edit, fades)
    for source_cut in (24.71, 37.50, 41.17, 43.71):
        assert any(abs(t - source_cut) <= 0.5 for t in cuts), (source_cut, cuts)
