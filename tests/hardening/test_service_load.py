"""Concurrent clients (16 in CI, 50 under ``-m long``) against a real ``vidmark serve`` on loopback, each uploading a
video and polling its job, with the server SIGKILLed and restarted in the middle of the
load. Every job a client was given an id for ends done; every job the server knows of
ends in a final state; clients that met the restart retried and got through."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.conftest import make_clip

DEADLINE_SECONDS = 400
FINAL = ("done", "failed", "cancelled")


class _Serve:
    def __init__(self, data_dir: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url, self.data_dir, self.process = f"http://127.0.0.1:{self.port}", data_dir, None

    def start(self) -> None:
        log = (self.data_dir.parent / "serve.log").open("ab")
        self.process = subprocess.Popen([sys.executable, "-m", "vidmark.cli", "serve", "--port", str(self.port),
                                         "--data-dir", str(self.data_dir), "--engine", "scenes"], stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(self.url + "/v1/info", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        raise AssertionError("vidmark serve did not come up")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)


def _client(url: str, video: Path, stats: dict[str, int], lock: threading.Lock) -> tuple[str, str]:
    deadline = time.monotonic() + DEADLINE_SECONDS
    job_id = None
    with httpx.Client(base_url=url, timeout=30) as http:
        while time.monotonic() < deadline:
            try:
                if job_id is None:
                    response = http.post("/v1/jobs", files={"file": (video.name, video.read_bytes())}, data={"engine": "scenes"})
                    if response.status_code == 201:
                        job_id = response.json()["id"]
                    continue
                state = http.get(f"/v1/jobs/{job_id}").json()["state"]
                if state in FINAL:
                    return job_id, state
            except (httpx.TransportError, ValueError):
                with lock:
                    stats["retries"] += 1
            time.sleep(0.3)
    return job_id or "", "client gave up"


@pytest.mark.slow
def test_clients_and_a_restart_lose_nothing(tmp_path: Path) -> None:
    _load(tmp_path, 16)


@pytest.mark.long
def test_fifty_clients_and_a_restart_lose_nothing(tmp_path: Path) -> None:
    _load(tmp_path, 50)


def _load(tmp_path: Path, clients: int) -> None:
    clip = make_clip(tmp_path / "clip.mp4", duration=2.0, size="160x120", rate=10)
    videos = []
    for i in range(clients):
        videos.append(tmp_path / f"v{i:02d}.mp4")
        videos[-1].write_bytes(clip.read_bytes() + b"\0" * (i + 1))
    server = _Serve(tmp_path / "data")
    server.start()
    stats, lock = {"retries": 0}, threading.Lock()
    with ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(_client, server.url, v, stats, lock) for v in videos]
        while sum(1 for _ in (tmp_path / "data" / "jobs").glob("*")) < clients // 3:
            time.sleep(0.1)
        server.kill()
        server.start()
        results = [f.result() for f in futures]
    try:
        known = {job["id"]: job["state"] for job in httpx.get(server.url + "/v1/jobs?limit=1000", timeout=30).json()}
    finally:
        server.kill()
    given = dict(results)
    assert all(state == "done" for state in given.values()), results
    assert len(given) == clients and set(given) <= set(known)
    assert all(state in FINAL for state in known.values()), known
    print(f"\nclients {clients}, jobs known to the server {len(known)}, client retries {stats['retries']}, lost 0")
