"""Batch inputs: files, folders, globs and manifests expanded into one list of videos.

A manifest (CSV or JSONL) names one video per row in a ``path`` column and may give
per-video options in the other columns (engine, language, engine options as JSON, and
``existing_chapters``: use, hint or ignore the video's own chapters). A path
may be a URL (downloaded through yt-dlp when its turn comes, see
:mod:`vidmark.media.source`) or a named pipe.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vidmark.errors import InputError
from vidmark.media.audio import AUDIO_EXTENSIONS
from vidmark.media.source import EXISTING_CHOICES, Existing, is_url

VIDEO_EXTENSIONS = frozenset(
    ".mp4 .m4v .mov .mkv .webm .avi .mpg .mpeg .ts .m2ts .mts .flv .wmv .3gp .ogv .vob".split()
) | frozenset(AUDIO_EXTENSIONS)


class BatchItem(BaseModel):
    """One video of a batch, with its output name and any per-video option overrides."""

    model_config = ConfigDict(extra="forbid")

    path: str
    name: str = ""
    options: dict[str, Any] = Field(default_factory=dict)
    existing_chapters: Existing | None = Field(default=None, description="None: the batch's choice")


def expand_inputs(inputs: list[str]) -> list[BatchItem]:
    """Every video named by the inputs, once each, in a stable order, with unique names."""
    items: list[BatchItem] = []
    for raw in inputs:
        items += _expand_one(raw)
    unique = list({_identity(i.path): i for i in items}.values())
    if not unique:
        raise InputError(f"no video files found in: {', '.join(inputs)}")
    return _name(unique)


def _identity(path: str) -> str:
    return path if is_url(path) else str(Path(path).resolve())


def _expand_one(raw: str) -> list[BatchItem]:
    path = Path(raw)
    if is_url(raw) or path.is_fifo():
        return [BatchItem(path=raw)]
    if path.is_dir():
        return [BatchItem(path=str(p)) for p in sorted(path.rglob("*")) if _is_video(p)]
    if path.suffix.lower() in {".csv", ".jsonl"} and path.is_file():
        return read_manifest(path)
    if path.is_file():
        return [BatchItem(path=str(path))]
    matches = sorted(glob.glob(raw, recursive=True))
    if not matches:
        raise InputError(f"no such file, folder or pattern: {raw}")
    return [BatchItem(path=m) for m in matches if _is_video(Path(m))]


def _is_video(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in VIDEO_EXTENSIONS


def read_manifest(path: Path) -> list[BatchItem]:
    """Rows of a CSV or JSONL manifest; relative paths are taken from the manifest's folder."""
    rows = _jsonl_rows(path) if path.suffix.lower() == ".jsonl" else _csv_rows(path)
    items = []
    for number, row in enumerate(rows, 1):
        video = row.pop("path", None)
        if not video:
            raise InputError(f"{path}, row {number}: no 'path' given")
        options = {k: _option_value(v) for k, v in row.items() if v not in (None, "")}
        name = str(options.pop("name", ""))
        existing = options.pop("existing_chapters", None)
        if existing not in (None, *EXISTING_CHOICES):
            raise InputError(f"{path}, row {number}: existing_chapters must be one of {', '.join(EXISTING_CHOICES)}, "
                             f"got {existing!r}")
        if name and (name.startswith(".") or any(sep in name for sep in ("/", "\\", "\0"))):
            raise InputError(f"{path}, row {number}: the name {name!r} is not a plain file name "
                             "(no folders, no leading dot): outputs must stay in --out")
        where = str(video) if is_url(str(video)) else str(path.parent / video)
        items.append(BatchItem(path=where, name=name, options=options, existing_chapters=existing))
    return items


def _jsonl_rows(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}, line {number}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise InputError(f"{path}, line {number}: expected an object")
        rows.append(row)
    return rows


def _csv_rows(path: Path) -> list[dict[str, Any]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def _option_value(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _name(items: list[BatchItem]) -> list[BatchItem]:
    """Give each item an output name: its file stem, made unique with a path hash if needed."""
    stems: dict[str, int] = {}
    for item in items:
        stem = item.name or _stem(item.path)
        stems[stem] = stems.get(stem, 0) + 1
    named = []
    for item in items:
        stem = item.name or _stem(item.path)
        if stems[stem] > 1:
            stem = f"{stem}-{hashlib.sha1(_identity(item.path).encode()).hexdigest()[:8]}"
        named.append(item.model_copy(update={"name": stem}))
    return named


def _stem(path: str) -> str:
    """A file's stem; for a URL, its host, path and query as one plain file name."""
    if not is_url(path):
        return Path(path).stem
    return re.sub(r"[^A-Za-z0-9._-]+", "-", path.split("://", 1)[1]).strip("-.")[:80] or "video"


def validate_options(item: BatchItem, base: dict[str, Any]) -> dict[str, Any]:
    """The item's annotate options: the batch's, overridden by the item's own."""
    from vidmark.pipeline import AnnotateOptions

    merged = {**base, **item.options}
    try:
        return AnnotateOptions(**merged).model_dump()
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(f"{item.path}: bad option {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
