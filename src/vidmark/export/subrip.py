"""SRT (SubRip): one cue per chapter, its title as the text, through the ``srt`` library.

Players that cannot read chapters can still show the chapter title as a subtitle.
Times are kept to the millisecond; the title is one line, the summary is not stored.
"""

from __future__ import annotations

from datetime import timedelta

import srt

from vidmark.errors import FormatError
from vidmark.export.base import ChapterFormat
from vidmark.export.common import one_line
from vidmark.model import Annotation, Chapter, ChapterList


class SubRip(ChapterFormat):
    name = "srt"
    description = "SubRip subtitles, one cue per chapter showing its title"
    extensions = (".srt",)

    def write(self, annotation: Annotation) -> str:
        cues = [
            srt.Subtitle(index=i, start=_delta(c.start_seconds), end=_delta(c.end_seconds), content=one_line(c.title) or "-")
            for i, c in enumerate(annotation.chapters, 1)
        ]
        return srt.compose(cues)

    def read(self, text: str) -> ChapterList:
        try:
            cues = list(srt.parse(text))
        except (srt.SRTParseError, OverflowError) as exc:  # OverflowError: hours past timedelta's range
            raise FormatError(f"not valid SRT: {exc}".splitlines()[0]) from None
        if not cues:
            raise FormatError("no SRT cues found")
        return ChapterList(chapters=[
            Chapter(start_seconds=c.start.total_seconds(), end_seconds=max(c.end, c.start).total_seconds(),
                    title=one_line(c.content))
            for c in cues
        ])

    def sniff(self, text: str) -> bool:
        head = text.lstrip().splitlines()[:2]
        return len(head) == 2 and head[0].strip().isdigit() and "-->" in head[1] and "," in head[1]


def _delta(seconds: float) -> timedelta:
    return timedelta(milliseconds=round(seconds * 1000))
