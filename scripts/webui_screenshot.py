"""Regenerate docs/img/webui.png: serve the sample, chapter it, and photograph the page.

    .venv/bin/python scripts/webui_screenshot.py [--engine offline] [--out docs/img/webui.png]

Needs the test extra (playwright) and Debian's chromium; starts `vidmark serve` on a free
port with a throw-away data folder.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="offline")
    parser.add_argument("--video", type=Path, default=ROOT / "sample" / "tutorial.mp4")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "webui.png")
    parser.add_argument("--port", type=int, default=7899)
    args = parser.parse_args()
    url = f"http://127.0.0.1:{args.port}"
    with tempfile.TemporaryDirectory() as data:
        server = subprocess.Popen([str(Path(sys.executable).with_name("vidmark")), "serve", "--port", str(args.port),
                                   "--data-dir", data, "--media-root", str(args.video.parent)])
        try:
            job = _run_job(url, args.video.name, args.engine)
            _photograph(url, job, args.out)
        finally:
            server.terminate()
            server.wait(10)
    print(f"wrote {args.out}", file=sys.stderr)


def _run_job(url: str, name: str, engine: str) -> str:
    for _ in range(100):
        try:
            job = httpx.post(url + "/v1/jobs", json={"path": name, "engine": engine}).json()
            break
        except httpx.TransportError:
            time.sleep(0.2)
    while httpx.get(f"{url}/v1/jobs/{job['id']}").json()["state"] in ("queued", "running"):
        time.sleep(0.5)
    return job["id"]


def _photograph(url: str, job_id: str, out: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(url + "/")
        page.click(f"#jobs li[data-id='{job_id}']")
        page.wait_for_selector(".block")
        page.click(".block:nth-child(4)")
        page.evaluate("document.querySelector('#player').currentTime = 56")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        page.evaluate("window.scrollTo(0, 0)")
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        browser.close()


if __name__ == "__main__":
    main()
