"""Visual acts: a change of palette over seconds, not every cut, on generated media."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from vidmark.media import probe
from vidmark.signals import SignalOptions
from vidmark.signals.acts import act_scores, coarse, detect_acts
from vidmark.signals.shots import histogram
from vidmark.signals.visual import analyse_visual

from tests.conftest import ffmpeg

#: two acts of three shots each: shades of red, then shades of green (each cut a real cut,
#: each shade in the same coarse palette bin as the others of its act)
ACTS = (("0xb03030", "0x902020", "0xb81008"), ("0x30b030", "0x209020", "0x08b810"))
SHOT_SECONDS = 4


def _acts_with_music(path: Path) -> Path:
    """Six shots with boxes in new places at every cut, over a two-note chord that changes with the act."""
    inputs, graph = [], []
    for k, colour in enumerate(c for act in ACTS for c in act):
        inputs += ["-f", "lavfi", "-i", f"color=c={colour}:s=320x240:r=10:d={SHOT_SECONDS}"]
        graph.append(f"[{k}:v]drawbox=x={40 + 50 * k}:y={30 + 20 * k}:w=80:h=60:color=white@0.9:t=fill[s{k}]")
    shots = len(ACTS) * len(ACTS[0])
    half = SHOT_SECONDS * shots / 2
    inputs += ["-f", "lavfi", "-i", f"sine=frequency=330:duration={half}", "-f", "lavfi", "-i", f"sine=frequency=523:duration={half}"]
    graph.append("".join(f"[s{k}]" for k in range(shots)) + f"concat=n={shots}:v=1:a=0,format=yuv420p[v]")
    graph.append(f"[{shots}:a][{shots + 1}:a]concat=n=2:v=0:a=1[a]")
    ffmpeg(*inputs, "-filter_complex", ";".join(graph), "-map", "[v]", "-map", "[a]", "-c:v", "libx264",
           "-c:a", "aac", str(path))
    return path


def test_a_change_of_palette_with_the_music_is_one_act_change_and_the_cuts_inside_are_not(tmp_path: Path) -> None:
    path = _acts_with_music(tmp_path / "acts.mp4")
    boundaries = analyse_visual(path, probe(path), SignalOptions(ocr=False)).boundaries
    acts = [b for b in boundaries if b.kind == "scene"]
    assert [round(b.time_seconds) for b in acts] == [12]
    assert acts[0].strength > 0.9
    assert sum(b.kind == "cut" for b in boundaries) >= 4  # the cuts inside the acts are still seen


def test_act_scores_peak_where_the_palette_changes() -> None:
    red, green = np.zeros((8, 8, 8)), np.zeros((8, 8, 8))
    red[6, 1, 1], green[1, 6, 1] = 1.0, 1.0
    times = [float(t) for t in range(40)]
    hists = [red.ravel() if t < 20 else green.ravel() for t in times]
    scores = act_scores(times, hists)
    assert int(np.argmax(scores)) == 20 and scores[20] == 1.0
    assert [b.time_seconds for b in detect_acts(times, hists)] == [19.5]
    assert detect_acts(times, [red.ravel()] * 40) == []


def test_coarse_palette_sums_to_one() -> None:
    image = np.random.default_rng(1).integers(0, 256, (48, 64, 3), dtype=np.uint8)
    folded = coarse(histogram(image))
    assert folded.shape == (64,) and abs(folded.sum() - 1.0) < 1e-9
