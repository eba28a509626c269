"""CSV: one row per chapter, for spreadsheets and scripts.

Columns: ``start_seconds, end_seconds, start_time, end_time, title, summary`` (seconds to
the millisecond, times as HH:MM:SS.mmm). Text that a spreadsheet would run as a formula
(starting with ``= + - @``, a tab or a carriage return) is written behind a ``'``, and a
leading ``'`` is doubled, so reading the file back gives the exact text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

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
        rows = [(c.start_seconds, c.end_seconds, c.title, c.summary) for c in annotation.chapters]
        return timed_table(COLUMNS, rows)

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


def timed_table(columns: Sequence[str], rows: Iterable[tuple[float, float, str, str]]) -> str:
    """CSV text: the header, then per row its start and end in seconds and as HH:MM:SS.mmm,
    then its text cells, each guarded against being run as a spreadsheet formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for start, end, *texts in rows:
        writer.writerow([f"{start:.3f}", f"{end:.3f}", format_hms_ms(start), format_hms_ms(end), *map(_guard, texts)])
    return buffer.getvalue()


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
