"""One video of a batch, start to finish, as a plain function any executor can run.

It runs in a worker process (local pool) or a Ray task, so it takes and returns plain
dicts. Outputs are written atomically, the json-full file last: its presence marks the
video as done, which is how a re-run knows what to skip.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from vidmark.batch.inputs import BatchItem, validate_options
from vidmark.errors import PartialResultError, VidmarkError
from vidmark.media.source import Existing

DONE_FORMAT = "json-full"


class BatchOptions(BaseModel):
    """How to run a batch: where outputs go, in which formats, with which annotate options."""

    model_config = ConfigDict(extra="forbid")

    out_dir: str
    formats: list[str] = Field(default_factory=lambda: ["json"])
    annotate: dict[str, Any] = Field(default_factory=dict, description="vidmark.pipeline.AnnotateOptions fields")
    jobs: int = Field(default=1, ge=1)
    force: bool = False
    existing_chapters: Existing = Field(default="hint", description="the videos' own chapters: use, hint or ignore")


class Outcome(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    path: str
    status: str  # done | skipped | failed
    error: str | None = None
    exit_code: int = 0
    seconds: float = 0.0
    chapters: int = 0


def output_path(out_dir: str | Path, name: str, format_name: str) -> Path:
    from vidmark.export import get_format

    extensions = get_format(format_name).extensions
    return Path(out_dir) / f"{name}{extensions[0] if extensions else '.' + format_name}"


def is_done(item: BatchItem, options: BatchOptions) -> bool:
    return output_path(options.out_dir, item.name, DONE_FORMAT).is_file()


def process_item(item: dict[str, Any], options: dict[str, Any],
                 progress: Callable[[str, str, float], None] | None = None) -> dict[str, Any]:
    """Annotate one video and write its outputs; never raises, reports an Outcome dict."""
    batch_item, batch = BatchItem(**item), BatchOptions(**options)
    started = time.perf_counter()
    callback = (lambda stage, fraction: progress(batch_item.name, stage, fraction)) if progress else None
    try:
        outcome = _annotate_and_write(batch_item, batch, callback)
    except VidmarkError as exc:
        outcome = _failed(batch_item, str(exc), exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - one bad video must never stop the batch
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        outcome = _failed(batch_item, f"internal error: {detail}", 70)
    outcome.seconds = round(time.perf_counter() - started, 3)
    return outcome.model_dump()


def _annotate_and_write(item: BatchItem, batch: BatchOptions, callback) -> Outcome:
    from vidmark.export import write_annotation
    from vidmark.pipeline import AnnotateOptions
    from vidmark.sources import annotate_input

    options = AnnotateOptions(**validate_options(item, batch.annotate))
    try:
        annotation = annotate_input(item.path, options, item.existing_chapters or batch.existing_chapters,
                                    progress=callback)
    except PartialResultError as partial:
        for fmt in batch.formats:  # keep what finished, but do not mark the video done
            write_annotation(partial.annotation, output_path(batch.out_dir, item.name, fmt), fmt)
        raise
    for fmt in [*dict.fromkeys(f for f in batch.formats if f != DONE_FORMAT), DONE_FORMAT]:
        write_annotation(annotation, output_path(batch.out_dir, item.name, fmt), fmt)
    return Outcome(name=item.name, path=item.path, status="done", chapters=len(annotation.chapters))


def _failed(item: BatchItem, error: str, code: int) -> Outcome:
    return Outcome(name=item.name, path=item.path, status="failed", error=error, exit_code=code)
