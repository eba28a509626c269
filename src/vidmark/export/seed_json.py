"""The seed's JSON: an array of ``{start_time, end_time, title, summary}`` in HH:MM:SS."""

from __future__ import annotations

import json

from vidmark.errors import FormatError, TimecodeError
from vidmark.export.base import ChapterFormat
from vidmark.model import Annotation, Chapter, ChapterList
from vidmark.timecode import format_hms, parse_timecode


class SeedJson(ChapterFormat):
    name = "json"
    description = "array of {start_time, end_time, title, summary} with HH:MM:SS times (the default)"
    extensions = (".chapters.json", ".json")

    def write(self, annotation: Annotation) -> str:
        rows = [
            {
                "start_time": format_hms(c.start_seconds),
                "end_time": format_hms(c.end_seconds),
                "title": c.title,
                "summary": c.summary,
            }
            for c in annotation.chapters
        ]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"

    def read(self, text: str) -> ChapterList:
        data = _load_json(text)
        if not isinstance(data, list):
            raise FormatError("seed JSON must be an array of chapter objects")
        return ChapterList(chapters=[_chapter(row, i) for i, row in enumerate(data)])

    def sniff(self, text: str) -> bool:
        return text.lstrip().startswith("[") and '"start_time"' in text


def _chapter(row: object, index: int) -> Chapter:
    if not isinstance(row, dict) or "start_time" not in row or "end_time" not in row:
        raise FormatError(f"chapter {index}: expected an object with start_time and end_time")
    try:
        start, end = parse_timecode(row["start_time"]), parse_timecode(row["end_time"])
    except TimecodeError as exc:
        raise FormatError(f"chapter {index}: {exc}") from None
    if end < start:
        raise FormatError(f"chapter {index}: end_time {row['end_time']} is before start_time {row['start_time']}")
    return Chapter(start_seconds=start, end_seconds=end, title=str(row.get("title", "")), summary=str(row.get("summary", "")))


def _load_json(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
