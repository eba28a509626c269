"""Embedding chapters into a media file without re-encoding.

When the container stays the same (MP4 to MP4, MKV to MKV, ...) the file is spliced: its
bytes are copied as ``cp`` copies them and only the chapter index is rewritten
(``mp4_chapters``, ``mkv_chapters``; ID3v2 CHAP/CTOC frames for MP3, ``id3_chapters``;
Vorbis comments for FLAC, Ogg and Opus, ``vorbis_chapters``), so embedding costs what
copying costs. Otherwise, or
for a layout the splicers leave alone (fragmented MP4, chapters with gaps in MP4, ...),
ffmpeg (the binary imageio-ffmpeg ships) copies every stream, every global and stream tag
and replaces the chapters with those from an FFMETADATA1 input: ``-map 0 -map_metadata 0
-map_chapters 1 -c copy``. ``-map_chapters 1`` matters: ``-map_metadata`` alone keeps the
old chapters. MP4/MOV files get both a QuickTime chapter track and a Nero ``chpl`` atom;
the old QuickTime chapter track (which FFmpeg reads as a hidden data stream) is left out
so chapters are not doubled. The output is written to a temporary file beside the target
(``files.write_beside``) and renamed into place at the end, so a failure or interrupt
leaves nothing half-written and the original is replaced only when asked (``in_place``).
"""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import av
import imageio_ffmpeg
from pydantic import BaseModel, ConfigDict, Field

from vidmark.errors import InputError, MediaError
from vidmark.export.common import close_last
from vidmark.export.ffmetadata import ffmetadata_text
from vidmark.export.files import write_beside
from vidmark.export.id3_chapters import splice_id3_chapters
from vidmark.export.mkv_chapters import splice_mkv_chapters
from vidmark.export.mp4_chapters import splice_mp4_chapters
from vidmark.export.splice import Unsplicable
from vidmark.export.vorbis_chapters import splice_vorbis_chapters
from vidmark.media.container import check_media_path, container_seconds, open_media
from vidmark.model import Chapter

log = logging.getLogger(__name__)

#: file ending -> ffmpeg muxer, for the containers that hold chapters
MUXERS: dict[str, str] = {
    ".mp4": "mp4", ".m4v": "mp4", ".m4a": "ipod", ".m4b": "ipod", ".mov": "mov",
    ".mkv": "matroska", ".mka": "matroska", ".webm": "webm", ".mp3": "mp3",
    ".flac": "flac", ".ogg": "ogg", ".oga": "ogg", ".opus": "opus",
}
_CAN_HOLD = ("MP4 (.mp4 .m4v), M4A (.m4a .m4b), QuickTime (.mov), Matroska (.mkv .mka), WebM (.webm), MP3 (.mp3), "
             "FLAC (.flac), Ogg Vorbis/Opus (.ogg .oga .opus)")
_QUICKTIME = {"mp4", "ipod", "mov"}
_PLAIN_TEXT_SUBTITLES = {"subrip", "srt", "ass", "ssa", "webvtt", "text"}
#: ffmpeg muxer -> the splicer that writes chapters into a copy of a file of that kind
_SPLICERS: dict[str, Callable[[Path, Path, Sequence[Chapter]], None]] = {
    "mp4": splice_mp4_chapters, "ipod": splice_mp4_chapters, "mov": splice_mp4_chapters,
    "matroska": splice_mkv_chapters, "webm": splice_mkv_chapters, "mp3": splice_id3_chapters,
    "flac": splice_vorbis_chapters, "ogg": splice_vorbis_chapters, "opus": splice_vorbis_chapters,
}
_SAME_KIND = {"ipod": "mp4", "opus": "ogg"}  # M4A and M4B are MP4 files with an audio brand; Opus is Ogg
#: containers whose chapters are tags that ffmpeg's muxers do not write: only the splicer can
_TAGS_ONLY = {"flac", "ogg", "opus"}


class EmbedOptions(BaseModel):
    """Where the result goes: a new file, or (``in_place``) the original replaced."""

    model_config = ConfigDict(extra="forbid")

    in_place: bool = Field(default=False, description="replace the original file (through a temp file + rename)")
    method: Literal["auto", "remux"] = Field(
        default="auto", description="auto: splice when the container stays the same, else remux; remux: always ffmpeg")


def embed_chapters(video: str | os.PathLike[str], chapters: Sequence[Chapter],
                   output: str | os.PathLike[str] | None = None, options: EmbedOptions | None = None) -> Path:
    """Write ``chapters`` into a copy of ``video`` at ``output`` (or into ``video`` itself)."""
    options = options or EmbedOptions()
    source = check_media_path(video)
    target = _target(source, output, options.in_place)
    muxer = chapter_muxer(target)
    hidden, duration, subtitles = _inspect(source)
    closed = _within(close_last(list(chapters), duration), duration, source)
    splice = options.method == "auto"
    write_beside(target, lambda part: _write_embedded(source, closed, muxer, splice, hidden, subtitles, part),
                 mode=stat.S_IMODE(source.stat().st_mode), interruptible=True)
    return target


def _within(chapters: list[Chapter], duration: float | None, source: Path) -> list[Chapter]:
    """The chapters cut to the file's length, so they never stretch the file's duration;
    those that start at or after its end are left out, with a warning."""
    if not duration:
        return chapters
    kept = [c.model_copy(update={"end_seconds": min(c.end_seconds, duration)}) for c in chapters
            if c.start_seconds < duration]
    if len(kept) < len(chapters):
        log.warning("%s lasts %.1f s: left out the chapters that start after its end (%d)", source.name, duration,
                    len(chapters) - len(kept))
    return kept


def _write_embedded(source: Path, chapters: list[Chapter], muxer: str, splice: bool, hidden: list[int],
                    subtitles: set[str], part: Path) -> None:
    """Splice where the container stays the same and the splicer takes the file, else remux."""
    source_muxer = MUXERS.get(source.suffix.lower(), "")
    same_kind = _SAME_KIND.get(source_muxer, source_muxer) == _SAME_KIND.get(muxer, muxer)
    if muxer in _TAGS_ONLY:
        if not same_kind:
            raise InputError(f"chapters go into a {muxer.upper()} file only from one ({source.name} would need "
                             "converting, which embedding does not do)")
        _SPLICERS[muxer](source, part, chapters)
        return
    if splice and same_kind:
        try:
            _SPLICERS[muxer](source, part, chapters)
            return
        except Unsplicable as reason:
            log.info("%s: remuxing with ffmpeg (the splicer declined: %s)", source.name, reason)
    with tempfile.TemporaryDirectory(prefix="vidmark-embed-") as scratch:
        metadata = Path(scratch) / "chapters.ffmetadata"
        metadata.write_text(ffmetadata_text(chapters), encoding="utf-8")
        _remux(source, metadata, hidden, [*_subtitle_conversion(muxer, subtitles), "-f", muxer], part)


def chapter_muxer(path: Path) -> str:
    """The ffmpeg muxer for ``path``'s container, or an InputError if it cannot hold chapters."""
    muxer = MUXERS.get(path.suffix.lower())
    if muxer is None:
        raise InputError(f"{path.name}: {path.suffix or 'this file type'} cannot hold chapters; containers that can: {_CAN_HOLD}")
    return muxer


def _target(source: Path, output: str | os.PathLike[str] | None, in_place: bool) -> Path:
    if in_place:
        if output is not None and Path(output).resolve() != source.resolve():
            raise InputError("give either an output file or in-place embedding, not both")
        return source
    if output is None:
        raise InputError("no output file given (or ask to embed in place)")
    target = Path(output)
    if target.resolve() == source.resolve():
        raise InputError(f"the output {target} is the original video; ask for in-place embedding to replace it")
    return target


def _inspect(source: Path) -> tuple[list[int], float | None, set[str]]:
    """Indices of hidden streams (old QuickTime chapter tracks), duration, subtitle codecs."""
    with open_media(source) as container:
        hidden = [s.index for s in container.streams if s.discard == av.stream.Discard.all]
        duration = container_seconds(container) or None
        subtitles = {s.codec_context.name for s in container.streams.subtitles if s.codec_context}
    return hidden, duration, subtitles


def _subtitle_conversion(muxer: str, codecs: set[str]) -> list[str]:
    """Text subtitles converted to the target's text format when moving between MP4 and MKV."""
    if muxer in _QUICKTIME and codecs & _PLAIN_TEXT_SUBTITLES:
        return ["-c:s", "mov_text"]
    if muxer not in _QUICKTIME and "mov_text" in codecs:
        return ["-c:s", "webvtt" if muxer == "webm" else "srt"]
    return []


def _remux(source: Path, metadata: Path, hidden: list[int], output_args: list[str], part: Path) -> None:
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-i", str(source), "-f", "ffmetadata", "-i", str(metadata),
        "-map", "0", *[arg for index in hidden for arg in ("-map", f"-0:{index}")],
        "-map_metadata", "0", "-map_chapters", "1", "-c", "copy", "-copy_unknown", *output_args, str(part),
    ]
    result = subprocess.run(command, capture_output=True, text=True, errors="replace", check=False)
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
        raise MediaError(f"cannot embed chapters into {source.name} as {output_args[-1]} (streams are copied, "
                         f"not re-encoded): {reason}")
