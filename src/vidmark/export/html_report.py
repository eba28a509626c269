"""A self-contained HTML report: one card per chapter with a thumbnail, time and text.

One file with nothing to fetch: thumbnails (a frame from inside each chapter, after its
opening transition, from :func:`vidmark.media.preview.chapter_previews`) are embedded as
``data:`` JPEGs, the style is inline,
and a Content-Security-Policy forbids scripts. Every piece of text is HTML-escaped. Each
card carries its exact times in ``data-start-seconds``/``data-end-seconds``, so the
report can be read back as a chapter list.
"""

from __future__ import annotations

import base64
import io
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image
from pydantic import Field

from vidmark.errors import FormatError, InputError
from vidmark.export.base import ChapterFormat, FormatOptions
from vidmark.media.preview import chapter_previews
from vidmark.model import Annotation, Chapter, ChapterList, Frame
from vidmark.timecode import format_hms

GENERATOR = "vidmark"
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
    ".chapter{display:flex;gap:1rem;align-items:flex-start;border-top:1px solid #ddd;padding:1rem 0}"
    ".chapter img{flex:none;border-radius:4px;background:#eee}.time{color:#666;font-variant-numeric:tabular-nums;margin:0}"
    "h2{margin:.2rem 0;font-size:1.15rem;white-space:pre-wrap}.summary{margin:.2rem 0;white-space:pre-wrap}"
)
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


class HtmlOptions(FormatOptions):
    thumbnails: bool = Field(default=True, description="embed a frame from inside each chapter (needs the video)")
    thumbnail_side: int = Field(default=320, ge=16, le=1920, description="longest side of a thumbnail, pixels")


class HtmlReport(ChapterFormat):
    name = "html"
    description = "self-contained HTML report with a thumbnail per chapter"
    extensions = (".html", ".htm")
    Options = HtmlOptions

    def write(self, annotation: Annotation) -> str:
        video = annotation.video
        starts = [c.start_seconds for c in annotation.chapters]
        pictures = self.options.thumbnails and not video.audio_only
        images = self._thumbnails(video.path, annotation.chapters) if pictures else [None] * len(starts)
        name = escape(Path(video.path).name)
        head = (
            f'<!DOCTYPE html>\n<html lang="{escape(annotation.language or "und")}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="generator" content="{GENERATOR}">\n<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{name}: chapters</title>\n'
            f"<style>{_STYLE}</style>\n</head>\n<body>\n<header><h1>{name}</h1>\n"
            f'<p class="time">{format_hms(video.duration_seconds)} &middot; {len(starts)} chapters &middot; '
            f"{escape(annotation.run.engine)}{' / ' + escape(annotation.run.model) if annotation.run.model else ''}</p></header>\n<main>\n"
        )
        cards = [_card(i, c, image) for i, (c, image) in enumerate(zip(annotation.chapters, images), 1)]
        return head + "".join(cards) + "</main>\n</body>\n</html>\n"

    def read(self, text: str) -> ChapterList:
        parser = _ReportParser()
        parser.feed(text)
        parser.close()
        if not parser.chapters:
            raise FormatError("no vidmark chapter cards (<section class=\"chapter\" data-start-seconds=...>) found")
        return ChapterList(chapters=parser.chapters)

    def sniff(self, text: str) -> bool:
        return f'<meta name="generator" content="{GENERATOR}">' in text[:2000]

    def _thumbnails(self, path: str, chapters: list[Chapter]) -> list[tuple[str, float] | None]:
        if not Path(path).is_file():
            raise InputError(f"the HTML report takes its thumbnails from the video, and {path} is not a file "
                             "(give the video, or set the option thumbnails=false)")
        frames = chapter_previews(path, chapters, self.options.thumbnail_side)
        return [(_data_uri(f), f.timestamp_seconds) if f is not None else None for f in frames]


def _card(number: int, chapter: Chapter, image: tuple[str, float] | None) -> str:
    picture = f'<img src="{image[0]}" alt="frame at {format_hms(image[1])}" data-frame-seconds="{image[1]!r}">' \
        if image else ""
    summary = f'<p class="summary">{escape(chapter.summary)}</p>' if chapter.summary else ""
    return (
        f'<section class="chapter" id="chapter-{number}" data-start-seconds="{chapter.start_seconds!r}" '
        f'data-end-seconds="{chapter.end_seconds!r}">{picture}<div>'
        f'<p class="time">{format_hms(chapter.start_seconds)} &ndash; {format_hms(chapter.end_seconds)}</p>'
        f'<h2 class="title">{escape(chapter.title)}</h2>{summary}</div></section>\n'
    )


def _data_uri(frame: Frame) -> str:
    buffer = io.BytesIO()
    Image.fromarray(frame.image).save(buffer, format="JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


class _ReportParser(HTMLParser):
    """Collects the chapter cards: times from data attributes, title and summary text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chapters: list[Chapter] = []
        self._card: dict[str, str] | None = None
        self._field: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "section" and "chapter" in values.get("class", "").split():
            self._card = {"start": values.get("data-start-seconds", ""), "end": values.get("data-end-seconds", ""),
                          "title": "", "summary": ""}
        elif self._card is not None and values.get("class") in ("title", "summary"):
            self._field = values["class"]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "p"):
            self._field = None
        elif tag == "section" and self._card is not None:
            self.chapters.append(_parsed_chapter(self._card, len(self.chapters)))
            self._card = None

    def handle_data(self, data: str) -> None:
        if self._card is not None and self._field:
            self._card[self._field] += data


def _parsed_chapter(card: dict[str, str], index: int) -> Chapter:
    try:
        start, end = float(card["start"]), float(card["end"])
        return Chapter(start_seconds=start, end_seconds=end, title=card["title"], summary=card["summary"])
    except ValueError as exc:
        raise FormatError(f"chapter card {index + 1}: bad times: {exc}".splitlines()[0]) from None
