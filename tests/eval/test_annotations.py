"""Hand annotations of the real clips: the files in bench/annotations are valid truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vidmark.errors import FormatError
from vidmark.eval.annotations import annotated_clips, load_annotation
from vidmark.media import probe

ROOT = Path(__file__).resolve().parents[2]
ANNOTATIONS = ROOT / "bench" / "annotations"
CLIPS = ROOT.parent / "shared" / "clips"


@pytest.mark.parametrize("path", sorted(ANNOTATIONS.glob("*.json")), ids=lambda p: p.stem)
def test_every_annotation_is_contiguous_and_says_why(path: Path) -> None:
    note = load_annotation(path)
    assert len(note.chapters) >= 3
    assert all(len(c.why) > 30 for c in note.chapters)
    gold = note.gold()
    assert gold.chapters[-1].end_seconds == pytest.approx(note.duration_seconds)


def test_01_and_08_are_annotated() -> None:
    assert {p.stem for p in ANNOTATIONS.glob("*.json")} >= {"01_cc_wannaworktogether", "08_gnome_screencast"}


def test_a_gap_between_chapters_is_refused(tmp_path: Path) -> None:
    data = json.loads((ANNOTATIONS / "08_gnome_screencast.json").read_text())
    data["chapters"][1]["start_seconds"] += 1.0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(FormatError, match="ends at 4.0 but 'Turn on the second monitor' starts at 5.0"):
        load_annotation(bad)


def test_annotated_durations_match_the_clips() -> None:
    if not CLIPS.is_dir():
        pytest.skip(f"{CLIPS} is absent: the real clips live beside the checkout")
    found = annotated_clips(ANNOTATIONS, CLIPS)
    assert len(found) == len(list(ANNOTATIONS.glob("*.json")))
    for clip, kind in found:
        assert kind in ("screencast", "meeting", "explainer", "talk", "slides")
        assert probe(clip.video).duration_seconds == pytest.approx(clip.gold.duration_seconds, abs=0.05)


def test_clips_that_are_absent_are_skipped(tmp_path: Path) -> None:
    assert annotated_clips(ANNOTATIONS, tmp_path) == []
