"""``vidmark probe`` and ``vidmark frames`` from the command line."""

from __future__ import annotations

import json
import re

import pytest
from PIL import Image

from tests.conftest import ffmpeg, make_clip
from vidmark.cli import main
from vidmark.model import VideoInfo
from vidmark.timecode import parse_timecode


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


@pytest.fixture(scope="module")
def rich_clip(media_dir):
    """A rotated clip with audio, a subtitle track and two embedded chapters."""
    base = make_clip(media_dir / "rich_base.mp4", duration=4.0, audio=True, extra=("-c:a", "aac"))
    subs = media_dir / "rich.srt"
    subs.write_text("1\n00:00:00,500 --> 00:00:01,500\nhello\n", encoding="utf-8")
    meta = media_dir / "rich.ffmeta"
    meta.write_text(";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=2000\ntitle=Opening\n"
                    "[CHAPTER]\nTIMEBASE=1/1000\nSTART=2000\nEND=4000\ntitle=Closing\n", encoding="utf-8")
    out = media_dir / "rich.mkv"
    ffmpeg("-display_rotation", "90", "-i", str(base), "-i", str(subs), "-i", str(meta),
           "-map", "0", "-map", "1", "-map_metadata", "2", "-map_chapters", "2",
           "-c:v", "copy", "-c:a", "copy", "-c:s", "srt", "-metadata:s:s:0", "language=eng", str(out))
    return out


def test_probe_text(rich_clip, capsys):
    code, out, err = run(capsys, "probe", str(rich_clip))
    assert code == 0, err
    assert re.search(r"duration:\s+00:00:04\.\d{3}", out)
    assert "h264 320x240 @ 25.000 fps" in out
    assert "rotation:   90 degrees" in out
    assert re.search(r"audio:\s+#\d aac 44100 Hz, 1 ch", out)
    assert re.search(r"subtitles:\s+#\d (subrip|srt) \[eng\]", out)
    assert "00:00:00.000 - 00:00:02.000  Opening" in out and "00:00:02.000 - 00:00:04.000  Closing" in out


def test_probe_json_is_the_model(rich_clip, capsys):
    code, out, err = run(capsys, "probe", str(rich_clip), "--json")
    assert code == 0, err
    info = VideoInfo.model_validate_json(out)
    assert info.video.rotation_degrees == 90
    assert [c.title for c in info.chapters] == ["Opening", "Closing"]
    assert [s.language for s in info.subtitles] == ["eng"]


def read_manifest(folder):
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("mode", ["exact", "keyframes", "auto"])
def test_frames_writes_named_frames_and_a_manifest(clip, tmp_path, capsys, mode):
    code, out, err = run(capsys, "frames", str(clip), "-o", str(tmp_path), "--every", "1s", "--mode", mode,
                         "--max-side", "160")
    assert code == 0, err
    manifest = read_manifest(tmp_path)
    assert manifest["options"]["mode"] == mode and manifest["options"]["max_side"] == 160
    entries = manifest["frames"]
    assert entries and f"wrote {len(entries)} frames" in err
    assert sorted(p.name for p in tmp_path.glob("*.jpg")) == [e["file"] for e in entries]
    for entry in entries:
        stamp = re.fullmatch(r"frame_\d{5}_(\d\d)-(\d\d)-(\d\d\.\d{3})\.jpg", entry["file"])
        assert stamp, entry["file"]
        assert parse_timecode(":".join(stamp.groups())) == pytest.approx(entry["timestamp_seconds"], abs=5e-4)
        with Image.open(tmp_path / entry["file"]) as image:
            assert image.size == (entry["width"], entry["height"]) == (160, 120)
    times = [e["timestamp_seconds"] for e in entries]
    assert times == sorted(times)
    if mode == "exact":
        assert times == [0.0, 1.0, 2.0, 3.0]
    if mode == "keyframes":
        assert all(e["keyframe"] for e in entries)


def test_frames_at_given_times(clip, tmp_path, capsys):
    code, _, err = run(capsys, "frames", str(clip), "-o", str(tmp_path), "--at", "0:01.5,2.25s,<3.0 seconds>",
                       "--max-side", "0")
    assert code == 0, err
    entries = read_manifest(tmp_path)["frames"]
    assert [e["requested_seconds"] for e in entries] == [1.5, 2.25, 3.0]
    assert [e["timestamp_seconds"] for e in entries] == [1.52, 2.28, 3.0]  # first frames at or after
    assert (entries[0]["width"], entries[0]["height"]) == (320, 240)


def test_frames_of_a_still_picture_are_copies_in_the_manifest(media_dir, tmp_path, capsys):
    """auto mode: where nothing moves the picture is copied, said so in the manifest, and
    the copy's file holds the same picture."""
    still = make_clip(media_dir / "still_smptebars.mp4", duration=8.0, source="smptebars", extra=("-g", "250"))
    code, _, err = run(capsys, "frames", str(still), "-o", str(tmp_path), "--every", "2s")
    assert code == 0, err
    entries = read_manifest(tmp_path)["frames"]
    assert [e["timestamp_seconds"] for e in entries] == [0.0, 2.0, 4.0, 6.0]
    assert entries[0]["copied_from_seconds"] is None and entries[0]["keyframe"]
    sources = {e["copied_from_seconds"] for e in entries[1:]}  # x264 touches the picture up just after
    assert len(sources) == 1 and 0.0 <= sources.pop() < 0.5   # its keyframe; nothing moves after that
    assert len({(tmp_path / e["file"]).read_bytes() for e in entries[1:]}) == 1
