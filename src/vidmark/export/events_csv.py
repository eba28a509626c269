"""The event log as CSV: one row per event (``--task events``), for spreadsheets and agent-training tools.

Columns: ``start_seconds, end_seconds, start_time, end_time, kind, description``; text a
spreadsheet would run as a formula is guarded as in the chapter CSV.
"""

from __future__ import annotations

from vidmark.export.base import ChapterFormat
from vidmark.export.csv_table import timed_table
from vidmark.model import Annotation

COLUMNS = ("start_seconds", "end_seconds", "start_time", "end_time", "kind", "description")


class EventsCsv(ChapterFormat):
    name = "events-csv"
    description = "the event log (from --task events) as CSV: start/end, kind, description"
    extensions = (".events.csv",)
    readable = False

    def write(self, annotation: Annotation) -> str:
        return timed_table(COLUMNS, ((e.start_seconds, e.end_seconds, e.kind, e.description) for e in annotation.events))
