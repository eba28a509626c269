"""``vidmark engines`` and ``vidmark formats``: what this installation can do."""

from __future__ import annotations

import click

from vidmark.engines import DEFAULT_ENGINE, engine_names, get_engine_class
from vidmark.errors import ConfigError
from vidmark.export import format_names, get_format


@click.command("engines")
def engines_command() -> None:
    """List the engines, the default first, with whether their extra is installed."""
    for name in sorted(engine_names(), key=lambda n: (n != DEFAULT_ENGINE, n)):
        try:
            description = get_engine_class(name).description
        except ConfigError as exc:
            description = f"(unavailable: {exc})"
        marker = "*" if name == DEFAULT_ENGINE else " "
        click.echo(f"{marker} {name:<14} {description}")


@click.command("formats")
def formats_command() -> None:
    """List the chapter formats, and which of them can be read back."""
    for name in format_names():
        fmt = get_format(name)
        mode = "read/write" if fmt.readable else "write"
        click.echo(f"  {name:<14} {mode:<10} {fmt.description}")
