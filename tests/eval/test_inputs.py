"""Pairing prediction and gold files, one by one or folders by video name."""

from __future__ import annotations

from pathlib import Path

import pytest

from vidmark.errors import InputError
from vidmark.eval.inputs import chapter_files, load_pairs, video_name

SEED = '[{"start_time": "00:00:00", "end_time": "00:01:00", "title": "A", "summary": ""}]\n'
YOUTUBE = "0:00 A\n0:30 B\n"


def test_video_name_is_the_stem_before_the_first_dot() -> None:
    assert video_name(Path("dir/talk.chapters.json")) == "talk"
    assert video_name(Path("talk.gold.full.json")) == "talk"


def test_folders_pair_by_name_and_ignore_videos_and_unreadable_files(tmp_path: Path) -> None:
    pred, gold = tmp_path / "pred", tmp_path / "gold"
    pred.mkdir(), gold.mkdir()
    (pred / "talk.chapters.json").write_text(SEED)
    (pred / "talk.txt").write_text("text summary, not readable")
    (pred / "extra.json").write_text(SEED)
    (gold / "talk.youtube.txt").write_text(YOUTUBE)
    (gold / "talk.mp4").write_bytes(b"\0")
    (gold / "lonely.vtt").write_text("WEBVTT\n")
    pairs, unmatched = load_pairs(pred, gold)
    assert [name for name, _, _ in pairs] == ["talk"]
    assert len(pairs[0][1].chapters) == 1 and len(pairs[0][2].chapters) == 2
    assert unmatched == ["extra", "lonely"]


def test_two_files_for_one_video_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "talk.chapters.json").write_text(SEED)
    (tmp_path / "talk.youtube.txt").write_text(YOUTUBE)
    with pytest.raises(InputError, match="both chapters of 'talk'"):
        chapter_files(tmp_path)


def test_no_match_and_mixed_kinds_are_errors(tmp_path: Path) -> None:
    pred, gold = tmp_path / "pred", tmp_path / "gold"
    pred.mkdir(), gold.mkdir()
    (pred / "a.json").write_text(SEED)
    (gold / "b.json").write_text(SEED)
    with pytest.raises(InputError, match="no matching files"):
        load_pairs(pred, gold)
    with pytest.raises(InputError, match="both be files or both folders"):
        load_pairs(pred / "a.json", gold)
