"""``vidmark find``: the moments of a video where something happens."""

from __future__ import annotations

import json
from pathlib import Path

import click

from vidmark.cli.progress import stage_progress
from vidmark.cli.task_options import engine_options, moment_line, task_options
from vidmark.tasks.find import FindOptions
from vidmark.tasks.run import find_moments


@click.command("find")
@click.argument("video", type=click.Path(path_type=Path))
@click.argument("query")
@click.option("-n", "--limit", type=click.IntRange(min=1), default=5, show_default=True, help="Most moments shown.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.3, show_default=True, help="Weakest match shown.")
@click.option("--json", "as_json", is_flag=True, help="Print the moments as JSON.")
@click.option("--progress/--no-progress", default=None, help="Show stage progress (default: on a terminal).")
@engine_options
def find_command(video: Path, query: str, limit: int, min_score: float, as_json: bool, progress: bool | None,
                 **engine: str | tuple[str, ...] | None) -> None:
    """Find the spans of VIDEO where QUERY happens, best first, with scores (0..1)."""
    with stage_progress(progress) as callback:
        moments = find_moments(video, query, task_options(**engine), FindOptions(limit=limit, min_score=min_score), callback)
    if as_json:
        click.echo(json.dumps([m.model_dump(mode="json") for m in moments], ensure_ascii=False, indent=2))
        return
    for moment in moments:
        click.echo(moment_line(moment))
    if not moments:
        click.echo(f"no moment matches {query!r}", err=True)
