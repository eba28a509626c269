"""The coverage-guided fuzzer, CI-sized: a short libFuzzer run of six targets in a subprocess
(atheris instruments vidmark for coverage). ``-m long`` runs a minute on every target."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.hardening.fuzz_targets import READABLE_FORMATS

pytest.importorskip("atheris", reason="atheris (the coverage-guided fuzzer) is not installed")
HARNESS = Path(__file__).with_name("atheris_fuzz.py")
TARGETS = ["timecode", "answer", "refine", *READABLE_FORMATS]


def _fuzz(target: str, *limits: str) -> str:
    done = subprocess.run([sys.executable, str(HARNESS), target, "-seed=1", "-rss_limit_mb=2048", *limits],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{target}: finding:\n{done.stderr[-3000:]}"
    assert "Done" in done.stderr, done.stderr[-500:]
    return done.stderr


@pytest.mark.slow
def test_short_run_finds_nothing() -> None:
    """Each target costs a few seconds of start-up: CI takes the parsers with the most logic."""
    for target in ("timecode", "answer", "refine", "srt", "matroska-xml", "otio"):
        _fuzz(target, "-runs=1500")


@pytest.mark.long
@pytest.mark.parametrize("target", TARGETS)
def test_a_minute_per_target(target: str) -> None:
    _fuzz(target, "-max_total_time=60")
