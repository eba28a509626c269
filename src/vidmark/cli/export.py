"""``vidmark export``: chapters from a chapter file or a media file, in another format."""

from __future__ import annotations

from pathlib import Path

import click

from vidmark.cli.options import parse_key_values
from vidmark.errors import InputError
from vidmark.export import format_for_path, format_names
from vidmark.export.convert import ConvertOptions, convert
from vidmark.export.files import atomic_write


@click.command("export")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--to", "to", type=click.Choice(format_names()), default=None, help="Output format [default: from the -o file name].")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Output file [default: stdout].")
@click.option("--from", "source_format", type=click.Choice(format_names(readable_only=True)), default=None,
              help="Format of SOURCE when it is a chapter file [default: guessed].")
@click.option("--video", type=click.Path(path_type=Path), default=None,
              help="The video the chapters belong to (its duration; thumbnails for html).")
@click.option("-O", "--format-option", "format_options", multiple=True, metavar="KEY=VALUE",
              help="Format option, e.g. link=https://youtu.be/ID for markdown; repeatable.")
def export_command(source: Path, to: str | None, output: Path | None, source_format: str | None, video: Path | None,
                   format_options: tuple[str, ...]) -> None:
    """Convert the chapters of SOURCE (a chapter file, or a video with chapters in it) to another format."""
    to = to or _format_of(output)
    options = ConvertOptions(to=to, source_format=source_format, video=str(video) if video else None,
                             format_options=parse_key_values(format_options))
    text = convert(source, options)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output, text)
        click.echo(f"wrote {output} ({to})", err=True)


def _format_of(output: Path | None) -> str:
    found = format_for_path(output) if output else None
    if found is None:
        raise InputError("name the output format with --to (the output file name does not tell it)")
    return found.name
