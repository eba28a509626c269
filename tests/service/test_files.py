"""Names for stored uploads (pure); streaming and path rules are tested through the API."""

from __future__ import annotations

import pytest

from vidmark.service.files import safe_filename


@pytest.mark.parametrize("given, stored", [
    ("talk.mp4", "talk.mp4"),
    ("讲座 一.mp4", "video.mp4"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\me\\Clip.MKV", "Clip.mkv"),
    ("my talk (final).webm", "my_talk_final.webm"),
    ("", "video"),
])
def test_safe_filename(given: str, stored: str) -> None:
    assert safe_filename(given) == stored
