"""Injected faults: a model server that hangs, resets, answers 500/429, slowly, with broken
JSON or nonsense, and dies mid-batch, under the real ``vidmark batch --engine openai``.
Every other video finishes, the failed ones are retried and reported in failures.jsonl,
and a re-run against a healthy server completes the rest. Nothing is lost or half-written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_clip
from tests.hardening.fault_server import FaultServer

FAULTS = ["ok", "500-once", "429-once", "hang-once", "reset-once", "slow", "truncated-once", "invalid-once",
          "always-500", "die", "after-death"]
PERMANENT = {"always-500", "die", "after-death"}  # cannot pass while the faulty server runs
RETRIED_AWAY = {"ok", "500-once", "429-once", "hang-once", "reset-once", "slow", "truncated-once", "invalid-once"}


def _manifest(folder: Path, url: str, faults: list[str] = FAULTS) -> Path:
    clip = make_clip(folder / "clip.mp4", duration=4.0, size="160x120", rate=10)
    rows = []
    for i, fault in enumerate(faults):
        video = folder / f"v{i:02d}-{fault}.mp4"
        video.write_bytes(clip.read_bytes() + b"\0" * (i + 1))  # distinct content: no cache hits across videos
        options = {"base_url": url, "model": fault, "target_fps": 2, "retries": 2, "backoff_seconds": 0.05,
                   "timeout_seconds": 3, "dedupe_threshold": 0}
        rows.append(json.dumps({"path": video.name, "name": video.stem, "engine_options": options}))
    manifest = folder / "videos.jsonl"
    manifest.write_text("\n".join(rows) + "\n")
    return manifest


def _batch(manifest: Path, out: Path, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vidmark.cli", "batch", str(manifest), "--out", str(out),
                           "--engine", "openai", "-O", f"base_url={url}", "--plain"],
                          capture_output=True, text=True, timeout=600)


def _check_outputs(out: Path) -> set[str]:
    """Names of the videos done; fails on any partial or unreadable output."""
    assert not list(out.glob(".*.part")) and not list(out.glob("*.tmp")), sorted(p.name for p in out.iterdir())
    done = set()
    for full in out.glob("*.full.json"):
        data = json.loads(full.read_text())
        assert data["chapters"] and data["chapters"][-1]["end_seconds"] > 0
        done.add(full.name.removesuffix(".full.json"))
    for plain in out.glob("*.json"):
        json.loads(plain.read_text())
    return done


@pytest.mark.slow
@pytest.mark.allow_log_errors
def test_batch_survives_a_misbehaving_model_server_and_a_rerun_completes_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with FaultServer() as server:
        manifest = _manifest(tmp_path, server.url)
        first = _batch(manifest, out, server.url)
    assert first.returncode == 1 and "Traceback" not in first.stderr, first.stderr[-2000:]
    done = _check_outputs(out)
    failures = [json.loads(line) for line in (out / "failures.jsonl").read_text().splitlines()]
    failed = {f["name"] for f in failures}
    names = {f"v{i:02d}-{fault}" for i, fault in enumerate(FAULTS)}
    assert done | failed == names and not done & failed  # every video accounted for
    assert {n for n in names if n[4:] in RETRIED_AWAY} <= done, first.stderr[-2000:]
    assert {n for n in names if n[4:] in PERMANENT} <= failed
    assert all(f["error"] and "\n" not in f["error"] for f in failures)
    assert server.faults_injected >= len(FAULTS) - 2

    with FaultServer(port=server.port, faulty=False) as healthy:
        second = _batch(manifest, out, healthy.url)
    assert second.returncode == 0, second.stderr[-2000:]
    assert _check_outputs(out) == names
    assert (out / "failures.jsonl").read_text() == ""
    assert f"{len(done)} skipped" in second.stderr


@pytest.mark.slow
@pytest.mark.allow_log_errors
def test_rerun_after_a_nonsense_answer_asks_the_model_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with FaultServer() as server:
        manifest = _manifest(tmp_path, server.url, ["nonsense"])  # every answer, the window's retry too
        first = _batch(manifest, out, server.url)
    assert first.returncode == 1 and "holds no chapters" in (out / "failures.jsonl").read_text()
    with FaultServer(port=server.port, faulty=False) as healthy:
        second = _batch(manifest, out, healthy.url)
    assert second.returncode == 0, second.stderr[-1500:]
    assert _check_outputs(out) == {"v00-nonsense"}
