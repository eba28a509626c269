"""``vidmark align``: when each line of a script is spoken, as subtitles."""

from __future__ import annotations

from pathlib import Path

import click

from vidmark.cli.progress import stage_progress
from vidmark.export import render, write_annotation
from vidmark.tasks.align import read_script
from vidmark.tasks.run import TaskOptions, align_script


@click.command("align")
@click.argument("video", type=click.Path(path_type=Path))
@click.argument("script", type=click.Path(path_type=Path))
@click.option("-o", "--output", default="-", help="Subtitle file ('-' = stdout); .srt or .vtt picks the format.")
@click.option("--format", "format_name", type=click.Choice(["srt", "webvtt"]), default=None, help="Subtitle format [default: from -o, else srt].")
@click.option("--speech-model", default="auto", show_default=True,
              help="'auto' (a whisper model already here, else pocketsphinx), 'pocketsphinx' or a faster-whisper model size or folder.")
@click.option("--lang", "language", default=None, help="Language code of the speech (e.g. en, zh).")
@click.option("--progress/--no-progress", default=None, help="Show stage progress (default: on a terminal).")
def align_command(video: Path, script: Path, output: str, format_name: str | None, speech_model: str,
                  language: str | None, progress: bool | None) -> None:
    """Align the lines of SCRIPT (a text file) to when VIDEO speaks them; write SRT or WebVTT."""
    lines = read_script(script)
    with stage_progress(progress) as callback:
        alignment = align_script(video, lines, TaskOptions(language=language, speech_model=speech_model), progress=callback)
    fmt = format_name or ("webvtt" if output.lower().endswith(".vtt") else "srt")
    if output == "-":
        click.echo(render(alignment.annotation(), fmt), nl=False)
    else:
        write_annotation(alignment.annotation(), output, fmt)
        click.echo(f"wrote {output} ({fmt}): {len(lines) - len(alignment.unspoken)} of {len(lines)} lines aligned", err=True)
    for line in alignment.unspoken:
        click.echo(f"line {line.index + 1} never heard, left out: {line.text}", err=True)
