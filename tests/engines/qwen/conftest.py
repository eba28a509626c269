"""Fixtures of the Qwen3-VL engine tests: the tiny random Qwen3-VL, built once a session
in the heavy test environment."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.engines.qwen.heavy_env import ROOT, ensure_heavy_env, heavy_env_vars

BUILDER = ROOT / "tests" / "engines" / "qwen" / "local" / "tiny_qwen3vl.py"


@pytest.fixture(scope="session")
def heavy_python() -> Path:
    return ensure_heavy_env()


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory, heavy_python: Path) -> Path:
    """A tiny random Qwen3-VL checkpoint folder (config, weights, tokenizer, processors)."""
    folder = tmp_path_factory.mktemp("tiny-qwen3vl")
    done = subprocess.run([str(heavy_python), str(BUILDER), str(folder)], capture_output=True, text=True,
                          env=heavy_env_vars(), timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return folder
