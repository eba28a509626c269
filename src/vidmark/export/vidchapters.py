"""VidChapters-7M style records: ``{"duration": s, "chapters": [{"label": str, "time": s}]}``.

This is the per-video record of the VidChapters-7M annotations (Yang et al., NeurIPS
2023; github.com/antoyang/VidChapters, ``collection/desc2chapters.py`` and
``preproc/chapters_to_dvc.py``): start times in seconds and labels; a chapter ends where
the next begins and the last at ``duration``. The dataset's files map video IDs to such
records; a file holding exactly one ``{id: record}`` pair is read too.
"""

from __future__ import annotations

import json
import math

from vidmark.errors import FormatError
from vidmark.export.base import ChapterFormat
from vidmark.export.seed_json import _load_json
from vidmark.model import Annotation, Chapter, ChapterList


class VidChaptersRecord(ChapterFormat):
    name = "vidchapters"
    description = "VidChapters-7M record {duration, chapters: [{label, time}]} in seconds"
    extensions = (".vidchapters.json",)

    def write(self, annotation: Annotation) -> str:
        record = {
            "duration": annotation.video.duration_seconds,
            "chapters": [{"label": c.title, "time": c.start_seconds} for c in annotation.chapters],
        }
        return json.dumps(record, ensure_ascii=False, indent=2) + "\n"

    def read(self, text: str) -> ChapterList:
        record = _record(_load_json(text))
        duration = _seconds(record.get("duration"), "duration")
        rows = record["chapters"]
        starts = [_seconds(row.get("time") if isinstance(row, dict) else None, f"chapter {i} time")
                  for i, row in enumerate(rows)]
        if any(b <= a for a, b in zip(starts, starts[1:])):
            raise FormatError("chapter times must increase")
        if starts and starts[-1] > duration:
            raise FormatError(f"chapter at {starts[-1]} s starts after the duration {duration} s")
        ends = [*starts[1:], duration]
        chapters = [Chapter(start_seconds=s, end_seconds=e, title=str(row.get("label", "")))
                    for row, s, e in zip(rows, starts, ends)]
        return ChapterList(chapters=chapters, duration_seconds=duration)

    def sniff(self, text: str) -> bool:
        head = text[:2000]
        return text.lstrip().startswith("{") and '"chapters"' in head and '"label"' in head and '"time"' in head


def _record(data: object) -> dict:
    if isinstance(data, dict) and "chapters" not in data and len(data) == 1:
        data = next(iter(data.values()))
    if not isinstance(data, dict) or not isinstance(data.get("chapters"), list):
        raise FormatError("a VidChapters record must be an object with 'duration' and a 'chapters' array")
    return data


def _seconds(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise FormatError(f"{what} must be a non-negative number of seconds, got {value!r}")
    return float(value)
