"""The event log as CSV: one row per event (``--task events``), for spreadsheets and agent-training tools.

Columns: ``start_seconds, end_seconds, start_time, end_time, kind, description``; text a
spreadsheet would run as a formula is guarded as in the chapter CSV.
"""

from __future__ import annotations

import csv
import io

from vidmark.export.base import ChapterFormat
from vidmark.export.csv_table import _guard
from vidmark.model import Annotation
from vidmark.timecode import format_hms_ms

COLUMNS = ("start_seconds", "end_seconds", "start_time", "end_time", "kind", "description")


class EventsCsv(ChapterFormat):
    name = "events-csv"
    description = "the event log (from --task events) as CSV: start/end, kind, description"
    extensions = (".events.csv",)
    readable = False

    def write(self, annotation: Annotation) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for e in annotation.events:
            writer.writerow([f"{e.start_seconds:.3f}", f"{e.end_seconds:.3f}", format_hms_ms(e.start_seconds),
                             format_hms_ms(e.end_seconds), e.kind, _guard(e.description)])
        return buffer.getvalue()
