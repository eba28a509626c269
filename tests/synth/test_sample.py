"""The bundled sample: present, small, and exactly what scripts/make_sample.py makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vidmark.export import read_chapters
from vidmark.media import probe
from vidmark.synth import layout
from vidmark.synth.sample import sample_spec
from vidmark.synth.speech import SAMPLE_RATE, speak

SAMPLE = Path(__file__).resolve().parents[2] / "sample"


def test_sample_is_a_short_tutorial_with_chapters() -> None:
    info = probe(SAMPLE / "tutorial.mp4")
    assert info.size_bytes < 10_000_000
    assert 120 <= info.duration_seconds <= 240
    assert info.audio and info.video.width >= 960
    gold = read_chapters(SAMPLE / "tutorial.gold.json")
    assert len(gold.chapters) >= 4
    assert gold.duration_seconds == pytest.approx(info.duration_seconds)
    lengths = sorted(round(c.duration_seconds) for c in gold.chapters)
    assert len(set(lengths)) == len(lengths), "chapters should differ in length"


def test_seed_chapters_agree_with_the_gold() -> None:
    gold = read_chapters(SAMPLE / "tutorial.gold.json").chapters
    seed = read_chapters(SAMPLE / "tutorial.chapters.json").chapters
    assert [c.title for c in seed] == [c.title for c in gold]
    assert [c.start_seconds for c in seed] == [int(c.start_seconds) for c in gold]


@pytest.mark.slow
def test_committed_sample_matches_its_script() -> None:
    if shutil.which("flite") is None:
        pytest.skip("flite is not installed (scripts/debian-test-packages.txt lists it)")
    spec = sample_spec()
    durations = [
        [[len(speak(text, "en", spec.render.voice)) / SAMPLE_RATE for text in slide.narration] for slide in chapter.slides]
        for chapter in spec.chapters
    ]
    planned = layout(spec, durations).chapters
    gold = read_chapters(SAMPLE / "tutorial.gold.json").chapters
    assert [(c.title, c.start_seconds) for c in gold] == [(c.title, c.start_seconds) for c in planned], (
        "sample/ is stale: run `make sample`"
    )
