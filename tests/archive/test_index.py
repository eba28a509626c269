"""The archive: index generated English and Chinese videos, search both, re-index only what changed."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from vidmark.archive import Archive
from vidmark.errors import InputError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def archive(narrated, chinese, tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, Path, Path]:
    folder = tmp_path_factory.mktemp("archive")
    english, zh = folder / "git.mp4", folder / "dumplings.mp4"
    shutil.copy(narrated[0], english)
    shutil.copy(chinese[0], zh)
    archive = Archive(folder / "archive.sqlite3")
    assert archive.add(english) and archive.add(zh)
    return archive, english, zh


def test_english_search_finds_slides_and_speech_best_first(archive) -> None:
    index, english, _ = archive
    hits = index.search("staging area")
    assert hits and hits[0].path == str(english.resolve())
    assert {h.source for h in hits} >= {"ocr", "speech"}
    assert 5 <= hits[0].start_seconds <= 12.4  # the "Making commits" chapter shows and says it
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))


def test_chinese_search_uses_bigrams(archive, chinese) -> None:
    index, _, zh = archive
    kneading = next(c for c in chinese[1]["chapters"] if c["title"] == "和面")
    hits = index.search("材料")  # a word inside the slide title 准备材料
    assert hits and all(h.path == str(zh.resolve()) for h in hits)
    assert any("准备材料" in h.snippet for h in hits) and hits[0].start_seconds < 5.5
    assert index.search("和面")[0].start_seconds >= kneading["start_seconds"] - 0.5  # the chapter that says it


def test_indexing_is_incremental(archive, tmp_path) -> None:
    index, english, _ = archive
    count = len(index.search("git", limit=200))
    assert not index.add(english)  # unchanged: nothing done
    assert len(index.search("git", limit=200)) == count
    assert len(index.videos()) == 2


def test_a_changed_file_is_indexed_again_and_bad_queries_are_refused(narrated, chinese, tmp_path) -> None:
    index = Archive(tmp_path / "a.sqlite3")
    video = tmp_path / "v.mp4"
    shutil.copy(narrated[0], video)
    assert index.add(video)
    shutil.copy(chinese[0], video)  # same path, other content
    assert index.add(video)
    assert index.search("材料") and not index.search("staging area")
    with pytest.raises(InputError, match="no words"):
        index.search("?!")
    rows = sqlite3.connect(tmp_path / "a.sqlite3").execute("SELECT count(*) FROM videos").fetchone()
    assert rows == (1,)
