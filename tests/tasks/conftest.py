"""Generated media for the task tests: the tiny synthetic videos, whose truth knows every
chapter and every spoken sentence, and one cache shared by the task tests (signals are
measured once per video, never in the user's cache)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from vidmark.synth.dataset import build_spec, recipes


@pytest.fixture(scope="session")
def task_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("task-cache")


@pytest.fixture(autouse=True)
def private_cache(task_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VIDMARK_CACHE_DIR", str(task_cache))
    return task_cache


def _generate(name: str, folder: Path, *tools: str) -> tuple[Path, dict]:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (scripts/debian-test-packages.txt lists them)")
    from vidmark.synth.generate import generate_video

    made = generate_video(build_spec(next(r for r in recipes("tiny") if r.name == name)), folder)
    return made.video, json.loads(made.gold.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def narrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A 17 s English tutorial (flite voice): three chapters, slides, a typed screen."""
    return _generate("tiny_en_git", tmp_path_factory.mktemp("narrated"), "flite")


@pytest.fixture(scope="session")
def chinese(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A short Chinese video (espeak-ng voice, Chinese slides)."""
    return _generate("tiny_zh_dumplings", tmp_path_factory.mktemp("chinese"), "espeak-ng")
