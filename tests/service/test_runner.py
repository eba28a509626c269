"""Jobs in child processes: the same result as in-process, errors with their status, and
a stop or a crash that leaves no process behind."""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

import pytest

from vidmark.pipeline import AnnotateOptions, annotate
from vidmark.service.errors import JobFailed
from vidmark.service.runner import Interrupted, run_job

FAST = AnnotateOptions(engine="scenes", cache=False)
SLOW = AnnotateOptions(engine="scenes", engine_options={"every_seconds": 0.04}, cache=False)


def test_result_matches_the_library_call(scenes_clip: Path) -> None:
    stages: list[tuple[str, float]] = []
    result = run_job(scenes_clip, FAST, lambda stage, fraction: stages.append((stage, fraction)), lambda: False)
    assert result.chapters == annotate(scenes_clip, FAST).chapters
    assert stages and stages[-1][1] == 1.0
    assert multiprocessing.active_children() == []


def test_errors_keep_their_message_and_status(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.mp4"
    bogus.write_bytes(b"\x00not a video at all" * 100)
    with pytest.raises(JobFailed, match="not a readable media file") as caught:
        run_job(bogus, FAST, lambda *_: None, lambda: False)
    assert caught.value.http_status == 422


def test_stop_terminates_the_process(scenes_clip: Path) -> None:
    with pytest.raises(Interrupted):
        run_job(scenes_clip, SLOW, lambda *_: None, lambda: True)
    assert multiprocessing.active_children() == []


def test_a_crashed_process_fails_the_job(scenes_clip: Path) -> None:
    def kill_on_first_report(stage: str, fraction: float) -> None:
        for child in multiprocessing.active_children():
            os.kill(child.pid, signal.SIGKILL)

    with pytest.raises(JobFailed, match=r"ended without an answer \(exit code -9\)") as caught:
        run_job(scenes_clip, SLOW, kill_on_first_report, lambda: False)
    assert caught.value.http_status == 500
