"""Existing chapters (the site's, else the file's embedded ones): used, hinted or ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ffmpeg
from vidmark.export.embed import embed_chapters
from vidmark.model import Chapter
from vidmark.pipeline import AnnotateOptions
from vidmark.sources import annotate_input


@pytest.fixture(scope="module")
def chaptered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three 12 s scenes (cuts at 12 and 24 s) carrying embedded chapters that start at 0, 15 and 26 s."""
    folder = tmp_path_factory.mktemp("existing")
    plain = folder / "plain.mp4"
    inputs = []
    for source in ("testsrc2", "smptebars", "rgbtestsrc"):
        inputs += ["-f", "lavfi", "-i", f"{source}=s=160x120:r=25:d=12"]
    ffmpeg(*inputs, "-filter_complex", "[0:v][1:v][2:v]concat=n=3:v=1:a=0[v]", "-map", "[v]", "-c:v", "libx264",
           "-pix_fmt", "yuv420p", str(plain))
    chapters = [Chapter(start_seconds=0, end_seconds=15, title="Opening"),
                Chapter(start_seconds=15, end_seconds=26, title="Bars"), Chapter(start_seconds=26, end_seconds=36, title="Colours")]
    return embed_chapters(plain, chapters, folder / "chaptered.mp4")


def _starts(given: Path, existing: str) -> list[tuple[float, str]]:
    annotation = annotate_input(str(given), AnnotateOptions(engine="scenes", refine={"snap_tolerance_seconds": 0}),
                                existing=existing)
    return [(round(c.start_seconds), c.title) for c in annotation.chapters]


def test_use_takes_the_embedded_chapters(chaptered: Path) -> None:
    import vidmark

    assert _starts(chaptered, "use") == [(0, "Opening"), (15, "Bars"), (26, "Colours")]
    assert vidmark.annotate_input is annotate_input


def test_hint_moves_the_engines_boundaries_onto_them_and_ignore_does_not(chaptered: Path) -> None:
    ignored = [start for start, _ in _starts(chaptered, "ignore")]
    hinted = [start for start, _ in _starts(chaptered, "hint")]
    assert ignored == [0, 12, 24] and hinted == [0, 15, 26]
