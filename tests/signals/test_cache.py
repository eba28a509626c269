"""The content-addressed cache: hits survive renames, changed content misses."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from vidmark.cache import Cache, cache_key, cache_root, fingerprint
from vidmark.media import probe
from vidmark.signals import SignalOptions, collect_signals


def test_values_round_trip(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    assert cache.get("visual-abc") is None
    cache.put("visual-abc", {"boundaries": [1.5], "text": "标题"})
    assert cache.get("visual-abc") == {"boundaries": [1.5], "text": "标题"}
    assert not list(tmp_path.rglob("*.part"))


def test_the_root_follows_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("VIDMARK_CACHE_DIR", str(tmp_path / "here"))
    assert cache_root() == tmp_path / "here" and Cache().root == tmp_path / "here"


def test_fingerprint_follows_content_not_name(clip: Path, tmp_path: Path) -> None:
    moved = Path(shutil.copy(clip, tmp_path / "renamed.mp4"))
    assert fingerprint(moved) == fingerprint(clip)
    data = bytearray(moved.read_bytes())
    data[len(data) // 2] ^= 0xFF  # the middle block is always sampled
    changed = tmp_path / "changed.mp4"
    changed.write_bytes(bytes(data))
    assert fingerprint(changed) != fingerprint(clip)
    assert fingerprint(clip, probe(clip)) != fingerprint(clip)


def test_keys_depend_on_stage_and_options() -> None:
    keys = {cache_key("f", "visual", {"ocr": True}), cache_key("f", "visual", {"ocr": False}),
            cache_key("f", "speech", {"ocr": True}), cache_key("g", "visual", {"ocr": True})}
    assert len(keys) == 4 and cache_key("f", "visual", {"ocr": True}) in keys


def test_an_unreadable_entry_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put("k1", [1])
    next(tmp_path.rglob("k1*.json")).write_text("{not json", encoding="utf-8")
    assert cache.get("k1") is None


def test_signals_are_computed_once_per_content(clip: Path, tmp_path: Path, monkeypatch) -> None:
    from vidmark.signals import visual

    runs = []
    original = visual.analyse_visual
    monkeypatch.setattr(visual, "analyse_visual", lambda *a, **k: runs.append(a[0]) or original(*a, **k))
    options = SignalOptions(ocr=False, speech=False)
    first = collect_signals(clip, probe(clip), options)
    moved = Path(shutil.copy(clip, tmp_path / "moved.mp4"))
    again = collect_signals(moved, probe(moved), options)
    assert runs == [clip] and again.boundaries == first.boundaries and again.visual == first.visual
    collect_signals(moved, probe(moved), options.model_copy(update={"every_seconds": 0.5}))
    assert runs == [clip, moved]
    collect_signals(moved, probe(moved), options.model_copy(update={"cache": False}))
    assert len(runs) == 3
    assert os.environ["VIDMARK_CACHE_DIR"] in str(next(Path(os.environ["VIDMARK_CACHE_DIR"]).rglob("visual-*.json")))
