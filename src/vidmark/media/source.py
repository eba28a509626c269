"""Inputs that are not plain files, turned into one before the pipeline sees them.

- **URLs** (any site yt-dlp supports, and direct http(s) media) are downloaded with
  yt-dlp's Python API into ``<cache>/downloads/<hash of the URL>/``: the media at most
  720p (the engines sample small frames; 4K would cost download time for nothing), the
  site's subtitles or automatic captions beside it as ``media.<lang>.vtt`` (the subtitles
  signal reads them as sidecars), and yt-dlp's ``media.info.json``. ``source.json``,
  written last, marks the folder complete: a second run reads it and downloads nothing.
  An interrupted download resumes from its ``.part`` file.
- A yt-dlp **.info.json** (``yt-dlp --write-info-json``) is downloaded the same way,
  without asking the site again.
- **Streams** (``-``, ``/dev/stdin``, a FIFO) are spooled to ``<cache>/streams/`` and
  named by their content's hash. A FIFO is recognised with ``os.stat`` before it is
  opened and opened without blocking, so a FIFO nobody writes to is refused after
  ``wait_seconds`` instead of hanging; a terminal on standard input is refused at once.

Nothing here runs an engine: :func:`resolve_input` answers a local path and, for URLs,
what the site says about the video (:class:`~vidmark.model.SourceInfo`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import select
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from vidmark.cache import DOWNLOAD_DONE, cache_root
from vidmark.errors import InputError, MediaError
from vidmark.export.files import atomic_write
from vidmark.media.netguard import AddressPolicy, check_url, guarded
from vidmark.model import EmbeddedChapter, SourceInfo

log = logging.getLogger(__name__)
ProgressCallback = Callable[[str, float], None]
STDIN_NAMES = ("-", "/dev/stdin")
_URL = re.compile(r"^https?://", re.IGNORECASE)
_DONE = DOWNLOAD_DONE
WAIT_VAR = "VIDMARK_STREAM_WAIT_SECONDS"
_CHUNK = 1 << 20
# what to do with the chapters a video already has (the site's, else the file's): see vidmark.sources
Existing = Literal["use", "hint", "ignore"]
EXISTING_CHOICES: tuple[str, ...] = get_args(Existing)


class SourceOptions(BaseModel):
    """How to fetch a URL or read a stream."""

    model_config = ConfigDict(extra="forbid")

    max_height: int = Field(default=720, ge=144, description="tallest video format to download")
    languages: list[str] = Field(default_factory=list, description="preferred subtitle languages, first = the video's")
    max_bytes: int | None = Field(default=None, gt=0, description="refuse downloads larger than this")
    policy: AddressPolicy | None = Field(default=None, description="addresses a download may reach; None = any")
    wait_seconds: float = Field(default_factory=lambda: float(os.environ.get(WAIT_VAR) or 10.0), gt=0,
                                description="how long a stream may stay silent (default: $VIDMARK_STREAM_WAIT_SECONDS, else 10)")
    cache_dir: Path | None = Field(default=None, description="default: the cache root")


class Resolved(BaseModel):
    """A local file to annotate, and where it came from when it was not a local file."""

    path: Path
    source: SourceInfo | None = None


def is_url(text: str) -> bool:
    return bool(_URL.match(text))


def resolve_input(text: str, options: SourceOptions | None = None,
                  progress: ProgressCallback | None = None) -> Resolved:
    """A local file for ``text``: a path as it is, a URL or an .info.json downloaded, a stream spooled."""
    options = options or SourceOptions()
    root = options.cache_dir or cache_root()
    if is_url(text):
        return download(text, options, root, progress)
    if text in STDIN_NAMES:
        return Resolved(path=spool_stdin(root), source=SourceInfo(url=text))
    path = Path(text)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(f"no such file: {text}") from None
    if stat.S_ISFIFO(mode):
        return Resolved(path=spool_fifo(path, root, options.wait_seconds), source=SourceInfo(url=text))
    if path.name.endswith(".info.json") and stat.S_ISREG(mode):
        return download_info_json(path, options, root, progress)
    return Resolved(path=path)


# --- streams -------------------------------------------------------------------------------

def spool_stdin(root: Path) -> Path:
    """Standard input, read to its end, as a file in the cache."""
    if sys.stdin is None or sys.stdin.isatty():
        raise InputError("standard input is a terminal: pipe a video into it (vidmark annotate - < talk.mp4)")
    return _spool(sys.stdin.fileno(), root, wait_seconds=None, name="standard input")


def spool_fifo(path: Path, root: Path, wait_seconds: float) -> Path:
    """A named pipe, read to its end without ever blocking for more than ``wait_seconds``."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        return _spool(fd, root, wait_seconds, name=str(path))
    finally:
        os.close(fd)


def _spool(fd: int, root: Path, wait_seconds: float | None, name: str) -> Path:
    folder = root / "streams"
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f".spool-{os.getpid()}-{id(name)}.part"
    digest = hashlib.sha256()
    try:
        with part.open("wb") as out:
            for chunk in _chunks(fd, wait_seconds, name):
                digest.update(chunk)
                out.write(chunk)
        if part.stat().st_size == 0:
            raise InputError(f"{name}: the stream ended before any data came")
        final = folder / f"{digest.hexdigest()[:32]}{_sniff_suffix(part)}"
        os.replace(part, final)
    finally:
        part.unlink(missing_ok=True)
    return final


def _chunks(fd: int, wait_seconds: float | None, name: str):  # noqa: ANN202 - a generator of bytes
    """The stream's bytes; with ``wait_seconds``, an error when it stays silent that long."""
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP)
    seen_data = False
    while True:
        if wait_seconds is not None and not poller.poll(wait_seconds * 1000):
            waited = "nobody wrote to it" if not seen_data else "it stopped sending"
            raise InputError(f"{name}: gave up after {wait_seconds:g} s because {waited}")
        try:
            chunk = os.read(fd, _CHUNK)
        except BlockingIOError:
            continue
        if not chunk:
            return
        seen_data = True
        yield chunk


def _sniff_suffix(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(12)
    if head[4:8] == b"ftyp":
        return ".mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return ".mkv"
    return ""


# --- URLs ----------------------------------------------------------------------------------

def download(url: str, options: SourceOptions, root: Path, progress: ProgressCallback | None = None) -> Resolved:
    """The video at ``url`` (any site yt-dlp supports), downloaded once into the cache."""
    if options.policy is not None:
        check_url(url, options.policy)
    folder = download_folder(root, url)
    done = _finished(folder)
    if done is not None:
        return done
    return _fetch(folder, options, progress, lambda ydl: ydl.extract_info(url, download=False, process=False), url)


def download_info_json(path: Path, options: SourceOptions, root: Path,
                       progress: ProgressCallback | None = None) -> Resolved:
    """The video an .info.json describes, downloaded from the URLs in it without asking the site."""
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable yt-dlp .info.json ({exc})") from None
    if not isinstance(info, dict):
        raise InputError(f"{path}: a yt-dlp .info.json holds one object")
    key = info.get("webpage_url") or info.get("url") or str(path.resolve())
    folder = download_folder(root, str(key))
    return _finished(folder) or _fetch(folder, options, progress, lambda _ydl: info, str(path))


def download_folder(root: Path, key: str) -> Path:
    """Where the download of ``key`` (a URL, or an .info.json's page) is kept."""
    return root / "downloads" / hashlib.sha256(key.encode()).hexdigest()[:24]


def _finished(folder: Path) -> Resolved | None:
    try:
        resolved = Resolved.model_validate_json((folder / _DONE).read_bytes())
    except (OSError, ValueError):
        return None
    if not resolved.path.is_file():
        return None
    with contextlib.suppress(OSError):
        os.utime(folder / _DONE)  # its time is the download's last use, which `vidmark cache prune` goes by
    return resolved


def _fetch(folder: Path, options: SourceOptions, progress: ProgressCallback | None,
           extract: Callable[[Any], dict[str, Any]], given: str) -> Resolved:
    import yt_dlp  # noqa: PLC0415 - a large import, only for URLs

    folder.mkdir(parents=True, exist_ok=True)
    with guarded(options.policy) as refusals, yt_dlp.YoutubeDL(_params(folder, options, progress)) as ydl:
        try:
            info = extract(ydl)
            if info.get("_type") in ("playlist", "multi_video"):
                raise InputError(f"{given} is a playlist: give the link of one video")
            ydl.params["subtitleslangs"] = _subtitle_languages(info, options.languages)
            info = ydl.process_ie_result(info, download=True)
        except yt_dlp.utils.YoutubeDLError as exc:
            if refusals:
                raise refusals[0] from None
            raise InputError(f"cannot download {given}: {_reason(exc)}") from None
    resolved = _describe(info, given, folder, options.max_bytes)
    atomic_write(folder / _DONE, resolved.model_dump_json(indent=2).encode())
    return resolved


def _params(folder: Path, options: SourceOptions, progress: ProgressCallback | None) -> dict[str, Any]:
    import imageio_ffmpeg  # noqa: PLC0415

    return {
        "format": f"bv*[height<={options.max_height}]+ba/b[height<={options.max_height}]/wv*+ba/w",
        "format_sort": [f"res:{options.max_height}"],
        "outtmpl": {"default": str(folder / "media.%(ext)s")},
        "merge_output_format": "mp4/mkv",
        "ffmpeg_location": imageio_ffmpeg.get_ffmpeg_exe(),
        "writesubtitles": True, "writeautomaticsub": True, "subtitlesformat": "vtt/srt/best",
        "writeinfojson": True, "noplaylist": True, "continuedl": True, "retries": 3,
        "max_filesize": options.max_bytes, "socket_timeout": 30,
        "quiet": True, "no_warnings": True, "noprogress": True, "logger": _Logger(),
        "progress_hooks": [_progress_hook(progress, options.max_bytes)],
    }


def _progress_hook(progress: ProgressCallback | None, max_bytes: int | None) -> Callable[[dict[str, Any]], None]:
    def hook(status: dict[str, Any]) -> None:
        done = status.get("downloaded_bytes") or 0
        if max_bytes is not None and done > max_bytes:
            raise InputError(f"the download passed the size limit of {max_bytes:,} bytes")
        total = status.get("total_bytes") or status.get("total_bytes_estimate")
        if progress is not None and status.get("status") == "downloading" and total:
            progress("download", min(done / total, 1.0))
        elif progress is not None and status.get("status") == "finished":
            progress("download", 1.0)

    return hook


def _subtitle_languages(info: dict[str, Any], preferred: list[str]) -> list[str]:
    """One subtitle track to fetch: the site's own in a preferred language, else its automatic captions."""
    manual, automatic = list(info.get("subtitles") or {}), list(info.get("automatic_captions") or {})
    wanted = [p.lower() for p in preferred] or ([str(info["language"]).lower()] if info.get("language") else [])
    for key in _matching(manual, wanted) + _matching(automatic, [f"{w}-orig" for w in wanted] + wanted):
        return [re.escape(key)]
    originals = [k for k in automatic if k.endswith("-orig")]
    first = (manual or originals or automatic[:1])[:1]
    return [re.escape(k) for k in first]


def _matching(keys: list[str], wanted: list[str]) -> list[str]:
    return [k for w in wanted for k in keys if k.lower() == w or k.lower().split("-")[0] == w]


def _describe(info: dict[str, Any], given: str, folder: Path, max_bytes: int | None) -> Resolved:
    downloads = info.get("requested_downloads") or [info]
    media = Path(downloads[0].get("filepath") or downloads[0].get("_filename") or "")
    if not media.is_file() and max_bytes is not None:
        raise InputError(f"{given} is larger than the size limit of {max_bytes:,} bytes")
    if not media.is_file():
        raise MediaError(f"{given}: yt-dlp finished without a media file")
    subtitles = [str(s["filepath"]) for s in (info.get("requested_subtitles") or {}).values() if s.get("filepath")]
    chapters = [EmbeddedChapter(start_seconds=float(c.get("start_time") or 0),
                                end_seconds=float(c.get("end_time") or c.get("start_time") or 0),
                                title=str(c.get("title") or ""))
                for c in info.get("chapters") or [] if c.get("end_time", 1) >= c.get("start_time", 0)]
    source = SourceInfo(url=given, title=str(info.get("title") or ""), description=str(info.get("description") or ""),
                        site=str(info.get("extractor_key") or info.get("extractor") or ""),
                        uploader=str(info.get("uploader") or ""), webpage_url=str(info.get("webpage_url") or ""),
                        chapters=chapters, subtitles=subtitles,
                        info_json=str(folder / "media.info.json") if (folder / "media.info.json").is_file() else None)
    return Resolved(path=media, source=source)


def _reason(exc: Exception) -> str:
    text = str(exc).removeprefix("ERROR: ").strip()
    return text.splitlines()[0] if text else type(exc).__name__


class _Logger:
    """yt-dlp's messages, into vidmark's log instead of the terminal."""

    def debug(self, message: str) -> None:
        log.debug("yt-dlp: %s", message)

    def info(self, message: str) -> None:
        log.debug("yt-dlp: %s", message)

    def warning(self, message: str) -> None:
        log.info("yt-dlp: %s", message)

    def error(self, message: str) -> None:
        log.info("yt-dlp: %s", message)

