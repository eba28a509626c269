"""OGM simple chapters: ``CHAPTER01=00:00:00.000`` and ``CHAPTER01NAME=Title`` lines.

The oldest chapter text format, still read by mkvmerge, MP4Box and many players. It
carries start times (milliseconds) and one-line titles only.
"""

from __future__ import annotations

import re

from vidmark.errors import FormatError, TimecodeError
from vidmark.export.base import ChapterFormat
from vidmark.export.common import close_starts, one_line
from vidmark.model import Annotation, ChapterList
from vidmark.timecode import format_hms_ms, parse_timecode

_LINE = re.compile(r"^CHAPTER(\d+)(NAME)?=(.*)$", re.IGNORECASE)


class OgmChapters(ChapterFormat):
    name = "ogm"
    description = "OGM simple chapters (CHAPTER01=00:00:00.000 / CHAPTER01NAME=Title)"
    extensions = (".ogm.txt",)

    def write(self, annotation: Annotation) -> str:
        width = max(2, len(str(len(annotation.chapters))))
        lines = []
        for number, c in enumerate(annotation.chapters, 1):
            key = f"CHAPTER{number:0{width}d}"
            lines += [f"{key}={format_hms_ms(c.start_seconds)}", f"{key}NAME={one_line(c.title)}"]
        return "\n".join(lines) + "\n"

    def read(self, text: str) -> ChapterList:
        starts: dict[int, float] = {}
        names: dict[int, str] = {}
        for line in text.splitlines():
            match = _LINE.match(line.strip())
            if match:
                number, is_name, value = int(match.group(1)), match.group(2), match.group(3)
                if is_name:
                    names[number] = value.strip()
                else:
                    starts[number] = _start(value, number)
        if not starts:
            raise FormatError("no CHAPTERnn=HH:MM:SS.mmm lines found")
        rows = [(starts[n], names.get(n, ""), "") for n in sorted(starts)]
        return ChapterList(chapters=close_starts(rows))

    def sniff(self, text: str) -> bool:
        return bool(re.match(r"\s*CHAPTER\d+=\d", text, re.IGNORECASE))


def _start(value: str, number: int) -> float:
    try:
        return parse_timecode(value)
    except TimecodeError as exc:
        raise FormatError(f"CHAPTER{number:02d}: {exc}") from None
