"""Each pipeline stage through the cache: probe, the engine's raw answer, the annotation."""

from __future__ import annotations

import shutil
from pathlib import Path

from vidmark.cache import Cache
from vidmark.pipeline import AnnotateOptions, annotate
from vidmark.refine import RefineOptions


def _stages() -> dict[str, int]:
    return {s.stage: s.entries for s in Cache().stats()}


def test_a_repeated_run_and_a_renamed_copy_come_from_the_cache(clip: Path, tmp_path: Path) -> None:
    options = AnnotateOptions(engine="scenes")
    first = annotate(clip, options)
    assert "from cache" not in first.run.notes
    assert {"probe", "engine", "annotation"} <= set(_stages())
    copy = shutil.copy(clip, tmp_path / "renamed.mp4")
    again = annotate(copy, options)
    assert "from cache" in again.run.notes
    assert again.video.path == str(copy)
    assert again.chapters == first.chapters


def test_changing_only_the_refinement_reuses_the_engine_answer(clip: Path) -> None:
    annotate(clip, AnnotateOptions(engine="scenes"))
    refined = annotate(clip, AnnotateOptions(engine="scenes", refine=RefineOptions(snap_tolerance_seconds=0.5)))
    assert "from cache" not in refined.run.notes
    assert "engine answer from cache" in refined.run.notes
    assert _stages()["annotation"] == 2 and _stages()["engine"] == 1


def test_a_corrupt_annotation_is_recomputed(clip: Path, private_cache: Path) -> None:
    first = annotate(clip, AnnotateOptions(engine="scenes"))
    for path in (private_cache / "entries").rglob("annotation-*.json"):
        path.write_bytes(path.read_bytes().replace(b'"chapters"', b'"chapterz"'))
    again = annotate(clip, AnnotateOptions(engine="scenes"))
    assert "from cache" not in again.run.notes
    assert again.chapters == first.chapters
