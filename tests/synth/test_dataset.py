"""The tiny synthetic dataset: real files whose picture and sound agree with their truth."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from vidmark.errors import ConfigError
from vidmark.export import read_chapters
from vidmark.media import SamplingOptions, probe, read_audio, sample_frames, scan_stream
from vidmark.synth.dataset import build_spec, recipes, write_dataset
from vidmark.synth.slides import SlideRenderer

@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    missing = [p for p in ("flite", "espeak-ng") if shutil.which(p) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (scripts/debian-test-packages.txt lists them)")
    out = tmp_path_factory.mktemp("synthetic")
    write_dataset(out, "tiny")
    return out, json.loads((out / "manifest.json").read_text())


def _gold(out: Path, entry: dict) -> dict:
    return json.loads((out / entry["gold"]).read_text())


@pytest.mark.slow
def test_manifest_lists_every_video_with_relative_paths(tiny) -> None:
    out, manifest = tiny
    assert [e["name"] for e in manifest] == [r.name for r in recipes("tiny")]
    for entry in manifest:
        assert set(entry) == {"name", "video", "gold", "duration_seconds", "language", "split", "notes"}
        assert entry["split"] == "synthetic" and entry["language"] in ("en", "zh")
        assert (out / entry["video"]).is_file() and (out / entry["gold"]).is_file()


@pytest.mark.slow
def test_probed_duration_matches_the_spec(tiny) -> None:
    out, manifest = tiny
    for entry in manifest:
        planned = _gold(out, entry)["run"]["parameters"]["slides"][-1]["end_seconds"]
        info = probe(out / entry["video"])
        assert info.duration_seconds == pytest.approx(planned, abs=0.1)
        assert info.duration_seconds == pytest.approx(entry["duration_seconds"], abs=1e-6)
        assert info.video.frame_count == round(planned * info.video.fps)


@pytest.mark.slow
def test_gold_chapters_cover_the_whole_video(tiny) -> None:
    out, manifest = tiny
    for entry in manifest:
        gold = read_chapters(out / entry["gold"])
        chapters = gold.chapters
        assert chapters[0].start_seconds == 0.0
        assert chapters[-1].end_seconds == pytest.approx(entry["duration_seconds"])
        assert all(a.end_seconds == b.start_seconds for a, b in zip(chapters, chapters[1:]))
        assert [c.title for c in chapters] == [c.title for c in build_spec(_recipe(entry["name"])).chapters]


def _recipe(name: str):
    return next(r for r in recipes("tiny") if r.name == name)


@pytest.mark.slow
def test_chapter_starts_are_where_the_narration_starts(tiny) -> None:
    out, manifest = tiny
    for entry in manifest:
        audio = read_audio(out / entry["video"])
        for chapter in read_chapters(out / entry["gold"]).chapters:
            t = chapter.start_seconds
            before = audio.slice(max(t - 0.35, 0), max(t - 0.07, 0))
            after = audio.slice(t, t + 0.25)
            assert before.size == 0 or np.abs(before).max() < 300, f"{entry['name']}: sound before {t}"
            assert np.abs(after).max() > 3000, f"{entry['name']}: no speech right after {t}"


@pytest.mark.slow
def test_titles_are_drawn_where_the_renderer_puts_them(tiny) -> None:
    out, manifest = tiny
    for entry in manifest:
        spec = build_spec(_recipe(entry["name"]))
        renderer = SlideRenderer(spec.render.width, spec.render.height, spec.render.theme)
        left, top, right, bottom = renderer.title_box()
        slides = [s for s in _gold(out, entry)["run"]["parameters"]["slides"] if s["title"]]
        middles = [(s["start_seconds"] + s["end_seconds"]) / 2 for s in slides]
        options = SamplingOptions(mode="exact", timestamps_seconds=middles, max_side=spec.render.width)
        frames = list(sample_frames(out / entry["video"], options))
        for slide, frame in zip(slides, frames, strict=True):
            language = spec.chapters[slide["chapter"]].language
            expected = renderer.render(spec.chapters[slide["chapter"]].slides[slide["slide"]], language, typed_chars=0)
            shown = frame.image[top:bottom, left:right].astype(np.int16)
            drawn = expected[top:bottom, left:right].astype(np.int16)
            assert drawn.std() > 30, "the title band should hold high-contrast text"
            assert np.abs(shown - drawn).mean() < 8, f"title {slide['title']!r} not visible at {frame.timestamp_seconds}"


@pytest.mark.slow
def test_speech_only_change_keeps_the_picture_and_a_fade_blends(tiny) -> None:
    out, manifest = tiny
    entry = next(e for e in manifest if e["name"] == "tiny_en_git")
    changes = {c["transition"]: c["time_seconds"] for c in _gold(out, entry)["run"]["parameters"]["slide_changes"]}
    quiet, fade = changes["none"], changes["fade"]
    assert fade < quiet
    times = [fade - 0.6, fade, fade + 0.6, quiet - 0.3, quiet + 0.3]
    before, middle, after, a, b = (
        f.image[: f.height // 2].astype(np.float32)  # titles and first lines: where the slides differ
        for f in sample_frames(out / entry["video"], SamplingOptions(mode="exact", timestamps_seconds=times))
    )
    change = np.abs(before - after).mean()
    assert change > 5
    assert np.abs(middle - (before + after) / 2).mean() < change / 4
    assert np.abs(a - b).mean() < change / 4


@pytest.mark.slow
def test_keyframes_are_at_most_the_configured_gap_apart(tiny) -> None:
    out, manifest = tiny
    for entry in manifest:
        limit = _recipe(entry["name"]).render.keyframe_seconds
        keys = scan_stream(out / entry["video"]).keyframe_seconds + [entry["duration_seconds"]]
        assert keys[0] == 0.0
        assert max(b - a for a, b in zip(keys, keys[1:])) <= limit + 1e-6


def test_recipes_are_deterministic_and_cover_the_hard_cases() -> None:
    full = [build_spec(r, seed=0) for r in recipes("full")]
    assert [s.model_dump() for s in full] == [build_spec(r, seed=0).model_dump() for r in recipes("full")]
    assert [s.model_dump() for s in full] != [build_spec(r, seed=1).model_dump() for r in recipes("full")]
    transitions = {c.transition for s in full for c in s.chapters}
    assert transitions == {"cut", "fade", "dip", "none"}
    assert {s.language for s in full} == {"en", "zh"}
    assert any(sl.style == "screen" and sl.demo_seconds > 0 for s in full for c in s.chapters for sl in c.slides)
    assert any(len(c.slides) > 2 for s in full for c in s.chapters)


def test_unknown_config_is_refused() -> None:
    with pytest.raises(ConfigError, match="huge"):
        recipes("huge")
