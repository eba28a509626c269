"""Existing chapters (the site's, else the file's embedded ones): used, hinted or ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chaptered_clip import EMBEDDED, SCENE_STARTS, make_chaptered_clip
from vidmark.pipeline import AnnotateOptions
from vidmark.sources import annotate_input


@pytest.fixture(scope="module")
def chaptered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_chaptered_clip(tmp_path_factory.mktemp("existing"))


def _starts(given: Path, existing: str) -> list[tuple[float, str]]:
    annotation = annotate_input(str(given), AnnotateOptions(engine="scenes", refine={"snap_tolerance_seconds": 0}),
                                existing=existing)
    return [(round(c.start_seconds), c.title) for c in annotation.chapters]


def test_use_takes_the_embedded_chapters(chaptered: Path) -> None:
    import vidmark

    assert _starts(chaptered, "use") == EMBEDDED
    assert vidmark.annotate_input is annotate_input


def test_hint_moves_the_engines_boundaries_onto_them_and_ignore_does_not(chaptered: Path) -> None:
    ignored = [start for start, _ in _starts(chaptered, "ignore")]
    hinted = [start for start, _ in _starts(chaptered, "hint")]
    assert ignored == SCENE_STARTS and hinted == [start for start, _ in EMBEDDED]
