"""Fixtures for the service tests: a clip with four scenes, the app in-process, and real
``vidmark serve`` processes on free ports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.conftest import ROOT, ffmpeg
from vidmark.service import ServiceSettings, create_app

VIDMARK = Path(sys.executable).with_name("vidmark")
SAMPLE = ROOT / "sample" / "tutorial.mp4"
SCENE_SOURCES = ("testsrc2", "smptebars", "rgbtestsrc", "color=c=0x3060c0")
SCENE_SECONDS = 11


@pytest.fixture(scope="session")
def scenes_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 44 s 320x240 clip of four visibly different 11 s scenes (the scenes engine finds 4)."""
    path = tmp_path_factory.mktemp("service-media") / "scenes.mp4"
    inputs: list[str] = []
    for source in SCENE_SOURCES:
        sep = ":" if "=" in source else "="
        inputs += ["-f", "lavfi", "-i", f"{source}{sep}s=320x240:r=25:d={SCENE_SECONDS}"]
    joined = "".join(f"[{i}:v]" for i in range(len(SCENE_SOURCES))) + f"concat=n={len(SCENE_SOURCES)}:v=1:a=0[v]"
    ffmpeg(*inputs, "-filter_complex", joined, "-map", "[v]", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path))
    return path


@pytest.fixture
def sample_video(scenes_clip: Path) -> Path:
    """The project's sample when it has been generated, else the generated scenes clip."""
    return SAMPLE if SAMPLE.is_file() else scenes_clip


def make_settings(data_dir: Path, **overrides: Any) -> ServiceSettings:
    """Settings for a test server; its default engine is the fast ``scenes`` one."""
    return ServiceSettings(data_dir=data_dir, **{"default_engine": "scenes", **overrides})


@pytest.fixture
def client(tmp_path: Path, scenes_clip: Path) -> Iterator[TestClient]:
    """The app in-process, with the scenes clip's folder as its media root."""
    app = create_app(make_settings(tmp_path / "data", media_roots=[scenes_clip.parent]))
    with TestClient(app) as test_client:
        yield test_client


def wait_for_job(get: Callable[[str], httpx.Response], job_id: str, timeout: float = 90.0,
                 states: tuple[str, ...] = ("done", "failed", "cancelled")) -> dict[str, Any]:
    """Poll a job until it reaches one of ``states``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = get(f"/v1/jobs/{job_id}").json()
        if job["state"] in states:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {job['state']} after {timeout} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One ``vidmark serve`` process, with an httpx client bound to it."""

    def __init__(self, data_dir: Path, *args: str, token: str | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = ["--port", str(self.port), "--data-dir", str(data_dir), "--engine", "scenes", *args]
        self.log = data_dir.parent / f"serve-{self.port}.log"
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.http = httpx.Client(base_url=self.url, headers=headers, timeout=60)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        env = {k: v for k, v in os.environ.items() if k != "VIDMARK_TOKEN"}
        env["VIDMARK_CACHE_DIR"] = str(self.log.parent / "cache")
        with self.log.open("ab") as log:
            self.process = subprocess.Popen([str(VIDMARK), "serve", *self.args], stdout=log, stderr=log, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"vidmark serve exited: {self.log.read_text()}")
            try:
                httpx.get(self.url + "/index.html", timeout=1)
                return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise AssertionError(f"vidmark serve did not answer in 30 s: {self.log.read_text()}")

    def get(self, path: str) -> httpx.Response:
        return self.http.get(path)

    def kill(self) -> None:
        """Stop the server the hard way (as a crash or power cut would)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.http.close()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Start real servers: ``serve(*cli_args, data_dir=..., token=...)``; all stopped at the end."""
    servers: list[Server] = []

    def start(*args: str, data_dir: Path | None = None, token: str | None = None) -> Server:
        server = Server(data_dir or tmp_path / "data", *args, token=token)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()
