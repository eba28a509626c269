"""Batch manifests and arguments that name URLs: downloaded through yt-dlp from a loopback server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.media.loopback_http import Site, serving
from vidmark.batch.inputs import expand_inputs

VIDMARK = Path(sys.executable).with_name("vidmark")


def test_urls_keep_their_text_and_get_plain_names(tmp_path: Path) -> None:
    manifest = tmp_path / "list.csv"
    manifest.write_text("path,name\nhttps://example.org/watch?v=abc,\nhttps://example.org/watch?v=xyz,second\n")
    items = expand_inputs([str(manifest), "https://example.org/watch?v=abc"])
    assert [(i.path, i.name) for i in items] == [("https://example.org/watch?v=abc", "example.org-watch-v-abc"),
                                                 ("https://example.org/watch?v=xyz", "second")]


def test_a_manifest_row_with_a_url_is_downloaded_and_chaptered(clip: Path, tmp_path: Path) -> None:
    site = Site(files={"/talks/one.mp4": clip})
    with serving(site):
        manifest = tmp_path / "list.jsonl"
        manifest.write_text(json.dumps({"path": f"{site.url}/talks/one.mp4", "name": "one"}) + "\n")
        done = subprocess.run([str(VIDMARK), "batch", str(manifest), "--out", str(tmp_path / "out"), "--engine", "scenes",
                               "--plain"], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    full = json.loads((tmp_path / "out" / "one.full.json").read_text())
    assert full["source"]["url"] == f"{site.url}/talks/one.mp4" and full["chapters"][0]["start_seconds"] == 0.0
    assert site.fetched("/talks/one.mp4")
