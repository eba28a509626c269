"""``vidmark index`` and ``vidmark search``: an archive of many videos, searchable by word."""

from __future__ import annotations

import json
from pathlib import Path

import click

from vidmark.archive import Archive, IndexOptions
from vidmark.batch.inputs import expand_inputs
from vidmark.timecode import format_hms

_DB = click.option("--db", type=click.Path(path_type=Path), default=None,
                   help="Archive file [default: env VIDMARK_ARCHIVE, else archive.sqlite3 in the user data folder].")


@click.command("index")
@click.argument("paths", nargs=-1, required=True)
@_DB
@click.option("--engine", default="offline", show_default=True, help="Engine that writes the chapters indexed.")
@click.option("--lang", "language", default=None, help="Language code of the videos (e.g. en, zh).")
def index_command(paths: tuple[str, ...], db: Path | None, engine: str, language: str | None) -> None:
    """Add videos (files, folders, globs) to the archive; unchanged ones are skipped."""
    archive = Archive(db)
    options = IndexOptions(engine=engine, language=language)
    for item in expand_inputs(list(paths)):
        added = archive.add(item.path, options)
        click.echo(f"{'indexed' if added else 'unchanged'}  {item.path}", err=True)
    click.echo(f"{len(archive.videos())} video(s) in {archive.path}", err=True)


@click.command("search")
@click.argument("query")
@_DB
@click.option("-n", "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Most hits shown.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
def search_command(query: str, db: Path | None, limit: int, as_json: bool) -> None:
    """Search the archive: video, time and snippet of each hit, best first."""
    hits = Archive(db).search(query, limit)
    if as_json:
        click.echo(json.dumps([h.model_dump(mode="json") for h in hits], ensure_ascii=False, indent=2))
        return
    for hit in hits:
        click.echo(f"{hit.path}  {format_hms(hit.start_seconds)}  ({hit.source}) {hit.snippet}")
    if not hits:
        click.echo(f"nothing in the archive matches {query!r}", err=True)
