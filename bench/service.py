"""Service benchmark: what the HTTP service adds on top of the library it wraps.

    python bench/service.py [--video sample/tutorial.mp4] [--upload-mib 512] [--repeats 3]

Starts a real `vidmark serve` (scenes engine, throw-away data folder) and measures, in
the same run:
  * a job through the API (multipart upload + polling until done) against calling
    `vidmark.pipeline.annotate` on the same file in-process;
  * a large streamed upload against copying the same number of bytes to disk, with the
    server's peak memory (VmHWM) before and after: streaming keeps it flat.
Prints one table of medians and ratios to the baseline.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from vidmark.pipeline import AnnotateOptions, annotate

ROOT = Path(__file__).resolve().parents[1]
BOUNDARY = "vidmarkbench"


def _serve(data: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([str(Path(sys.executable).with_name("vidmark")), "serve", "--port", str(port),
                               "--data-dir", str(data), "--engine", "scenes", "--max-upload-mb", "100000"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            httpx.get(f"http://127.0.0.1:{port}/v1/info", timeout=1)
            return server
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("vidmark serve did not start")


def _job_seconds(url: str, video: Path) -> float:
    started = time.perf_counter()
    with video.open("rb") as handle:
        job = httpx.post(url + "/v1/jobs", files={"file": (video.name, handle)}, data={"engine": "scenes", "cache": "false"}, timeout=600).json()
    while httpx.get(f"{url}/v1/jobs/{job['id']}").json()["state"] in ("queued", "running"):
        time.sleep(0.05)
    return time.perf_counter() - started


def _body(mib: int) -> Iterator[bytes]:
    yield (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.mp4\"\r\n"
           "Content-Type: video/mp4\r\n\r\n").encode()
    chunk = b"\x00" * (1 << 20)
    for _ in range(mib):
        yield chunk
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


def _upload_seconds(url: str, mib: int) -> float:
    started = time.perf_counter()
    response = httpx.post(url + "/v1/jobs", content=_body(mib), timeout=600,
                          headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
    response.raise_for_status()
    return time.perf_counter() - started


def _copy_seconds(mib: int, folder: Path) -> float:
    started = time.perf_counter()
    with (folder / "copy.bin").open("wb") as handle:
        for chunk in _body(mib):
            handle.write(chunk)
    return time.perf_counter() - started


def _peak_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--video", type=Path, default=ROOT / "sample" / "tutorial.mp4")
    parser.add_argument("--upload-mib", type=int, default=512)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--port", type=int, default=7898)
    args = parser.parse_args()
    url = f"http://127.0.0.1:{args.port}"
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        server = _serve(folder / "data", args.port)
        try:
            copy = statistics.median(_copy_seconds(args.upload_mib, folder) for _ in range(args.repeats))
            before = _peak_mib(server.pid)
            upload = statistics.median(_upload_seconds(url, args.upload_mib) for _ in range(args.repeats))
            grown = _peak_mib(server.pid) - before
            rows += [(f"write {args.upload_mib} MiB to disk", copy, 1.0, ""),
                     (f"stream-upload {args.upload_mib} MiB", upload, upload / copy,
                      f"server peak RSS {before:.0f} -> {before + grown:.0f} MiB")]
            direct = statistics.median(_timed_annotate(args.video) for _ in range(args.repeats))
            via_api = statistics.median(_job_seconds(url, args.video) for _ in range(args.repeats))
            rows += [(f"annotate {args.video.name} (scenes), in-process", direct, 1.0, ""),
                     ("same through the API (upload + poll)", via_api, via_api / direct, "")]
        finally:
            server.terminate()
            server.wait(30)
            shutil.rmtree(folder / "data", ignore_errors=True)
    print(f"| action | wall s (median of {args.repeats}) | ratio | note |\n|---|---:|---:|---|")
    for name, seconds, ratio, note in rows:
        print(f"| {name} | {seconds:.2f} | {ratio:.2f} | {note} |")


def _timed_annotate(video: Path) -> float:
    started = time.perf_counter()
    annotate(video, AnnotateOptions(engine="scenes", cache=False))
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
