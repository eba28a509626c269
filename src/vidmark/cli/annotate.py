"""``vidmark annotate``: chapter one video."""

from __future__ import annotations

from pathlib import Path

import click

from vidmark.cli.options import parse_key_values
from vidmark.cli.progress import stage_progress
from vidmark.engines import DEFAULT_ENGINE
from vidmark.export import DEFAULT_FORMAT, format_for_path, format_names, render, write_annotation
from vidmark.pipeline import AnnotateOptions, annotate


@click.command("annotate")
@click.argument("video", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outputs", multiple=True, help="Output file ('-' = stdout); repeat for several. Format from --format or the file name.")
@click.option("--engine", envvar="VIDMARK_ENGINE", default=DEFAULT_ENGINE, show_default=True, help="Engine name (see `vidmark engines`).")
@click.option("--format", "format_name", type=click.Choice(format_names()), default=None, help=f"Output format [default: {DEFAULT_FORMAT}].")
@click.option("--lang", "language", default=None, help="Language code of the video (e.g. en, zh).")
@click.option("-O", "--engine-option", "engine_options", multiple=True, metavar="KEY=VALUE", help="Engine option; repeatable.")
@click.option("--min-chapter", "min_chapter", type=float, default=0.0, help="Merge chapters shorter than this many seconds.")
@click.option("--progress/--no-progress", default=None, help="Show stage progress (default: when stderr is a terminal).")
def annotate_command(video: Path, outputs: tuple[str, ...], engine: str, format_name: str | None, language: str | None,
                     engine_options: tuple[str, ...], min_chapter: float, progress: bool | None) -> None:
    """Chapter VIDEO: chapters with start/end times, titles and summaries."""
    options = AnnotateOptions(engine=engine, engine_options=parse_key_values(engine_options),
                              language=language, min_chapter_seconds=min_chapter)
    with stage_progress(progress) as callback:
        annotation = annotate(video, options, progress=callback)
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
