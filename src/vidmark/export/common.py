"""Pieces several chapter formats share: one-line titles and closing start-only lists.

Many chapter formats (OGM, Podlove, Markdown, ...) store only where each chapter starts.
Read back, every chapter ends where the next begins; the last one ends at the duration
when the file states it, else at its own start (whoever knows the duration closes it).
"""

from __future__ import annotations

from collections.abc import Sequence

from vidmark.errors import FormatError
from vidmark.model import Chapter
from vidmark.timecode import format_hms_ms


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) turned into one space."""
    return " ".join(text.split())


def close_starts(rows: Sequence[tuple[float, str, str]], duration_seconds: float | None = None) -> list[Chapter]:
    """Chapters from ``(start_seconds, title, summary)`` rows in time order."""
    for (before, *_), (after, *_) in zip(rows, rows[1:]):
        if after < before:
            raise FormatError(f"chapter times must not go back: {format_hms_ms(after)} follows {format_hms_ms(before)}")
    last = rows[-1][0] if rows else 0.0
    ends = [row[0] for row in rows[1:]] + [max(last, duration_seconds or last)]
    return [Chapter(start_seconds=s, end_seconds=e, title=t, summary=m) for (s, t, m), e in zip(rows, ends)]


_XML_INVALID = dict.fromkeys([*(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)), 0xFFFE, 0xFFFF])


def xml_safe(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold."""
    return text.translate(_XML_INVALID)


def close_last(chapters: list[Chapter], duration_seconds: float | None) -> list[Chapter]:
    """The list with an open last chapter (ending where it starts) run to ``duration_seconds``."""
    if not chapters or not duration_seconds:
        return chapters
    last = chapters[-1]
    if last.end_seconds > last.start_seconds or duration_seconds <= last.start_seconds:
        return chapters
    return [*chapters[:-1], last.model_copy(update={"end_seconds": duration_seconds})]
