"""SIGKILL at random points mid-batch and mid-embed, and a full disk under the output.

After every kill: each output file under its final name is complete and valid (temp files
are hidden ``.*.part`` files that the next run sweeps away), the cache still serves, and a
re-run finishes the work. A full disk gives one clear error line and leaves what was
there intact. CI kills a few times; ``-m long`` kills 20 times each."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest

from tests.conftest import make_clip

CLI = [sys.executable, "-m", "vidmark.cli"]


def _videos(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    clip = make_clip(folder / "src.mp4", duration=3.0, size="160x120", rate=10, audio=True, extra=("-c:a", "aac"))
    videos = []
    for i in range(count):
        video = folder / "in" / f"v{i}.mp4"
        video.parent.mkdir(exist_ok=True)
        video.write_bytes(clip.read_bytes() + b"\0" * (i + 1))
        videos.append(video)
    return videos


def _kill_at(command: list[str], seconds: float, cache: Path | None = None) -> bool:
    """Run, SIGKILL the whole process group after ``seconds``; True when it was still running."""
    env = {**os.environ, "VIDMARK_CACHE_DIR": str(cache)} if cache else None
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                               env=env)
    try:
        process.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return True


def _batch_outputs_valid(out: Path) -> int:
    done = 0
    for path in out.iterdir():
        if path.name.startswith("."):
            continue  # a temp file of the killed run
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            [json.loads(line) for line in text.splitlines()]
        else:
            json.loads(text)
        done += path.name.endswith(".full.json")
    return done


def _kill_batch(tmp_path: Path, kills: int) -> None:
    rng = random.Random(11)
    videos = _videos(tmp_path, 4)
    out = tmp_path / "out"
    command = [*CLI, "batch", str(tmp_path / "in"), "--out", str(out), "--engine", "scenes", "-j", "2", "--plain"]
    started = time.perf_counter()  # one whole run, to aim the kills inside a run's span
    subprocess.run(command, capture_output=True, timeout=300, env={**os.environ, "VIDMARK_CACHE_DIR": str(tmp_path / "c")})
    span = time.perf_counter() - started
    killed = 0
    for i in range(kills):  # --force and a fresh cache: each run redoes the work; the last cache is killed into
        cache = tmp_path / f"cache{i}"
        killed += _kill_at([*command, "--force"], rng.uniform(0.1, 0.9) * span, cache)
        if out.exists():
            assert _batch_outputs_valid(out) <= len(videos)
    final = subprocess.run(command, capture_output=True, text=True, timeout=300,
                           env={**os.environ, "VIDMARK_CACHE_DIR": str(cache)})
    assert final.returncode == 0, final.stderr[-1500:]
    assert _batch_outputs_valid(out) == len(videos)
    assert not list(out.glob(".*.part")), "the re-run sweeps the killed runs' temp files"
    assert killed >= 1, "no kill landed mid-run"


def _kill_embed(tmp_path: Path, kills: int) -> None:
    rng = random.Random(5)
    video = _videos(tmp_path, 1)[0]
    chapters = tmp_path / "chapters.json"
    chapters.write_text(json.dumps([{"start_time": "00:00:00", "end_time": "00:00:01", "title": "One"},
                                    {"start_time": "00:00:01", "end_time": "00:00:03", "title": "Two"}]))
    target = tmp_path / "embedded.mp4"
    for _ in range(kills):
        target.unlink(missing_ok=True)
        _kill_at([*CLI, "embed", str(video), str(chapters), "-o", str(target)], rng.uniform(0.2, 3.0))
        if target.exists():  # complete or absent, never half a file
            with av.open(str(target)) as container:
                assert [c["metadata"].get("title") for c in container.chapters()] == ["One", "Two"]
    done = subprocess.run([*CLI, "embed", str(video), str(chapters), "-o", str(target)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".") and p.name.endswith(".part")]


@pytest.mark.slow
def test_sigkill_mid_batch_then_rerun(tmp_path: Path) -> None:
    _kill_batch(tmp_path, 3)


@pytest.mark.slow
def test_sigkill_mid_embed(tmp_path: Path) -> None:
    _kill_embed(tmp_path, 4)


@pytest.mark.long
def test_sigkill_20_times_each(tmp_path: Path) -> None:
    _kill_batch(tmp_path / "batch", 20)
    _kill_embed(tmp_path / "embed", 20)


def _small_disk(folder: Path, how: str):
    """A nearly full 256 KiB tmpfs (needs root), or a 64-byte file size limit (RLIMIT_FSIZE) for
    the child; either way an output from an earlier run is already there."""
    folder.mkdir()
    if how == "tmpfs" and (os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], capture_output=True).returncode):
        pytest.skip("mounting a small tmpfs needs root (the rlimit variant still runs)")
    (folder / "out.json").write_text('[{"start_time": "00:00:00", "title": "from an earlier run"}]')
    if how == "rlimit":
        return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))
    with (folder / "filler").open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 1024)
        except OSError:
            pass
    return None


@pytest.mark.slow
@pytest.mark.parametrize("how", ["tmpfs", "rlimit"])
def test_full_disk_is_one_clear_error_and_corrupts_nothing(tmp_path: Path, how: str) -> None:
    video = _videos(tmp_path, 1)[0]
    disk = tmp_path / "disk"
    try:
        limit = _small_disk(disk, how)
        before = {p.name: p.read_bytes() for p in disk.iterdir()}
        done = subprocess.run([*CLI, "annotate", str(video), "--engine", "scenes", "-o", str(disk / "out.json"),
                               "-o", str(disk / "out.full.json")], capture_output=True, text=True, timeout=120,
                              preexec_fn=limit)
        after = {p.name: p.read_bytes() for p in disk.iterdir()}
    finally:
        if how == "tmpfs":
            subprocess.run(["umount", str(disk)], capture_output=True)
    errors = [line for line in done.stderr.splitlines() if line.startswith("vidmark: error:")]
    assert done.returncode != 0 and len(errors) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "cannot write" in errors[0] and ("No space left" in errors[0] or "too large" in errors[0]), errors
    assert after == before, "nothing half-written, nothing already there changed"
