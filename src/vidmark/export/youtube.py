"""YouTube description chapters: one ``0:00 Title`` line per chapter.

YouTube turns timestamp lines in a video's description into chapters: the first must be
``0:00``, and each chapter ends where the next begins. The format carries start times
and titles only.

YouTube ignores the lines unless the first chapter starts at 0:00, there are at least
three and each lasts at least 10 s. With ``rules="fix"`` (the default) the writer makes
the list meet them (the first chapter starts at 0:00, short chapters are merged, the
longest split until there are three) and logs one warning saying what changed; for a
video too short for three 10 s chapters the warning says so and the lines are written as
they are (the format is also read by tools other than YouTube). ``rules="check"`` refuses a list that
breaks a rule, naming the first problem; ``rules="off"`` writes the chapters as they are. When read, every chapter but the last ends where the next begins; the
last one's end is not in the text, so it is set to its own start and the duration is left
unknown (``None``): whoever knows the duration closes it (evaluation does).
"""

from __future__ import annotations

import logging
import re
from typing import Literal

from pydantic import Field

from vidmark.errors import FormatError, InputError, TimecodeError
from vidmark.export.base import ChapterFormat, FormatOptions
from vidmark.refine.rules import youtube_compatible, youtube_problems
from vidmark.model import Annotation, Chapter, ChapterList
from vidmark.timecode import format_youtube, parse_timecode

log = logging.getLogger(__name__)
# A timestamp at the start of a line, optionally in brackets, then an optional separator.
# The timestamp must not run on into digits, '.', ',' or ':' (WebVTT and SRT cue times).
_LINE = re.compile(r"^\s*[\[(]?((?:\d+:)?\d{1,2}:\d{2})(?![\d.,:])[\])]?\s*(?:[-\u2013\u2014:|]\s*)?(.*?)\s*$")


class YouTubeOptions(FormatOptions):
    rules: Literal["fix", "check", "off"] = Field(
        default="fix", description="YouTube's rules (first at 0:00, >= 3 chapters, each >= 10 s): fix, check or off")


class YouTubeChapters(ChapterFormat):
    name = "youtube"
    description = "YouTube description lines '0:00 Title' (start times and titles only)"
    extensions = (".youtube.txt",)
    Options = YouTubeOptions

    def write(self, annotation: Annotation) -> str:
        chapters = self._ruled(annotation.chapters, annotation.video.duration_seconds)
        return "".join(f"{format_youtube(c.start_seconds)} {c.title}".rstrip() + "\n" for c in chapters)

    def _ruled(self, chapters: list[Chapter], duration_seconds: float) -> list[Chapter]:
        problems = youtube_problems(chapters) if self.options.rules != "off" else []
        if not problems:
            return chapters
        if self.options.rules == "check":
            raise FormatError(f"YouTube would not show these chapters: {problems[0]}"
                              + (f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""))
        try:
            fixed = youtube_compatible(chapters, max(duration_seconds, chapters[-1].end_seconds if chapters else 0.0))
        except InputError as exc:
            log.warning("YouTube will not show these chapters (%s) and they cannot be fixed: %s", problems[0], exc)
            return chapters
        log.warning("YouTube chapters: %s; wrote %d chapters that meet YouTube's rules instead of %d",
                    problems[0], len(fixed), len(chapters))
        return fixed

    def read(self, text: str) -> ChapterList:
        rows = [_timestamp_line(line) for line in text.splitlines()]
        found = [row for row in rows if row is not None]
        if not found:
            raise FormatError("no '0:00 Title' chapter lines found")
        for (before, _), (after, _) in zip(found, found[1:]):
            if after <= before:
                raise FormatError(f"chapter times must increase: {format_youtube(after)} follows {format_youtube(before)}")
        ends = [start for start, _ in found[1:]] + [found[-1][0]]
        chapters = [Chapter(start_seconds=s, end_seconds=e, title=t) for (s, t), e in zip(found, ends)]
        return ChapterList(chapters=chapters)

    def sniff(self, text: str) -> bool:
        first = next((row for row in map(_timestamp_line, text.splitlines()[:200]) if row), None)
        return first is not None and first[0] == 0.0


def _timestamp_line(line: str) -> tuple[float, str] | None:
    match = _LINE.match(line)
    if not match:
        return None
    try:
        return parse_timecode(match.group(1)), match.group(2)
    except TimecodeError:
        return None
