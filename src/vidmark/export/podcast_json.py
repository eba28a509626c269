"""Podcasting 2.0 JSON chapters: the file a feed's ``<podcast:chapters>`` tag points to.

``{"version": "1.2.0", "chapters": [{"startTime": 0, "endTime": 83.5, "title": ...}]}``
with times in float seconds (kept to the millisecond). Summaries are not part of it.
"""

from __future__ import annotations

import json

from vidmark.errors import FormatError
from vidmark.export.base import ChapterFormat
from vidmark.export.seed_json import _load_json
from vidmark.model import Annotation, Chapter, ChapterList

VERSION = "1.2.0"


class PodcastJson(ChapterFormat):
    name = "podcast-json"
    description = "Podcasting 2.0 JSON chapters (application/json+chapters)"
    extensions = (".podcast.json",)

    def write(self, annotation: Annotation) -> str:
        rows = [
            {"startTime": round(c.start_seconds, 3), "endTime": round(c.end_seconds, 3), "title": c.title}
            for c in annotation.chapters
        ]
        return json.dumps({"version": VERSION, "chapters": rows}, ensure_ascii=False, indent=2) + "\n"

    def read(self, text: str) -> ChapterList:
        data = _load_json(text)
        if not isinstance(data, dict) or not isinstance(data.get("chapters"), list):
            raise FormatError("Podcasting 2.0 chapters must be an object with a 'chapters' array")
        rows = data["chapters"]
        starts = [_seconds(row, "startTime", i) for i, row in enumerate(rows)]
        nexts = starts[1:] + [None]
        return ChapterList(chapters=[_chapter(row, i, start, after) for i, (row, start, after) in enumerate(zip(rows, starts, nexts))])

    def sniff(self, text: str) -> bool:
        return text.lstrip().startswith("{") and '"startTime"' in text[:2000]


def _seconds(row: object, key: str, index: int) -> float:
    value = row.get(key) if isinstance(row, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise FormatError(f"chapter {index}: {key} must be a non-negative number of seconds, got {value!r}")
    return float(value)


def _chapter(row: dict, index: int, start: float, next_start: float | None) -> Chapter:
    end = _seconds(row, "endTime", index) if "endTime" in row else (next_start if next_start is not None else start)
    if end < start:
        raise FormatError(f"chapter {index}: endTime {end} before startTime {start}")
    return Chapter(start_seconds=start, end_seconds=end, title=str(row.get("title", "")))
