"""The options the task commands (find, ask) share: which engine answers, and how to print moments."""

from __future__ import annotations

from collections.abc import Callable

import click

from vidmark.cli.options import parse_key_values
from vidmark.model import Moment
from vidmark.tasks.options import OFFLINE, TaskOptions
from vidmark.timecode import format_hms


def engine_options(command: Callable) -> Callable:
    """Add --engine, -O, --base-url, --model, --api-key and --lang to a task command."""
    for option in reversed([
        click.option("--engine", envvar="VIDMARK_TASK_ENGINE", default=OFFLINE, show_default=True,
                     help="An engine that answers questions: 'offline' (transcript and on-screen text) or a model engine "
                          "(`vidmark engines` lists them)."),
        click.option("-O", "--engine-option", "engine_pairs", multiple=True, metavar="KEY=VALUE", help="Engine option; repeatable."),
        click.option("--base-url", default=None, help="Model server URL (Qwen3-VL engines)."),
        click.option("--model", default=None, help="Model name or path (Qwen3-VL engines)."),
        click.option("--api-key", default=None, help="API key (Qwen3-VL engines)."),
        click.option("--lang", "language", default=None, help="Language code of the video (e.g. en, zh)."),
    ]):
        command = option(command)
    return command


def task_options(engine: str, engine_pairs: tuple[str, ...], language: str | None, **given: str | None) -> TaskOptions:
    """The TaskOptions of the command line's engine flags."""
    chosen = {key: value for key, value in given.items() if value is not None}
    return TaskOptions(engine=engine, engine_options={**parse_key_values(engine_pairs), **chosen}, language=language)


def moment_line(moment: Moment) -> str:
    """``HH:MM:SS-HH:MM:SS  0.87  (speech) text`` for one moment."""
    text = " ".join(moment.text.split())
    return f"{format_hms(moment.start_seconds)}-{format_hms(moment.end_seconds)}  {moment.score:.2f}  ({moment.source}) {text}"
