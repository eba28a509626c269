"""The content-addressed cache: fingerprints, the SQLite index, damage, concurrency, pruning."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from vidmark.cache import Cache, cache_key, fingerprint, parse_age
from vidmark.errors import VidmarkError

MB = 1 << 20


@pytest.fixture
def blob(tmp_path: Path) -> Path:
    path = tmp_path / "a" / "video.bin"
    path.parent.mkdir()
    path.write_bytes(os.urandom(3 * MB))
    return path


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_renamed_or_moved_file_has_the_same_fingerprint(blob: Path, tmp_path: Path) -> None:
    before = fingerprint(blob)
    moved = tmp_path / "elsewhere" / "renamed.mp4"
    moved.parent.mkdir()
    shutil.move(blob, moved)
    assert fingerprint(moved) == before


def test_one_changed_byte_in_a_sampled_block_changes_the_fingerprint(blob: Path) -> None:
    before = fingerprint(blob)
    _flip(blob, blob.stat().st_size - 1)  # the last block is always sampled
    assert fingerprint(blob) != before


def test_the_full_hash_sees_a_byte_the_samples_skip(blob: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, full = fingerprint(blob), fingerprint(blob, full=True)
    _flip(blob, 100 * 1024)  # between the first two 64 KiB samples of a 3 MiB file
    assert fingerprint(blob) == fast
    assert fingerprint(blob, full=True) != full
    monkeypatch.setenv("VIDMARK_CACHE_FULL_HASH", "1")
    assert fingerprint(blob) == fingerprint(blob, full=True)


def test_a_value_round_trips_and_is_indexed(private_cache: Path) -> None:
    cache = Cache()
    key = cache_key("f" * 32, "speech", {"model": "en"})
    assert cache.get(key) is None
    cache.put(key, {"words": ["hello"]}, video="f" * 32)
    assert cache.get(key) == {"words": ["hello"]}
    with sqlite3.connect(private_cache / "index.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        stage, video, size = db.execute("SELECT stage, video, size FROM entries").fetchone()
    assert (stage, video, size) == ("speech", "f" * 32, len(json.dumps({"words": ["hello"]})))
    assert [(s.stage, s.entries) for s in cache.stats()] == [("speech", 1)]


@pytest.mark.parametrize("damage", ["flip", "truncate", "delete"])
def test_a_damaged_entry_is_dropped_and_missed_never_returned(damage: str, private_cache: Path) -> None:
    cache = Cache()
    key = cache_key("f" * 32, "ocr", {})
    cache.put(key, {"lines": ["a" * 100]})
    (path,) = (private_cache / "entries").rglob("*.json")
    if damage == "flip":
        _flip(path, 20)
    elif damage == "truncate":
        path.write_bytes(path.read_bytes()[:10])
    else:
        path.unlink()
    assert cache.get(key) is None
    assert not path.exists()
    assert cache.stats() == []
    cache.put(key, {"lines": ["b"]})
    assert cache.get(key) == {"lines": ["b"]}


def test_a_replaced_value_leaves_one_file(private_cache: Path) -> None:
    cache = Cache()
    cache.put("annotation-1", {"v": 1})
    cache.put("annotation-1", {"v": 2})
    assert cache.get("annotation-1") == {"v": 2}
    assert len(list((private_cache / "entries").rglob("*.json"))) == 1


def _hammer(root: str, worker: int) -> list[str]:
    """Write and read the same keys as the other workers; what was read that was wrong."""
    cache, wrong = Cache(root), []
    for round_ in range(40):
        key = f"signal-{round_ % 5}"
        cache.put(key, {"key": key, "by": worker, "payload": "x" * (round_ * 100)}, video="v")
        value = cache.get(key)
        if value is None or value["key"] != key or len(value["payload"]) % 100:
            wrong.append(f"{key}: {value!r:.80}")
    return wrong


def test_concurrent_processes_share_the_cache(tmp_path: Path) -> None:
    with ProcessPoolExecutor(4) as pool:
        results = list(pool.map(_hammer, [str(tmp_path)] * 4, range(4)))
    assert results == [[], [], [], []]
    cache = Cache(tmp_path)
    assert sum(s.entries for s in cache.stats()) == 5
    assert len(list((tmp_path / "entries").rglob("*.json"))) == 5
    assert all(cache.get(f"signal-{i}")["key"] == f"signal-{i}" for i in range(5))


def test_prune_removes_what_went_unused(private_cache: Path) -> None:
    cache = Cache()
    for key in ("probe-old", "probe-new", "engine-old"):
        cache.put(key, {"k": key})
    with sqlite3.connect(private_cache / "index.sqlite") as db:
        db.execute("UPDATE entries SET used = ? WHERE key LIKE '%-old'", (time.time() - 40 * 86400,))
    assert cache.prune(parse_age("30d")) == 2
    assert cache.get("probe-new") == {"k": "probe-new"}
    assert cache.get("probe-old") is None and cache.get("engine-old") is None
    assert len(list((private_cache / "entries").rglob("*.json"))) == 1
    assert cache.clear() == 1
    assert not list((private_cache / "entries").rglob("*.json"))


def test_ages() -> None:
    assert parse_age("30d") == 30 * 86400
    assert parse_age("12h") == 12 * 3600
    with pytest.raises(VidmarkError, match="30x"):
        parse_age("30x")
