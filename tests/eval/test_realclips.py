"""Gold chapters of the real split, from the ground truth in ../shared/clips."""

from __future__ import annotations

from pathlib import Path

import pytest

from vidmark.eval.realclips import real_clips, segments_to_chapters

pytestmark = pytest.mark.shared


def test_sections_and_segments_become_gold_chapters(shared_clips: Path) -> None:
    clips = {c.name: c for c in real_clips(shared_clips)}
    assert set(clips) == {"03_fraunhofer_chid", "04_moviepy_bbb_trailer"}
    chid = clips["03_fraunhofer_chid"].gold
    assert [c.start_seconds for c in chid.chapters] == [0.0, 8.75, 22.6, 35.25]
    assert chid.chapters[1].title == "EBU Tech 3304-4.1 BLITS" and chid.duration_seconds == 46.625
    trailer = clips["04_moviepy_bbb_trailer"].gold
    # the cross-fade 45.75-47.25 is split in the middle
    assert [c.start_seconds for c in trailer.chapters] == [0.0, 10.0, 14.0, 32.0, 46.5, 52.15]
    assert trailer.chapters[0].title == "The Blender Foundation and Peach Project presents"
    assert all(c.video.is_file() for c in clips.values())


def test_missing_folder_gives_no_clips(tmp_path: Path) -> None:
    assert real_clips(tmp_path) == []


def test_overlapping_segments_meet_in_the_middle() -> None:
    gold = segments_to_chapters({"segments": [{"start": 0, "end": 12, "name": "a"},
                                              {"start": 10, "end": 20, "name": "b", "overlay_text": "B\ntitle"}]})
    assert [(c.start_seconds, c.end_seconds, c.title) for c in gold.chapters] == [(0, 11, "a"), (11, 20, "B title")]
