"""WebVTT chapters: a ``kind="chapters"`` text track, one cue per chapter.

Each cue spans its chapter; the cue text's first line is the title and any further lines
the summary. Reading and writing go through the webvtt-py library.
"""

from __future__ import annotations

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from vidmark.errors import FormatError
from vidmark.export.base import ChapterFormat
from vidmark.export.common import one_line
from vidmark.model import Annotation, Chapter, ChapterList
from vidmark.timecode import format_hms_ms


class WebVttChapters(ChapterFormat):
    name = "webvtt"
    description = "WebVTT chapter track (<track kind=\"chapters\">): a cue per chapter, titled"
    extensions = (".chapters.vtt", ".vtt")

    def write(self, annotation: Annotation) -> str:
        captions = [
            webvtt.Caption(
                start=format_hms_ms(c.start_seconds),
                end=format_hms_ms(c.end_seconds),
                text=[_one_line(c.title) or f"Chapter {i}", *([_one_line(c.summary)] if c.summary else [])],
                identifier=f"chapter-{i}",
            )
            for i, c in enumerate(annotation.chapters, 1)
        ]
        return webvtt.WebVTT(captions=captions).content

    def read(self, text: str) -> ChapterList:
        try:
            track = webvtt.WebVTT.from_string(text)
        except (MalformedFileError, MalformedCaptionError) as exc:
            raise FormatError(f"not a valid WebVTT file: {exc}".splitlines()[0]) from None
        chapters = []
        for i, cue in enumerate(track.captions, 1):
            start, end = cue.start_time.in_milliseconds() / 1000, cue.end_time.in_milliseconds() / 1000
            if end < start:
                raise FormatError(f"cue {i}: end {cue.end} is before start {cue.start}")
            title, _, summary = cue.text.partition("\n")
            chapters.append(Chapter(start_seconds=start, end_seconds=end, title=title.strip(),
                                    summary=" ".join(summary.split())))
        return ChapterList(chapters=chapters)

    def sniff(self, text: str) -> bool:
        return text.lstrip("\ufeff").startswith("WEBVTT")


def _one_line(text: str) -> str:
    """Cue text must not contain blank lines or '-->'; keep each field on one line."""
    return one_line(text.replace("-->", "->"))
