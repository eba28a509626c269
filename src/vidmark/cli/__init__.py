"""The command line: thin commands over library calls, with errors rendered here, once.

Commands are imported only when run, so ``vidmark --help`` stays fast and a command whose
extra is missing does not break the others. Adding a command is a module in this package
and one line in ``COMMANDS``.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from vidmark import __version__
from vidmark.errors import VidmarkError

#: command name -> "module:function"
COMMANDS: dict[str, str] = {
    "logs": "vidmark.cli.logs:logs_command",
    "annotate": "vidmark.cli.annotate:annotate_command",
    "embed": "vidmark.cli.embed:embed_command",
    "export": "vidmark.cli.export:export_command",
    "batch": "vidmark.cli.batch:batch_command",
    "cache": "vidmark.cli.cache:cache_command",
    "engines": "vidmark.cli.info:engines_command",
    "eval": "vidmark.cli.eval:eval_command",
    "formats": "vidmark.cli.info:formats_command",
    "frames": "vidmark.cli.media:frames_command",
    "probe": "vidmark.cli.media:probe_command",
    "serve": "vidmark.cli.serve:serve_command",
    "find": "vidmark.cli.find:find_command",
    "align": "vidmark.cli.align:align_command",
    "ask": "vidmark.cli.ask:ask_command",
    "index": "vidmark.cli.index:index_command",
    "search": "vidmark.cli.index:search_command",
}

_INTERNAL_ERROR = 70


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        return getattr(importlib.import_module(module_name), attr)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vidmark")
@click.option("--debug", is_flag=True, envvar="VIDMARK_DEBUG", help="Show tracebacks for internal errors.")
def cli(debug: bool) -> None:
    """vidmark: chapters, events and moments of a video, with timestamps."""
    if debug:
        os.environ["VIDMARK_DEBUG"] = "1"


def main(argv: list[str] | None = None) -> None:
    """Entry point: run a command and turn every failure into one line and an exit code."""
    try:
        code = cli.main(args=argv, prog_name="vidmark", standalone_mode=False)
    except VidmarkError as exc:
        _fail(str(exc), exc.exit_code)
    except click.exceptions.Abort:
        _fail("aborted", 130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - the one place that turns bugs into a line
        if os.environ.get("VIDMARK_DEBUG"):
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        _fail(f"internal error: {type(exc).__name__}: {first} (rerun with --debug for details)", _INTERNAL_ERROR)
    sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str, code: int) -> None:
    click.echo(f"vidmark: error: {message}", err=True)
    sys.exit(code)
