"""FFmpeg's FFMETADATA1 text: the chapter list ``ffmpeg -i meta.txt -map_chapters`` reads.

Besides being a chapter file format, this is how :mod:`vidmark.export.embed` hands
chapters to ffmpeg. Values escape ``=``, ``;``, ``#``, ``\\`` and newlines with a
backslash; every chapter states its TIMEBASE (1/1000: milliseconds).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from fractions import Fraction

from vidmark.errors import FormatError
from vidmark.export.base import ChapterFormat
from vidmark.model import Annotation, Chapter, ChapterList

HEADER = ";FFMETADATA1"
_SPECIAL = re.compile(r"([=;#\\\n])")


class FfMetadata(ChapterFormat):
    name = "ffmetadata"
    description = "FFmpeg FFMETADATA1 chapters (what `ffmpeg -map_chapters` reads)"
    extensions = (".ffmetadata", ".ffmeta")

    def write(self, annotation: Annotation) -> str:
        return ffmetadata_text(annotation.chapters)

    def read(self, text: str) -> ChapterList:
        if not text.startswith(HEADER):
            raise FormatError(f"FFMETADATA must start with {HEADER!r}")
        chapters = [_chapter(fields, i) for i, fields in enumerate(_sections(text)) if fields is not None]
        return ChapterList(chapters=chapters)

    def sniff(self, text: str) -> bool:
        return text.startswith(HEADER)


def ffmetadata_text(chapters: Sequence[Chapter]) -> str:
    """The FFMETADATA1 document for ``chapters`` (millisecond times, escaped titles)."""
    lines = [HEADER]
    for c in chapters:
        start = round(c.start_seconds * 1000)
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={start}",
                  f"END={max(start, round(c.end_seconds * 1000))}", f"title={escape(c.title)}"]
    return "\n".join(lines) + "\n"


def escape(value: str) -> str:
    return _SPECIAL.sub(r"\\\1", value)


def _logical_lines(text: str) -> Iterator[tuple[str, bool]]:
    """(line, was it a comment) with escapes resolved; an escaped newline joins lines."""
    line, escaped, start = [], False, True
    comment = False
    for char in text:
        if start:
            comment, start = char in ";#", False
        if escaped:
            line.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "\n":
            yield "".join(line), comment
            line, start = [], True
        else:
            line.append(char)
    if line:
        yield "".join(line), comment


def _sections(text: str) -> Iterator[dict[str, str] | None]:
    """Each section's key/value pairs: the global one (yielded as None), then [CHAPTER]s."""
    fields: dict[str, str] | None = None
    for line, comment in _logical_lines(text):
        if comment or not line.strip():
            continue
        if line.startswith("[") and line.rstrip().endswith("]"):
            yield fields
            fields = {} if line.strip().upper() == "[CHAPTER]" else None
        elif fields is not None:
            key, _, value = line.partition("=")
            fields[key.strip().lower()] = value
    yield fields


def _chapter(fields: dict[str, str], index: int) -> Chapter:
    try:
        base = Fraction(fields.get("timebase", "1/1000000000"))
        start, end = int(fields["start"]) * base, int(fields["end"]) * base
    except (KeyError, ValueError, ZeroDivisionError) as exc:
        raise FormatError(f"chapter {index}: needs integer START and END and a TIMEBASE like 1/1000 ({exc})") from None
    if start < 0 or end < start:
        raise FormatError(f"chapter {index}: END {fields['end']} before START {fields['start']}")
    return Chapter(start_seconds=float(start), end_seconds=float(end), title=fields.get("title", ""))
