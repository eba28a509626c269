"""Subtitles: sidecar ``.srt``/``.vtt`` files beside the video and embedded text tracks.

Subtitles are better than speech recognition and free, so they are read first. Sidecars
are files with the video's stem, optionally with a language suffix (``talk.srt``,
``talk.en.srt``, ``talk.zh-Hans.vtt``). One track is used: the first preferred language
found, sidecars before embedded tracks. Bitmap tracks (DVD, PGS) are not read.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import av
import srt
import webvtt

from vidmark.media.container import open_media
from vidmark.media.probe import container_origin
from vidmark.model import Signals, SubtitleStreamInfo, TimedText, VideoInfo

log = logging.getLogger(__name__)

SIDECAR_SUFFIXES = (".srt", ".vtt")
TEXT_CODECS = frozenset({"subrip", "srt", "ass", "ssa", "mov_text", "webvtt", "text"})
_TAG = re.compile(r"<[^>]+>|\{\\[^}]*\}")
# ISO 639-2 codes that containers use, for the languages vidmark meets most.
_ISO3 = {"eng": "en", "chi": "zh", "zho": "zh", "cmn": "zh", "ger": "de", "deu": "de", "fre": "fr",
         "fra": "fr", "spa": "es", "jpn": "ja", "kor": "ko", "rus": "ru", "ita": "it", "por": "pt"}


def language_code(tag: str | None) -> str | None:
    """'eng' -> 'en', 'zh-Hans' -> 'zh', 'und'/None -> None."""
    if not tag:
        return None
    base = re.split(r"[-_]", tag.strip().lower())[0]
    if base in ("und", ""):
        return None
    return _ISO3.get(base, base if len(base) == 2 else None)


def clean(text: str) -> str:
    """Cue text without markup, on one line."""
    return " ".join(_TAG.sub(" ", text.replace("\\N", " ")).split())


def find_sidecars(path: str | os.PathLike[str]) -> list[tuple[Path, str | None]]:
    """(file, language) for every subtitle file named after the video, sorted by name."""
    video = Path(path)
    found = []
    for candidate in sorted(video.parent.glob(f"{glob_escape(video.stem)}.*")):
        middle = candidate.name[len(video.stem):-len(candidate.suffix)] if candidate.suffix else ""
        if candidate.suffix.lower() in SIDECAR_SUFFIXES and (not middle or middle.startswith(".")):
            found.append((candidate, language_code(middle.lstrip(".")) if middle else None))
    return found


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def read_sidecar(file: Path, language: str | None = None) -> list[TimedText]:
    """The cues of one .srt or .vtt file."""
    text = file.read_text(encoding="utf-8-sig", errors="replace")
    if file.suffix.lower() == ".vtt":
        cues = [(c.start_in_seconds, c.end_in_seconds, c.text) for c in webvtt.from_string(text)]
    else:
        cues = [(s.start.total_seconds(), s.end.total_seconds(), s.content) for s in srt.parse(text, ignore_errors=True)]
    return _texts(cues, language)


def _texts(cues, language: str | None) -> list[TimedText]:
    texts = []
    for start, end, body in cues:
        body = clean(body)
        if body:
            start = max(float(start), 0.0)
            texts.append(TimedText(start_seconds=start, end_seconds=max(float(end), start), text=body,
                                   source="subtitles", language=language))
    return sorted(texts, key=lambda t: t.start_seconds)


def read_embedded(path: str | os.PathLike[str], stream_index: int, language: str | None = None) -> list[TimedText]:
    """The cues of one embedded text subtitle stream, on vidmark's timeline."""
    cues = []
    with open_media(path) as container:
        stream = next(s for s in container.streams if s.index == stream_index)
        origin, base = container_origin(container), stream.time_base
        for packet in container.demux(stream):
            if packet.pts is None:
                continue
            start = float(packet.pts * base) - origin
            end = start + float((packet.duration or 0) * base)
            try:
                subtitles = packet.decode()
            except av.error.FFmpegError as exc:
                log.warning("skipping a damaged subtitle packet at %.1f s: %s", start, exc)
                continue
            cues += [(start, end, body) for body in _bodies(subtitles)]
    return _texts(cues, language)


def _bodies(decoded) -> list[str]:
    """Texts of decoded subtitles: PyAV gives text rects, either bare or in subtitle sets."""
    bodies = []
    for item in decoded:
        for rect in (item,) if hasattr(item, "dialogue") or hasattr(item, "text") else item:
            raw = getattr(rect, "dialogue", None) or getattr(rect, "text", None) or b""
            bodies.append(raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw))
    return bodies


def _preference(language: str | None, languages: list[str]) -> int:
    if language in languages:
        return languages.index(language)
    return len(languages) + (language is not None)


def read_subtitles(path: str | os.PathLike[str], video: VideoInfo, languages: list[str]) -> Signals:
    """The best subtitle track's cues (sidecar first, then embedded), or no texts."""
    wanted = [language_code(code) for code in languages]
    sidecars = sorted(find_sidecars(path), key=lambda item: _preference(item[1], wanted))
    for file, language in sidecars:
        texts = read_sidecar(file, language)
        if texts:
            return Signals(texts=texts, language=language, notes=[f"subtitles from {file.name}"])
    streams = [s for s in video.subtitles if s.codec in TEXT_CODECS]
    for stream in sorted(streams, key=lambda s: _preference(language_code(s.language), wanted)):
        texts = read_embedded(path, stream.index, language_code(stream.language))
        if texts:
            return Signals(texts=texts, language=language_code(stream.language),
                           notes=[f"subtitles from embedded track {_describe(stream)}"])
    return Signals()


def _describe(stream: SubtitleStreamInfo) -> str:
    return f"#{stream.index} ({stream.codec}{', ' + stream.language if stream.language else ''})"
