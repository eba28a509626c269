"""``vidmark cache info|clear|prune`` over a cache filled by a real annotation."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from vidmark.cli import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out + captured.err


def test_info_prune_and_clear(clip: Path, tmp_path: Path, private_cache: Path, capsys) -> None:
    assert _run(capsys, "annotate", str(clip), "--engine", "scenes", "-o", str(tmp_path / "a.json"))[0] == 0
    code, out = _run(capsys, "cache", "info")
    assert code == 0 and f"location: {private_cache}" in out
    assert all(stage in out for stage in ("probe", "engine", "annotation", "total"))
    with sqlite3.connect(private_cache / "index.sqlite") as db:
        db.execute("UPDATE entries SET used = ? WHERE stage = 'probe'", (time.time() - 31 * 86400,))
    assert _run(capsys, "cache", "prune", "--older-than", "30d") == (0, "removed 1 entries unused for 30d\n")
    code, out = _run(capsys, "cache", "clear")
    assert code == 0 and out.startswith("removed 2 entries")
    assert "total" in _run(capsys, "cache", "info")[1] and not list((private_cache / "entries").rglob("*.json"))


def test_a_bad_age_is_an_error(capsys) -> None:
    code, out = _run(capsys, "cache", "prune", "--older-than", "soon")
    assert code != 0 and "vidmark: error:" in out and "soon" in out
