"""Serving a real server from its own environment for a test: on a free loopback port,
waited for until it answers, its output kept in a log for the failure message, and
stopped (terminated, then killed) when the test is done."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(args: list[str], ready_url: str, log_path: Path, env: dict[str, str],
          timeout_seconds: float = 300) -> Iterator[subprocess.Popen]:
    """Run ``args`` until the block ends, once ``ready_url`` answers HTTP 200."""
    with open(log_path, "w") as log:
        server = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        _wait_ready(server, ready_url, log_path, timeout_seconds)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_ready(server: subprocess.Popen, url: str, log_path: Path, timeout_seconds: float) -> None:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"{' '.join(map(str, server.args[1:4]))} exited with {server.returncode}: {log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    pytest.fail(f"the server did not answer {url} within {timeout_seconds:.0f} s: {log_path.read_text()[-3000:]}")
