"""Batches: inputs expanded, one bad video never stops the rest, kill-and-resume works on
both executors, and no output file is ever half-written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vidmark.batch import BatchOptions, expand_inputs, run_batch
from vidmark.errors import InputError
from tests.conftest import make_clip

VIDMARK = [sys.executable, "-m", "vidmark.cli"]


@pytest.fixture(scope="module")
def videos(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("videos")
    for i in range(6):  # distinct frame rates, so no clip is a cache hit for another
        make_clip(folder / f"clip{i}.mp4", duration=6, size="160x120", rate=20 + i, source="testsrc2",
                  extra=("-g", "30"))
    (folder / "sub").mkdir()
    make_clip(folder / "sub" / "clip0.mp4", duration=3, size="160x120")
    (folder / "broken.mp4").write_text("not a video at all")
    (folder / "notes.txt").write_text("ignored: not a video extension")
    return folder


def test_inputs_from_folder_glob_and_manifest(videos, tmp_path):
    items = expand_inputs([str(videos)])
    assert len(items) == 8
    names = [i.name for i in items]
    assert len(set(names)) == 8 and sum(n.startswith("clip0-") for n in names) == 2
    assert len(expand_inputs([str(videos / "clip[12].mp4")])) == 2
    manifest = tmp_path / "list.jsonl"
    manifest.write_text(json.dumps({"path": str(videos / "clip3.mp4"), "language": "en", "name": "third"}) + "\n")
    (item,) = expand_inputs([str(manifest)])
    assert item.name == "third" and item.options == {"language": "en"}
    csv_manifest = tmp_path / "list.csv"
    csv_manifest.write_text(f"path,engine_options\n{videos / 'clip4.mp4'},\"{{\"\"threshold\"\": 0.5}}\"\n")
    assert expand_inputs([str(csv_manifest)])[0].options == {"engine_options": {"threshold": 0.5}}


def test_missing_input_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no such file, folder or pattern"):
        expand_inputs([str(tmp_path / "nothing*.mp4")])


@pytest.mark.parametrize("name", ["../escaped", "sub/dir", "..", ".hidden", "c:\\x"])
def test_manifest_names_cannot_leave_the_output_folder(videos, tmp_path, name):
    manifest = tmp_path / "list.jsonl"
    manifest.write_text(json.dumps({"path": str(videos / "clip3.mp4"), "name": name}) + "\n")
    with pytest.raises(InputError, match="row 1: the name .* is not a plain file name"):
        expand_inputs([str(manifest)])


def test_bad_video_is_reported_and_the_rest_done(videos, tmp_path):
    items = expand_inputs([str(videos)])
    outcomes = run_batch(items, BatchOptions(out_dir=str(tmp_path), jobs=2, annotate={"engine": "scenes"}))
    status = {o.name: o.status for o in outcomes}
    assert status.pop("broken") == "failed" and set(status.values()) == {"done"}
    failures = [json.loads(line) for line in (tmp_path / "failures.jsonl").read_text().splitlines()]
    assert [f["name"] for f in failures] == ["broken"] and "not a readable media file" in failures[0]["error"]
    chapters = json.loads((tmp_path / "clip1.chapters.json").read_text())
    assert chapters[0]["start_time"] == "00:00:00" and chapters[-1]["end_time"] == "00:00:06"
    again = run_batch(items, BatchOptions(out_dir=str(tmp_path), jobs=2, annotate={"engine": "scenes"}))
    assert {o.status for o in again if o.name != "broken"} == {"skipped"}


def _kill_then_resume(videos: Path, out: Path, extra: list[str]) -> subprocess.CompletedProcess:
    """Kill a batch (the offline engine: about a second a clip) at its first result, then resume."""
    command = [*VIDMARK, "batch", str(videos), "--out", str(out), "--plain", *extra]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not list(out.glob("*.full.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_before = len(list(out.glob("*.full.json")))
    assert 1 <= done_before < 7, "the kill should land mid-batch"
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def _assert_complete(out: Path, rerun: subprocess.CompletedProcess) -> None:
    assert rerun.returncode == 1, rerun.stderr  # the broken file still fails
    assert "skipped (already done)" in rerun.stderr
    assert len(list(out.glob("*.full.json"))) == 7
    assert not list(out.glob(".*.part"))
    for path in out.glob("*.json"):
        json.loads(path.read_text())  # every output parses: none half-written


@pytest.mark.slow
def test_kill_and_resume_local(videos, tmp_path):
    rerun = _kill_then_resume(videos, tmp_path, ["-j", "2"])
    _assert_complete(tmp_path, rerun)


@pytest.mark.slow
def test_ray_local_cluster_and_resume(videos, tmp_path):
    pytest.importorskip("ray", reason="Ray is in the test extra; not installed here")
    rerun = _kill_then_resume(videos, tmp_path, ["-j", "2", "--ray"])
    _assert_complete(tmp_path, rerun)
