"""URLs through yt-dlp against a real HTTP server on 127.0.0.1, .info.json files, and streams."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.media.loopback_http import Site, serving
from vidmark.errors import InputError
from vidmark.media.netguard import AddressPolicy, ForbiddenAddress
from vidmark.media.probe import probe
from vidmark.media.source import SourceOptions, download_folder, resolve_input
from vidmark.signals.subtitles import read_subtitles

VIDMARK = Path(sys.executable).with_name("vidmark")
CUES = "WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nHello from the site\n\n00:00:02.000 --> 00:00:03.500\nSecond cue here\n"


def test_direct_link_through_the_generic_extractor_downloads_once(clip: Path, tmp_path: Path) -> None:
    site = Site(files={"/media/talk.mp4": clip})
    with serving(site):
        url = f"{site.url}/media/talk.mp4"
        seen: list[float] = []
        first = resolve_input(url, SourceOptions(cache_dir=tmp_path), lambda _stage, f: seen.append(f))
        fetched = len(site.fetched("/media/talk.mp4"))
        again = resolve_input(url, SourceOptions(cache_dir=tmp_path))
    assert first.path.read_bytes() == clip.read_bytes() and first.path.parent == download_folder(tmp_path, url)
    assert again == first and len(site.fetched("/media/talk.mp4")) == fetched  # the second run fetched nothing
    assert first.source is not None and first.source.site == "Generic" and seen[-1] == 1.0


def test_an_interrupted_download_resumes_from_its_part_file(clip: Path, tmp_path: Path) -> None:
    site = Site(files={"/talk.mp4": clip})
    with serving(site):
        url = f"{site.url}/talk.mp4"
        folder = download_folder(tmp_path, url)
        folder.mkdir(parents=True)
        half = clip.stat().st_size // 2
        (folder / "media.mp4.part").write_bytes(clip.read_bytes()[:half])
        resolved = resolve_input(url, SourceOptions(cache_dir=tmp_path))
    assert resolved.path.read_bytes() == clip.read_bytes()
    assert ("GET", "/talk.mp4", f"bytes={half}-") in site.requests


def _info_json(site: Site, folder: Path) -> Path:
    info = {
        "id": "talk1", "title": "Installing the tool", "description": "A walk through setup.",
        "extractor": "example", "extractor_key": "Example", "webpage_url": f"{site.url}/watch/talk1",
        "formats": [
            {"format_id": "360p", "url": f"{site.url}/v/360.mp4", "ext": "mp4", "height": 240, "width": 320,
             "vcodec": "avc1", "acodec": "mp4a"},
            {"format_id": "2160p", "url": f"{site.url}/v/2160.mp4", "ext": "mp4", "height": 2160, "width": 3840,
             "vcodec": "avc1", "acodec": "mp4a"},
        ],
        "subtitles": {"en": [{"url": f"{site.url}/v/talk.en.vtt", "ext": "vtt"}]},
        "automatic_captions": {"en-orig": [{"url": f"{site.url}/v/auto.vtt", "ext": "vtt"}]},
        "chapters": [{"start_time": 0.0, "end_time": 1.5, "title": "Welcome"},
                     {"start_time": 1.5, "end_time": 4.0, "title": "Setup"}],
    }
    path = folder / "talk1.info.json"
    path.write_text(json.dumps(info), encoding="utf-8")
    return path


def _talk_site(clip: Path, tmp_path: Path) -> Site:
    subtitles = tmp_path / "talk.en.vtt"
    subtitles.write_text(CUES, encoding="utf-8")
    return Site(files={"/v/360.mp4": clip, "/v/talk.en.vtt": subtitles})


def test_info_json_gives_a_small_format_the_sites_subtitles_and_chapters(clip: Path, tmp_path: Path) -> None:
    site = _talk_site(clip, tmp_path)
    with serving(site):
        resolved = resolve_input(str(_info_json(site, tmp_path)), SourceOptions(cache_dir=tmp_path / "cache"))
    assert not site.fetched("/v/2160.mp4") and not site.fetched("/v/auto.vtt")  # <= 720p; own subtitles first
    source = resolved.source
    assert source is not None and source.title == "Installing the tool" and source.description == "A walk through setup."
    assert [c.title for c in source.chapters] == ["Welcome", "Setup"]
    signals = read_subtitles(resolved.path, probe(resolved.path), [])
    assert [t.text for t in signals.texts] == ["Hello from the site", "Second cue here"]
    assert Path(source.subtitles[0]).name == "media.en.vtt"


def test_annotate_an_info_json_from_the_command_line(clip: Path, tmp_path: Path) -> None:
    site = _talk_site(clip, tmp_path)
    out = tmp_path / "talk.full.json"
    with serving(site):
        info = _info_json(site, tmp_path)
        done = subprocess.run([str(VIDMARK), "annotate", str(info), "--engine", "scenes", "--existing-chapters", "use",
                               "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text())
    assert data["source"]["title"] == "Installing the tool" and data["source"]["site"] == "Example"
    assert [(c["start_seconds"], c["title"]) for c in data["chapters"]] == [(0.0, "Welcome"), (1.5, "Setup")]
    assert data["run"]["engine"] == "existing"


@pytest.mark.parametrize("unsized", [False, True], ids=["announced", "streamed without a length"])
def test_a_download_over_the_size_limit_is_refused(clip: Path, tmp_path: Path, unsized: bool) -> None:
    site = Site(files={"/talk.mp4": clip}, unsized={"/talk.mp4"} if unsized else set())
    with serving(site), pytest.raises(InputError, match="size limit"):
        resolve_input(f"{site.url}/talk.mp4", SourceOptions(cache_dir=tmp_path, max_bytes=clip.stat().st_size // 3))
    assert not (download_folder(tmp_path, f"{site.url}/talk.mp4") / "source.json").exists()


def test_loopback_is_refused_unless_allowed_and_so_are_redirects_to_it(clip: Path, tmp_path: Path) -> None:
    inner = Site(files={"/secret.mp4": clip})
    with serving(inner, host="127.0.0.2"):
        outer = Site(files={"/talk.mp4": clip}, redirects={"/go.mp4": f"{inner.url}/secret.mp4"})
        with serving(outer):
            allowed = AddressPolicy(allow=["127.0.0.1/32"])
            with pytest.raises(ForbiddenAddress, match=r"127\.0\.0\.1"):
                resolve_input(f"{outer.url}/talk.mp4", SourceOptions(cache_dir=tmp_path, policy=AddressPolicy()))
            ok = resolve_input(f"{outer.url}/talk.mp4", SourceOptions(cache_dir=tmp_path, policy=allowed))
            with pytest.raises(ForbiddenAddress, match=r"127\.0\.0\.2"):
                resolve_input(f"{outer.url}/go.mp4", SourceOptions(cache_dir=tmp_path, policy=allowed))
    assert ok.path.read_bytes() == clip.read_bytes()
    assert outer.fetched("/go.mp4") and not inner.requests  # the redirect's target was never contacted


def test_a_link_that_cannot_be_fetched_is_one_line(tmp_path: Path) -> None:
    site = Site()
    with serving(site):
        url = f"{site.url}/missing.mp4"
        with pytest.raises(InputError, match=r"cannot download .*missing\.mp4: .*404") as raised:
            resolve_input(url, SourceOptions(cache_dir=tmp_path))
    assert "\n" not in str(raised.value)


def test_policy_checks_every_address() -> None:
    policy = AddressPolicy(allow=["10.1.0.0/16"])
    policy.check("example.org", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
    policy.check("files.internal", ["10.1.2.3"])
    for bad in ("169.254.169.254", "192.168.1.1", "::1", "::ffff:127.0.0.1", "fe80::1", "0.0.0.0", "10.2.0.1"):
        with pytest.raises(ForbiddenAddress):
            policy.check("h", ["93.184.215.14", bad])


def test_a_fifo_nobody_writes_to_is_refused_quickly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.mp4"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(InputError, match="nobody wrote to it"):
        resolve_input(str(fifo), SourceOptions(cache_dir=tmp_path, wait_seconds=0.5))
    with pytest.raises(InputError, match="is a named pipe"):
        probe(fifo)  # the commands that need a file refuse a pipe without opening it
    assert time.monotonic() - started < 5


def test_a_fifo_is_spooled_by_content(clip: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def write() -> None:
        time.sleep(0.3)  # the writer comes after the reader opened the pipe
        with open(fifo, "wb") as pipe:
            pipe.write(clip.read_bytes())

    writer = threading.Thread(target=write)
    writer.start()
    resolved = resolve_input(str(fifo), SourceOptions(cache_dir=tmp_path, wait_seconds=5))
    writer.join()
    assert resolved.path.read_bytes() == clip.read_bytes() and resolved.path.suffix == ".mp4"
    assert resolved.path.parent == tmp_path / "streams"


@pytest.mark.slow
def test_standard_input_and_a_silent_fifo_on_the_command_line(clip: Path, tmp_path: Path) -> None:
    with clip.open("rb") as stdin:
        piped = subprocess.run([str(VIDMARK), "annotate", "-", "--engine", "scenes"], stdin=stdin,
                               capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)[0]["start_time"] == "00:00:00"
    fifo = tmp_path / "silent"
    os.mkfifo(fifo)
    silent = subprocess.run([str(VIDMARK), "annotate", str(fifo), "--engine", "scenes"], capture_output=True,
                            text=True, timeout=60, env={**os.environ, "VIDMARK_STREAM_WAIT_SECONDS": "1"})
    assert silent.returncode == 2 and silent.stderr.strip().count("\n") == 0
    assert "nobody wrote to it" in silent.stderr
    primary, secondary = os.openpty()
    try:
        tty = subprocess.run([str(VIDMARK), "annotate", "-"], stdin=secondary, capture_output=True, text=True, timeout=60)
    finally:
        os.close(primary)
        os.close(secondary)
    assert tty.returncode == 2 and "standard input is a terminal" in tty.stderr
