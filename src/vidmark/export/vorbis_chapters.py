"""Chapters into FLAC, Ogg Vorbis and Opus files as Vorbis comments: ``CHAPTER001`` holds a
start time (``HH:MM:SS.mmm``) and ``CHAPTER001NAME`` its title, the convention OGM files
began and ffmpeg, ffprobe, mkvtoolnix and many players read.

The file is copied as ``cp`` copies it and mutagen then rewrites only its comment block
(FLAC) or comment packet (Ogg) in the copy, with the old ``CHAPTER...`` comments replaced;
every other comment (title, artist, cover art) stays. ffmpeg's own FLAC and Ogg muxers do
not write chapters, so these files are always written this way.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import mutagen

from vidmark.errors import MediaError
from vidmark.export.splice import copy_range, open_part
from vidmark.model import Chapter
from vidmark.timecode import format_hms_ms


def splice_vorbis_chapters(source: Path, part: Path, chapters: Sequence[Chapter]) -> None:
    """Write a copy of ``source`` to ``part`` with ``chapters`` as its CHAPTERnnn comments."""
    with source.open("rb") as original, open_part(part) as target:
        copy_range(original, target, 0, source.stat().st_size)
    try:
        audio = mutagen.File(part)
        if audio is None:
            raise MediaError(f"cannot write chapters into {source.name}: mutagen does not know this file")
        if audio.tags is None:
            audio.add_tags()
        for key in [k for k in audio.tags.keys() if k.upper().startswith("CHAPTER")]:
            del audio.tags[key]
        for number, chapter in enumerate(chapters, 1):
            audio.tags[f"CHAPTER{number:03d}"] = format_hms_ms(chapter.start_seconds)
            audio.tags[f"CHAPTER{number:03d}NAME"] = chapter.title
        audio.save()
    except mutagen.MutagenError as exc:
        raise MediaError(f"cannot write chapters into {source.name}: {exc}") from None
