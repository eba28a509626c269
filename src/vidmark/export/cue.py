"""CUE sheets: the chapter list of podcast players, audio players and CD rippers.

One ``TRACK nn AUDIO`` per chapter with its ``TITLE`` and an ``INDEX 01 mm:ss:ff`` start
(75 frames per second, the CD's sector rate; minutes may pass 99). Summaries go in
``REM SUMMARY`` and the media's length in ``REM DURATION`` (seconds), remarks that other
readers skip. Strings are quoted and have no escapes, so a value is read from its first
to its last quote (quotes inside a title survive) and line breaks become spaces. A sheet
holds at most 99 tracks and one ``FILE``; more are refused with a line saying so.
"""

from __future__ import annotations

import re
from pathlib import Path

from vidmark.errors import FormatError
from vidmark.export.base import ChapterFormat
from vidmark.export.common import close_starts, one_line
from vidmark.model import Annotation, ChapterList

FRAMES_PER_SECOND = 75
MAX_TRACKS = 99
_FILE_TYPES = {".mp3": "MP3", ".aif": "AIFF", ".aiff": "AIFF"}
_INDEX = re.compile(r"^(\d+):(\d{2}):(\d{2})$")


def cue_time(seconds: float) -> str:
    """``mm:ss:ff`` at 75 frames per second."""
    frames = round(seconds * FRAMES_PER_SECOND)
    minutes, rest = divmod(frames, 60 * FRAMES_PER_SECOND)
    return f"{minutes:02d}:{rest // FRAMES_PER_SECOND:02d}:{rest % FRAMES_PER_SECOND:02d}"


def parse_cue_time(text: str) -> float:
    match = _INDEX.match(text.strip())
    if not match or int(match.group(2)) > 59 or int(match.group(3)) >= FRAMES_PER_SECOND:
        raise FormatError(f"not a CUE time (mm:ss:ff, 75 frames a second): {text.strip()!r}")
    minutes, seconds, frames = map(int, match.groups())
    return minutes * 60 + seconds + frames / FRAMES_PER_SECOND


def _quoted(text: str) -> str:
    return f'"{one_line(text)}"'


class CueSheet(ChapterFormat):
    name = "cue"
    description = "CUE sheet: a TRACK with TITLE and INDEX 01 mm:ss:ff (75 frames/s) per chapter"
    extensions = (".cue",)

    def write(self, annotation: Annotation) -> str:
        chapters = annotation.chapters
        if len(chapters) > MAX_TRACKS:
            raise FormatError(f"a CUE sheet holds at most {MAX_TRACKS} tracks; these are {len(chapters)} chapters "
                              "(merge some with --min-chapter)")
        media = Path(annotation.video.path).name
        lines = ['REM GENERATOR "vidmark"', f"REM DURATION {annotation.video.duration_seconds:.3f}"]
        if annotation.source is not None and annotation.source.title:
            lines.append(f"TITLE {_quoted(annotation.source.title)}")
        lines.append(f"FILE {_quoted(media)} {_FILE_TYPES.get(Path(media).suffix.lower(), 'WAVE')}")
        for number, chapter in enumerate(chapters, 1):
            lines += [f"  TRACK {number:02d} AUDIO", f"    TITLE {_quoted(chapter.title)}"]
            if chapter.summary:
                lines.append(f"    REM SUMMARY {_quoted(chapter.summary)}")
            lines.append(f"    INDEX 01 {cue_time(chapter.start_seconds)}")
        return "\n".join(lines) + "\n"

    def read(self, text: str) -> ChapterList:
        tracks, duration, files = _parse(text)
        if files > 1:
            raise FormatError(f"this CUE sheet names {files} FILEs; vidmark reads sheets of one file")
        if not tracks:
            raise FormatError("no TRACK with an INDEX 01 found in the CUE sheet")
        chapters = close_starts([(t["start"], t["title"], t["summary"]) for t in tracks], duration)
        return ChapterList(chapters=chapters, duration_seconds=duration)

    def sniff(self, text: str) -> bool:
        head = text[:4000]
        return bool(re.search(r"^\s*TRACK\s+\d+\s+\w+", head, re.M)) and "INDEX 01" in head


def _parse(text: str) -> tuple[list[dict], float | None, int]:
    """The tracks (start, title, summary), the REM DURATION and how many FILE lines."""
    tracks: list[dict] = []
    duration, files = None, 0
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        command, _, rest = line.strip().partition(" ")
        command, rest = command.upper(), rest.strip()
        if command == "FILE":
            files += 1
        elif command == "TRACK":
            tracks.append({"start": None, "title": "", "summary": "", "line": number})
        elif command == "TITLE" and tracks:
            tracks[-1]["title"] = _unquote(rest)
        elif command == "REM" and rest.upper().startswith("SUMMARY") and tracks:
            tracks[-1]["summary"] = _unquote(rest[len("SUMMARY"):])
        elif command == "REM" and rest.upper().startswith("DURATION"):
            duration = _seconds(rest[len("DURATION"):], number)
        elif command == "INDEX" and tracks and rest.startswith("01"):
            tracks[-1]["start"] = parse_cue_time(rest[2:])
    missing = next((t for t in tracks if t["start"] is None), None)
    if missing is not None:
        raise FormatError(f"line {missing['line']}: a TRACK without an INDEX 01")
    return tracks, duration, files


def _unquote(value: str) -> str:
    value = value.strip()
    if value.startswith('"') and value.count('"') >= 2:
        return value[1:value.rindex('"')]
    return value


def _seconds(value: str, line: int) -> float:
    try:
        return float(value.strip())
    except ValueError:
        raise FormatError(f"line {line}: REM DURATION is not a number of seconds: {value.strip()!r}") from None
