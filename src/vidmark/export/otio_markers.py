"""OpenTimelineIO: the video as one clip on a timeline, with a marker per chapter.

Editors and review tools that speak OTIO (DaVinci Resolve, Premiere through adapters,
OpenRV) load the chapters as markers. Written and read with the ``opentimelineio``
library. Marker times are seconds at the video's frame rate (1000 per second when it is
unknown); the summary goes in the marker's comment.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import opentimelineio as otio

from vidmark.errors import FormatError
from vidmark.export.base import ChapterFormat
from vidmark.model import Annotation, Chapter, ChapterList

_RANGE = otio.opentime.TimeRange
_TIME = otio.opentime.RationalTime


class OtioMarkers(ChapterFormat):
    name = "otio"
    description = "OpenTimelineIO timeline with one marker per chapter"
    extensions = (".otio",)

    def write(self, annotation: Annotation) -> str:
        video = annotation.video
        rate = round(video.video.fps, 3) if video.video and video.video.fps else 1000.0
        span = _RANGE(_TIME(0, rate), _TIME.from_seconds(video.duration_seconds, rate))
        reference = otio.schema.ExternalReference(target_url=_url(video.path), available_range=span)
        clip = otio.schema.Clip(name=Path(video.path).name, media_reference=reference, source_range=span)
        for c in annotation.chapters:
            marked = _RANGE(_TIME.from_seconds(c.start_seconds, rate), _TIME.from_seconds(c.duration_seconds, rate))
            clip.markers.append(otio.schema.Marker(name=c.title, marked_range=marked, comment=c.summary))
        track = otio.schema.Track(name="video", kind=otio.schema.TrackKind.Video, children=[clip])
        timeline = otio.schema.Timeline(name=Path(video.path).stem, tracks=[track])
        return otio.adapters.write_to_string(timeline, "otio_json") + "\n"

    def read(self, text: str) -> ChapterList:
        _check_json(text)
        try:  # a damaged document fails anywhere in the library (KeyError on a missing field, bad ranges)
            timeline = otio.adapters.read_from_string(text, "otio_json")
            if not isinstance(timeline, otio.schema.Timeline):
                raise FormatError(f"expected an OTIO Timeline, found {type(timeline).__name__}")
            chapters = sorted(_markers(timeline), key=lambda c: c.start_seconds)
            duration = timeline.duration().to_seconds()
        except (ValueError, TypeError, KeyError, otio.exceptions.OTIOError) as exc:
            raise FormatError(f"not an OpenTimelineIO document: {exc}".splitlines()[0]) from None
        return ChapterList(chapters=chapters, duration_seconds=duration or None)

    def sniff(self, text: str) -> bool:
        return '"OTIO_SCHEMA"' in text[:500]


def _check_json(text: str) -> None:
    """A FormatError unless ``text`` is JSON with no key repeated in an object. OpenTimelineIO
    0.18's C++ reader crashes the whole process (a segfault, found by the fuzz tests) on some
    malformed JSON and on repeated keys, so those never reach it."""
    try:
        json.loads(text, object_pairs_hook=_unique_keys)
    except (ValueError, RecursionError) as exc:
        raise FormatError(f"not an OpenTimelineIO document: {exc}".splitlines()[0]) from None


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    repeated = sorted(key for key, count in Counter(key for key, _ in pairs).items() if count > 1)
    if repeated:
        raise ValueError(f"repeated keys in one object: {', '.join(repeated)}")
    return dict(pairs)


def _url(path: str) -> str:
    return otio.url_utils.url_from_filepath(str(Path(path).absolute()))


def _markers(timeline: otio.schema.Timeline) -> list[Chapter]:
    """Markers on the stack, on the tracks and on clips, in timeline seconds."""
    found = [_chapter(m, 0.0) for m in timeline.tracks.markers]
    for track in timeline.tracks:
        found += [_chapter(m, 0.0) for m in track.markers]
    for clip in timeline.find_clips():
        offset = (clip.range_in_parent().start_time - clip.trimmed_range().start_time).to_seconds()
        found += [_chapter(m, offset) for m in clip.markers]
    return found


def _chapter(marker: otio.schema.Marker, offset: float) -> Chapter:
    start = max(marker.marked_range.start_time.to_seconds() + offset, 0.0)
    return Chapter(start_seconds=start, end_seconds=start + max(marker.marked_range.duration.to_seconds(), 0.0),
                   title=marker.name, summary=marker.comment)
