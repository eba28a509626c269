"""``vidmark ask``: a question about a video, answered with real times of the video."""

from __future__ import annotations

import json
from pathlib import Path

import click

from vidmark.cli.progress import stage_progress
from vidmark.cli.task_options import engine_options, moment_line, task_options
from vidmark.tasks.run import ask_video


@click.command("ask")
@click.argument("video", type=click.Path(path_type=Path))
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@click.option("--progress/--no-progress", default=None, help="Show stage progress (default: on a terminal).")
@engine_options
def ask_command(video: Path, question: str, as_json: bool, progress: bool | None,
                **engine: str | tuple[str, ...] | None) -> None:
    """Answer QUESTION about VIDEO (offline: quoted from what is said and shown, labelled extractive)."""
    with stage_progress(progress) as callback:
        answer = ask_video(video, question, task_options(**engine), callback)
    if as_json:
        click.echo(answer.model_dump_json(indent=2))
        return
    label = "extractive answer (quoted from the video, no model)" if answer.extractive else f"answer ({answer.engine})"
    click.echo(f"{label}: {answer.answer}")
    for moment in answer.moments:
        click.echo(f"  {moment_line(moment)}")
