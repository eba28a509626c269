"""CSV: one row per chapter, for spreadsheets and scripts.

Columns: ``start_seconds, end_seconds, start_time, end_time, title, summary`` (seconds to
the millisecond, times as HH:MM:SS.mmm). Text that a spreadsheet would run as a formula
(starting with ``= + - @``, a tab or a carriage return) is written behind a ``'``, and a
leading ``'`` is doubled, so reading the file back gives the exact text.
"""

from __future__ import annotations

import csv
import io

from vidmark.errors import FormatError, TimecodeError
from vidmark.export.base import ChapterFormat
from vidmark.model import Annotation, Chapter, ChapterList
from vidmark.timecode import format_hms_ms, parse_timecode

COLUMNS = ("start_seconds", "end_seconds", "start_time", "end_time", "title", "summary")
_GUARDED = ("=", "+", "-", "@", "\t", "\r", "'")


class CsvTable(ChapterFormat):
    name = "csv"
    description = "CSV table: start/end in seconds and HH:MM:SS.mmm, title, summary"
    extensions = (".csv",)

    def write(self, annotation: Annotation) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for c in annotation.chapters:
            writer.writerow([f"{c.start_seconds:.3f}", f"{c.end_seconds:.3f}", format_hms_ms(c.start_seconds),
                             format_hms_ms(c.end_seconds), _guard(c.title), _guard(c.summary)])
        return buffer.getvalue()

    def read(self, text: str) -> ChapterList:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fields = reader.fieldnames or []
        if not ({"start_seconds", "start_time"} & set(fields)):
            raise FormatError(f"CSV needs a start_seconds or start_time column, found: {', '.join(fields) or 'none'}")
        try:
            return ChapterList(chapters=[_chapter(row, i) for i, row in enumerate(reader)])
        except csv.Error as exc:
            raise FormatError(f"not valid CSV: {exc}") from None

    def sniff(self, text: str) -> bool:
        return text.startswith("start_seconds,") or text.startswith("start_time,")


def _guard(text: str) -> str:
    return "'" + text if text.startswith(_GUARDED) else text


def _unguard(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_GUARDED) else text


def _chapter(row: dict[str, str | None], index: int) -> Chapter:
    start = _time(row, "start", index)
    end = _time(row, "end", index) if (row.get("end_seconds") or row.get("end_time")) else start
    if end < start:
        raise FormatError(f"row {index + 1}: end {end} s before start {start} s")
    return Chapter(start_seconds=start, end_seconds=end, title=_unguard(row.get("title") or ""),
                   summary=_unguard(row.get("summary") or ""))


def _time(row: dict[str, str | None], which: str, index: int) -> float:
    value = row.get(f"{which}_seconds") or row.get(f"{which}_time") or ""
    try:
        return parse_timecode(value)
    except TimecodeError as exc:
        raise FormatError(f"row {index + 1}: {which}: {exc}") from None
