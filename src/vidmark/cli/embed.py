"""``vidmark embed``: write chapters into a video file without re-encoding it."""

from __future__ import annotations

from pathlib import Path

import click

from vidmark.export.convert import load_annotation
from vidmark.export.embed import EmbedOptions, embed_chapters


@click.command("embed")
@click.argument("video", type=click.Path(path_type=Path))
@click.argument("chapters", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="The new video file.")
@click.option("--in-place", is_flag=True, help="Replace VIDEO itself (through a temporary file and a rename).")
@click.option("--remux", is_flag=True, help="Rewrite the whole file with ffmpeg, even where splicing the chapter "
              "index into a copy would do (the default for MP4 to MP4 and MKV to MKV).")
def embed_command(video: Path, chapters: Path, output: Path | None, in_place: bool, remux: bool) -> None:
    """Write the chapters of CHAPTERS (any readable chapter file, or another video) into VIDEO."""
    annotation = load_annotation(chapters)
    options = EmbedOptions(in_place=in_place, method="remux" if remux else "auto")
    written = embed_chapters(video, annotation.chapters, output, options)
    click.echo(f"wrote {written} (chapters embedded)", err=True)
