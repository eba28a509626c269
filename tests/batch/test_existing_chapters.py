"""``vidmark batch --existing-chapters`` and a manifest's ``existing_chapters`` column: the
videos' own chapters used, hinted or ignored, per batch and per row, as ``annotate`` does."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.chaptered_clip import EMBEDDED, SCENE_STARTS, make_chaptered_clip
from vidmark.batch.inputs import expand_inputs
from vidmark.errors import InputError

VIDMARK = Path(sys.executable).with_name("vidmark")


@pytest.fixture(scope="module")
def chaptered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_chaptered_clip(tmp_path_factory.mktemp("batch-existing"))


def test_the_batch_option_applies_where_a_row_does_not_choose(chaptered: Path, tmp_path: Path) -> None:
    rows = {"batchs": None, "ignored": "ignore", "hinted": "hint"}
    manifest = tmp_path / "list.jsonl"
    lines = []
    for name, existing in rows.items():
        shutil.copy(chaptered, tmp_path / f"{name}.mp4")  # one video each: a batch runs a path once
        row = {"path": f"{name}.mp4", "refine": {"snap_tolerance_seconds": 0}}
        lines.append(json.dumps(row | ({"existing_chapters": existing} if existing else {})))
    manifest.write_text("\n".join(lines) + "\n")
    done = subprocess.run([str(VIDMARK), "batch", str(manifest), "--out", str(tmp_path / "out"), "--engine", "scenes",
                           "--existing-chapters", "use", "--plain"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    full = {name: json.loads((tmp_path / "out" / f"{name}.full.json").read_text()) for name in rows}
    starts = {name: [(round(c["start_seconds"]), c["title"]) for c in f["chapters"]] for name, f in full.items()}
    assert starts["batchs"] == EMBEDDED and full["batchs"]["run"]["engine"] == "existing"
    assert [s for s, _ in starts["ignored"]] == SCENE_STARTS and full["ignored"]["run"]["engine"] == "scenes"
    assert [s for s, _ in starts["hinted"]] == [s for s, _ in EMBEDDED] and full["hinted"]["run"]["engine"] == "scenes"


def test_a_csv_column_is_read_and_a_bad_value_names_its_row(chaptered: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "list.csv"
    manifest.write_text(f"path,existing_chapters\n{chaptered},ignore\n")
    assert [i.existing_chapters for i in expand_inputs([str(manifest)])] == ["ignore"]
    manifest.write_text(f"path,existing_chapters\n{chaptered},\n{chaptered},replace\n")
    with pytest.raises(InputError, match=r"list.csv, row 2: existing_chapters must be one of use, hint, ignore, got 'replace'"):
        expand_inputs([str(manifest)])
