"""The chapter-format registry: read and write chapters in every format vidmark knows.

Formats are imported lazily by name; adding one is one module and one line here.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vidmark.errors import ConfigError, FormatError, InputError
from vidmark.export.base import ChapterFormat
from vidmark.export.files import atomic_write
from vidmark.model import Annotation, ChapterList

DEFAULT_FORMAT = "json"

#: name -> "module:Class"
_BUILTIN: dict[str, str] = {
    "json": "vidmark.export.seed_json:SeedJson",
    "json-full": "vidmark.export.json_full:JsonFull",
    "text": "vidmark.export.text:TextSummary",
    "srt": "vidmark.export.subrip:SubRip",
    "ffmetadata": "vidmark.export.ffmetadata:FfMetadata",
    "matroska-xml": "vidmark.export.matroska_xml:MatroskaXml",
    "ogm": "vidmark.export.ogm:OgmChapters",
    "podlove": "vidmark.export.podlove:PodloveChapters",
    "podcast-json": "vidmark.export.podcast_json:PodcastJson",
    "csv": "vidmark.export.csv_table:CsvTable",
    "markdown": "vidmark.export.markdown:MarkdownChapters",
    "otio": "vidmark.export.otio_markers:OtioMarkers",
    "html": "vidmark.export.html_report:HtmlReport",
    "youtube": "vidmark.export.youtube:YouTubeChapters",
    "webvtt": "vidmark.export.webvtt:WebVttChapters",
    "cue": "vidmark.export.cue:CueSheet",
    "vidchapters": "vidmark.export.vidchapters:VidChaptersRecord",
    "minutes": "vidmark.export.minutes_md:MinutesMarkdown",
    "events-csv": "vidmark.export.events_csv:EventsCsv",
}


def format_names(readable_only: bool = False) -> list[str]:
    names = list(_BUILTIN)
    return [n for n in names if get_format(n).readable] if readable_only else names


def get_format(name: str, options: Mapping[str, Any] | None = None) -> ChapterFormat:
    """The format called ``name``, set up with ``options`` (its ``Options`` fields)."""
    target = _BUILTIN.get(name)
    if target is None:
        raise InputError(f"unknown format {name!r} (available: {', '.join(_BUILTIN)})")
    module_name, _, class_name = target.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    if not options:
        return cls()
    try:
        return cls(cls.Options(**options))
    except ValidationError as exc:
        allowed = ", ".join(cls.Options.model_fields) or "none"
        raise ConfigError(f"bad option for format {name!r}: {_first_error(exc)} (options: {allowed})") from None


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else error["msg"]


def format_for_path(path: str | os.PathLike[str]) -> ChapterFormat | None:
    """The format whose longest matching extension ends the file name."""
    name = Path(path).name.lower()
    best: tuple[int, ChapterFormat] | None = None
    for fmt_name in _BUILTIN:
        fmt = get_format(fmt_name)
        for ext in fmt.extensions:
            if name.endswith(ext) and (best is None or len(ext) > best[0]):
                best = (len(ext), fmt)
    return best[1] if best else None


def render(annotation: Annotation, format_name: str = DEFAULT_FORMAT) -> str:
    return get_format(format_name).write(annotation)


def write_annotation(annotation: Annotation, path: str | os.PathLike[str], format_name: str = DEFAULT_FORMAT) -> Path:
    return atomic_write(path, render(annotation, format_name))


def read_chapters(path: str | os.PathLike[str], format_name: str | None = None) -> ChapterList:
    """Chapters from a chapter file, its format named or guessed from name and content."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no such chapter file: {p}")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError(f"{p} is not a UTF-8 text file") from None
    fmt = get_format(format_name) if format_name else _guess(p, text)
    try:
        return fmt.read(text)
    except FormatError as exc:
        raise FormatError(f"{p}: {exc}") from None


def _guess(path: Path, text: str) -> ChapterFormat:
    for name in _BUILTIN:
        fmt = get_format(name)
        if fmt.readable and fmt.sniff(text):
            return fmt
    by_name = format_for_path(path)
    if by_name and by_name.readable:
        return by_name
    raise FormatError(f"cannot tell the chapter format of {path} (readable: {', '.join(format_names(True))})")


__all__ = [
    "DEFAULT_FORMAT",
    "ChapterFormat",
    "format_for_path",
    "format_names",
    "get_format",
    "read_chapters",
    "render",
    "write_annotation",
]
