"""Annotate what a user names: a file, a URL, an .info.json or a stream, with what its site knows.

The CLI, the batch runner and the service's jobs call :func:`annotate_input`. It resolves
the input to a local file first (:mod:`vidmark.media.source`: downloads and spooling stay
out of the pipeline), then runs :func:`vidmark.tasks.run.annotate` (chapters, or a task)
on that file and adds where the video came from. Chapters the video already has (the site's, else those embedded
in the file) are used according to ``existing``:

- ``use``: they are the answer (refined to cover the video); no engine runs;
- ``hint``: the engine runs, and its boundaries within ``HINT_TOLERANCE_SECONDS`` of an
  existing chapter's start move onto it (the creator's boundaries win where they agree);
- ``ignore``: the engine's answer as it is.
"""

from __future__ import annotations

import time

from vidmark import __version__
from vidmark.cache import Cache
from vidmark.engines import ProgressCallback
from vidmark.media.source import EXISTING_CHOICES, Existing, Resolved, SourceOptions, resolve_input  # noqa: F401 - the choices, for the CLI
from vidmark.model import Annotation, Boundary, Chapter, EmbeddedChapter, RunInfo
from vidmark.pipeline import AnnotateOptions
from vidmark.tasks.run import annotate
from vidmark.refine import refine, snap_boundaries
from vidmark.stage_cache import cached_probe

HINT_TOLERANCE_SECONDS = 10.0


def annotate_input(given: str, options: AnnotateOptions | None = None, existing: Existing = "hint",
                   source_options: SourceOptions | None = None,
                   progress: ProgressCallback | None = None) -> Annotation:
    """Chapter the video ``given`` names (path, URL, .info.json, ``-`` or a FIFO)."""
    options = options or AnnotateOptions()
    source_options = source_options or SourceOptions(languages=[options.language] if options.language else [])
    resolved = resolve_input(given, source_options, progress)
    return annotate_resolved(resolved, options, existing, progress)


def annotate_resolved(resolved: Resolved, options: AnnotateOptions, existing: Existing = "hint",
                      progress: ProgressCallback | None = None) -> Annotation:
    """Chapter an input already resolved to a local file, using its existing chapters as asked."""
    known = existing_chapters(resolved, options)
    if existing == "use" and known and options.task == "chapters":
        annotation = from_existing(resolved, known, options)
    else:
        annotation = annotate(resolved.path, options, progress=progress)
        if existing == "hint" and known:
            annotation = _hinted(annotation, known)
    video = annotation.video.model_copy(update={"path": str(resolved.path)})  # a cached answer may name a copy
    return annotation.model_copy(update={"source": resolved.source, "video": video})


def existing_chapters(resolved: Resolved, options: AnnotateOptions) -> list[EmbeddedChapter]:
    """The site's chapters, else the chapters embedded in the file."""
    if resolved.source is not None and resolved.source.chapters:
        return resolved.source.chapters
    return cached_probe(resolved.path, Cache() if options.cache else None).chapters


def from_existing(resolved: Resolved, known: list[EmbeddedChapter], options: AnnotateOptions) -> Annotation:
    """An annotation made of the existing chapters, refined to cover the video."""
    started = time.perf_counter()
    video = cached_probe(resolved.path, Cache() if options.cache else None)
    chapters = [Chapter(start_seconds=c.start_seconds, end_seconds=max(c.end_seconds, c.start_seconds), title=c.title)
                for c in known]
    where = "the site" if resolved.source is not None and resolved.source.chapters else "the file"
    run = RunInfo(engine="existing", task=options.task, vidmark_version=__version__,
                  parameters={"existing_chapters": "use", "refine": options.refine.model_dump(mode="json")},
                  elapsed_seconds=round(time.perf_counter() - started, 3),
                  notes=[f"{len(known)} chapters as {where} gives them (--existing-chapters use)"])
    return Annotation(video=video, chapters=refine(chapters, video.duration_seconds, options.refine), run=run,
                      language=options.language)


def _hinted(annotation: Annotation, known: list[EmbeddedChapter]) -> Annotation:
    anchors = [Boundary(time_seconds=c.start_seconds, kind="topic", strength=1.0) for c in known]
    chapters = snap_boundaries(annotation.chapters, anchors, HINT_TOLERANCE_SECONDS)
    moved = sum(a.start_seconds != b.start_seconds for a, b in zip(annotation.chapters, chapters))
    note = f"{moved} boundaries moved onto the {len(known)} existing chapters' starts (--existing-chapters hint)"
    run = annotation.run.model_copy(update={"notes": [*annotation.run.notes, note]})
    return annotation.model_copy(update={"chapters": chapters, "run": run})
