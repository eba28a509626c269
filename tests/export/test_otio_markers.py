"""OpenTimelineIO loads the timeline: one clip pointing at the video, a marker per chapter."""

from __future__ import annotations

import opentimelineio as otio
import pytest

from vidmark.errors import FormatError
from vidmark.export import get_format

from .conftest import TRICKY_TITLES


def test_opentimelineio_loads_the_file(tricky, tmp_path):
    path = tmp_path / "talk.otio"
    path.write_text(get_format("otio").write(tricky), encoding="utf-8")
    timeline = otio.adapters.read_from_file(str(path))
    [clip] = list(timeline.find_clips())
    assert clip.media_reference.target_url.endswith("/nowhere/talk.mp4")
    assert [m.name for m in clip.markers] == TRICKY_TITLES
    assert [m.marked_range.start_time.to_seconds() for m in clip.markers] == pytest.approx(
        [c.start_seconds for c in tricky.chapters])
    assert [m.comment for m in clip.markers] == [c.summary for c in tricky.chapters]
    assert timeline.duration().to_seconds() == pytest.approx(tricky.video.duration_seconds)


def test_repeated_keys_and_broken_json_are_refused_before_opentimelineio(tricky):
    """OpenTimelineIO 0.18 segfaults on this document (a stack whose keys appear twice, found
    by the fuzz tests), which would take the whole process down: it is refused first."""
    fmt = get_format("otio")
    text = fmt.write(tricky)
    at = text.index('"name": "tracks",')
    repeated = text[:at] + text[at:text.index('"children": [', at)] + '"children": {},\n' + text[at:]
    with pytest.raises(FormatError, match="repeated keys in one object: children, color, effects"):
        fmt.read(repeated)
    with pytest.raises(FormatError, match="not an OpenTimelineIO document: Expecting"):
        fmt.read(text[: len(text) // 2])
