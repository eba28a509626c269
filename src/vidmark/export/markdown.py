"""Markdown: a chapter list with timestamps, clickable when a link to the video is given.

Without a link each line is ``- 00:01:23 Title``. With ``link=URL`` the timestamp links
into the video: ``[00:01:23](URL#t=83)`` (the W3C media fragment browsers honour), or
``?t=83s`` for YouTube addresses. Summaries follow on an indented line. Text is escaped
only where it would become markup, so ``*``, ``[`` or ``<`` show as typed and the rest
stays readable. Times are whole seconds.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from pydantic import Field

from vidmark.errors import FormatError, TimecodeError
from vidmark.export.base import ChapterFormat, FormatOptions
from vidmark.export.common import close_starts, one_line
from vidmark.model import Annotation, ChapterList
from vidmark.timecode import format_hms, parse_timecode

_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "music.youtube.com"}
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>&~|])")
_BLOCK_START = re.compile(r"^(?:([-+=#>])|(\d+)([.)]))")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_ITEM = re.compile(r"^- (?:\[(?P<linked>[\d:]+)\]\([^)]*\)|(?P<plain>[\d:]+))(?: (?P<title>.*))?$")
_DURATION = re.compile(r"^Duration: ([\d:]+)\s*$")


class MarkdownOptions(FormatOptions):
    link: str | None = Field(default=None, description="URL of the video; timestamps become links into it")


class MarkdownChapters(ChapterFormat):
    name = "markdown"
    description = "Markdown list with timestamps (links into the video with -O link=URL)"
    extensions = (".md", ".markdown")
    Options = MarkdownOptions

    def write(self, annotation: Annotation) -> str:
        name = Path(annotation.video.path).name
        lines = [f"# {escape(name)}", "", f"Duration: {format_hms(annotation.video.duration_seconds)}", ""]
        for c in annotation.chapters:
            lines.append(f"- {self._stamp(c.start_seconds)} {escape(one_line(c.title))}".rstrip())
            if one_line(c.summary):
                lines.append(f"  {escape(one_line(c.summary), line_start=True)}")
        return "\n".join(lines) + "\n"

    def read(self, text: str) -> ChapterList:
        rows: list[tuple[float, str, str]] = []
        duration = None
        for number, line in enumerate(text.splitlines(), 1):
            item, found = _ITEM.match(line), _DURATION.match(line)
            if item:
                stamp = item.group("linked") or item.group("plain")
                rows.append((_seconds(stamp, number), unescape(item.group("title") or ""), ""))
            elif found:
                duration = _seconds(found.group(1), number)
            elif rows and line.startswith("  ") and line.strip():
                start, title, summary = rows[-1]
                rows[-1] = (start, title, " ".join(filter(None, [summary, unescape(line.strip())])))
        if not rows:
            raise FormatError("no '- 00:00:00 Title' chapter lines found")
        return ChapterList(chapters=close_starts(rows, duration), duration_seconds=duration)

    def sniff(self, text: str) -> bool:
        return bool(re.search(r"^- \[?\d+:\d\d:\d\d", text[:5000], re.MULTILINE))

    def _stamp(self, seconds: float) -> str:
        label = format_hms(seconds)
        if not self.options.link:
            return label
        return f"[{label}]({timestamp_link(self.options.link, math.floor(seconds + 1e-6))})"


def timestamp_link(url: str, seconds: int) -> str:
    """``url`` pointing at ``seconds``: ``?t=83s`` on YouTube, ``#t=83`` elsewhere."""
    parts = urlsplit(url)
    if parts.hostname in _YOUTUBE_HOSTS:
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "t"] + [("t", f"{seconds}s")]
        parts = parts._replace(query=urlencode(query), fragment="")
    else:
        parts = parts._replace(fragment=f"t={seconds}")
    return quote(urlunsplit(parts), safe=":/?#[]@!$&'*+,;=%~")


def escape(text: str, line_start: bool = False) -> str:
    """``text`` with the characters that would become markup backslash-escaped.

    At the start of a line, the markers that would open a list, heading, quote or
    setext underline are escaped too.
    """
    text = _INLINE_MARKUP.sub(r"\\\1", text)
    if line_start:
        text = _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)
    return text


def unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def _seconds(stamp: str, line: int) -> float:
    try:
        return parse_timecode(stamp)
    except TimecodeError as exc:
        raise FormatError(f"line {line}: {exc}") from None
