"""``vidmark cache info|clear|prune`` over a cache filled by a real annotation, and by real
downloads (yt-dlp from a loopback server) and streams (a FIFO)."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.media.loopback_http import Site, serving
from vidmark.cache import stored_inputs
from vidmark.cli import main
from vidmark.media.source import SourceOptions, download_folder, resolve_input


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out + captured.err


def test_info_prune_and_clear(clip: Path, tmp_path: Path, private_cache: Path, capsys) -> None:
    assert _run(capsys, "annotate", str(clip), "--engine", "scenes", "-o", str(tmp_path / "a.json"))[0] == 0
    code, out = _run(capsys, "cache", "info")
    assert code == 0 and f"location: {private_cache}" in out
    assert all(stage in out for stage in ("probe", "engine", "annotation", "total"))
    with sqlite3.connect(private_cache / "index.sqlite") as db:
        db.execute("UPDATE entries SET used = ? WHERE stage = 'probe'", (time.time() - 31 * 86400,))
    assert _run(capsys, "cache", "prune", "--older-than", "30d") == (
        0, "removed 1 entries and 0 downloaded or streamed videos unused for 30d\n")
    code, out = _run(capsys, "cache", "clear")
    assert code == 0 and out.startswith("removed 2 entries")
    assert "total" in _run(capsys, "cache", "info")[1] and not list((private_cache / "entries").rglob("*.json"))


def test_a_bad_age_is_an_error(capsys) -> None:
    code, out = _run(capsys, "cache", "prune", "--older-than", "soon")
    assert code != 0 and "vidmark: error:" in out and "soon" in out


def _age(path: Path, seconds: float) -> None:
    """Make ``path`` (and, for a folder, everything in it) look last changed ``seconds`` ago."""
    when = time.time() - seconds
    for item in [*path.rglob("*"), path] if path.is_dir() else [path]:
        os.utime(item, (when, when))


def _spool_through_a_fifo(clip: Path, where: Path) -> Path:
    fifo = where / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(clip.read_bytes()))
    writer.start()
    resolved = resolve_input(str(fifo), SourceOptions(wait_seconds=10))
    writer.join()
    return resolved.path


def test_downloads_and_streams_are_counted_and_pruned_but_not_while_written(clip: Path, tmp_path: Path,
                                                                            private_cache: Path, capsys) -> None:
    site = Site(files={"/talk.mp4": clip})
    with serving(site):
        url = f"{site.url}/talk.mp4"
        downloaded = resolve_input(url).path
        streamed = _spool_through_a_fifo(clip, tmp_path)
        writing = download_folder(private_cache, f"{site.url}/other.mp4")  # a download under way: .part, no source.json
        writing.mkdir()
        (writing / "media.mp4.part").write_bytes(clip.read_bytes()[:1000])
        spooling = private_cache / "streams" / ".spool-1-2.part"
        spooling.write_bytes(b"x" * 1000)
        abandoned = download_folder(private_cache, f"{site.url}/gone.mp4")
        abandoned.mkdir()
        (abandoned / "media.mp4.part").write_bytes(b"y" * 500)
        code, out = _run(capsys, "cache", "info")
        size = clip.stat().st_size
        downloads = sum(i.bytes for i in stored_inputs(private_cache / "downloads"))
        assert downloads > size + 1500 and sum(i.bytes for i in stored_inputs(private_cache / "streams")) == size + 1000
        assert code == 0 and re.search(rf"downloads\s+3 entries\s+{downloads / 1e6:.2f} MB", out)
        assert re.search(rf"streams\s+2 entries\s+{(size + 1000) / 1e6:.2f} MB", out)

        for path, seconds in ((downloaded.parent, 40 * 86400), (streamed, 40 * 86400), (abandoned, 40 * 86400),
                              (writing, 600), (spooling, 600)):
            _age(path, seconds)
        assert _run(capsys, "cache", "prune", "--older-than", "30d") == (
            0, "removed 0 entries and 3 downloaded or streamed videos unused for 30d\n")
        assert not downloaded.parent.exists() and not streamed.exists() and not abandoned.exists()
        # changed 10 minutes ago and not finished: still being written, whatever the age asked for
        assert _run(capsys, "cache", "prune", "--older-than", "1m")[1].startswith("removed 0 entries and 0 ")
        assert (writing / "media.mp4.part").is_file() and spooling.is_file()

        fetched = len(site.fetched("/talk.mp4"))
        again = resolve_input(url)
        assert again.path.read_bytes() == clip.read_bytes() and len(site.fetched("/talk.mp4")) > fetched
        _age(again.path.parent, 40 * 86400)
        assert resolve_input(url) == again  # a reuse counts as a use: the next prune keeps it
        assert _run(capsys, "cache", "prune", "--older-than", "30d")[1].startswith("removed 0 entries and 0 ")
        assert again.path.is_file()
