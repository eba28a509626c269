"""``vidmark annotate``: chapter one video."""

from __future__ import annotations

from pathlib import Path

import click

from vidmark.cli.options import parse_key_values
from vidmark.cli.progress import stage_progress
from vidmark.engines import DEFAULT_ENGINE
from vidmark.engines.qwen.plan import plan_for
from vidmark.export import DEFAULT_FORMAT, format_for_path, format_names, render, write_annotation
from vidmark.export.embed import embed_chapters
from vidmark.errors import PartialResultError
from vidmark.model import Annotation
from vidmark.media.source import SourceOptions, resolve_input
from vidmark.pipeline import AnnotateOptions
from vidmark.refine import RefineOptions
from vidmark.sources import EXISTING_CHOICES, Existing, annotate_resolved
from vidmark.tasks import TASK_NAMES


@click.command("annotate")
@click.argument("video")
@click.option("-o", "--output", "outputs", multiple=True, help="Output file ('-' = stdout); repeat for several. Format from --format or the file name.")
@click.option("--engine", envvar="VIDMARK_ENGINE", default=DEFAULT_ENGINE, show_default=True, help="Engine name (see `vidmark engines`).")
@click.option("--format", "format_name", type=click.Choice(format_names()), default=None, help=f"Output format [default: {DEFAULT_FORMAT}].")
@click.option("--lang", "language", default=None, help="Language code of the video (e.g. en, zh).")
@click.option("--task", type=click.Choice(TASK_NAMES), default="chapters", show_default=True, help="What to write: chapters, an event log (events) or meeting minutes (minutes); json-full carries events and minutes.")
@click.option("-O", "--engine-option", "engine_options", multiple=True, metavar="KEY=VALUE", help="Engine option; repeatable.")
@click.option("--min-chapter", "min_chapter", type=float, default=0.0, help="Merge chapters shorter than this many seconds.")
@click.option("--snap", type=float, default=3.0, show_default=True, help="Snap boundaries to cuts/silences within this many seconds (0 = off).")
@click.option("--youtube", is_flag=True, help="YouTube-compatible chapters: first at 0:00, at least 3, each at least 10 s.")
@click.option("--window", "window_seconds", type=float, default=None, help="Window length in seconds for long videos (default: the engine's).")
@click.option("--base-url", multiple=True, callback=lambda _ctx, _param, urls: ",".join(urls) or None, help="Model server URL (Qwen3-VL engines); repeat it for a pool of servers.")
@click.option("--model", default=None, help="Model name or path (Qwen3-VL engines).")
@click.option("--api-key", default=None, help="API key [default: env VIDMARK_API_KEY, else OPENAI_API_KEY].")
@click.option("--max-visual-tokens", type=int, default=None, help="Visual tokens per request (Qwen3-VL engines).")
@click.option("--template", default=None, help="Prompt template: 'chapters' or a file (Qwen3-VL engines).")
@click.option("--dry-run", is_flag=True, help="Print the plan (windows, frames, size, tokens) without calling a model.")
@click.option("--signals", default=None, metavar="LIST", help="Offline engine: signals to measure, comma-separated, from shots,slides,ocr,speech,subtitles (e.g. 'shots,ocr' turns speech off).")
@click.option("--progress/--no-progress", default=None, help="Show stage progress (default: when stderr is a terminal).")
@click.option("--existing-chapters", "existing", type=click.Choice(EXISTING_CHOICES), default="hint", show_default=True,
              help="Chapters the site (or the file) already has: use them as the answer, hint the engine's boundaries with them, or ignore them.")
@click.option("--max-height", type=int, default=720, show_default=True, help="URLs: download the best format at most this tall.")
@click.option("--embed", "embed_output", type=click.Path(path_type=Path), default=None, help="Also write a copy of VIDEO with the chapters embedded (MP4, MOV, MKV, ...).")
def annotate_command(video: str, outputs: tuple[str, ...], engine: str, format_name: str | None, language: str | None,
                     engine_options: tuple[str, ...], min_chapter: float, snap: float, youtube: bool,
                     window_seconds: float | None, progress: bool | None, embed_output: Path | None, signals: str | None,
                     dry_run: bool, task: str, existing: Existing, max_height: int,
                     **model_options: str | int | None) -> None:
    """Chapter VIDEO: chapters with start/end times, titles and summaries.

    VIDEO is a file, a URL (any site yt-dlp supports, or direct http(s) media), a yt-dlp
    .info.json, or a stream: '-' (standard input) or a named pipe.
    """
    given = {key: value for key, value in model_options.items() if value is not None}
    if signals is not None:
        engine_options = (*engine_options, f"signals={signals}")
    refine = RefineOptions(min_chapter_seconds=min_chapter, snap_tolerance_seconds=snap, youtube=youtube)
    options = AnnotateOptions(engine=engine, engine_options={**parse_key_values(engine_options), **given},
                              language=language, refine=refine, window_seconds=window_seconds, task=task)
    fetch = SourceOptions(max_height=max_height, languages=[language] if language else [])
    with stage_progress(progress) as callback:
        resolved = resolve_input(video, fetch, callback)
        if dry_run:
            click.echo(plan_for(resolved.path, engine, options.engine_options, window_seconds,
                                options.window_overlap_seconds).render())
            return
        try:
            annotation = annotate_resolved(resolved, options, existing, progress=callback)
        except PartialResultError as partial:
            _write(partial.annotation, outputs, format_name)
            raise
    _write(annotation, outputs, format_name)
    if embed_output is not None:
        click.echo(f"wrote {embed_chapters(resolved.path, annotation.chapters, embed_output)} (chapters embedded)", err=True)


def _write(annotation: Annotation, outputs: tuple[str, ...], format_name: str | None) -> None:
    for output in outputs or ("-",):
        fmt = format_name or _format_of(output)
        if output == "-":
            click.echo(render(annotation, fmt), nl=False)
        else:
            write_annotation(annotation, output, fmt)
            click.echo(f"wrote {output} ({fmt})", err=True)


def _format_of(output: str) -> str:
    found = format_for_path(output) if output != "-" else None
    return found.name if found else DEFAULT_FORMAT
