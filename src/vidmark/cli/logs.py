"""``vidmark logs``: list, show and replay the logged model requests."""

from __future__ import annotations

import json

import click

from vidmark.logs import RequestLog


@click.group("logs")
@click.option("--db", "path", default=None, help="Log file [default: VIDMARK_LOG_DB or the user data folder].")
@click.pass_context
def logs_command(ctx: click.Context, path: str | None) -> None:
    """Inspect and replay the requests sent to Qwen3-VL servers."""
    ctx.obj = RequestLog(path)


@logs_command.command("list")
@click.option("-n", "--limit", type=int, default=20, show_default=True)
@click.pass_obj
def list_command(log: RequestLog, limit: int) -> None:
    """The latest requests, newest first."""
    for e in log.entries(limit):
        outcome = "error: " + (e.error or "")[:60] if e.error else f"{len(e.response or '')} chars"
        window = f"{e.window_start_seconds or 0:.0f}-{e.window_end_seconds or 0:.0f}s"
        click.echo(f"{e.id:>5}  {e.created_at}  {e.backend:<12} {e.model or '-':<28} {window:>12}  {outcome}")


@logs_command.command("show")
@click.argument("request_id", type=int)
@click.pass_obj
def show_command(log: RequestLog, request_id: int) -> None:
    """One request (images as their hashes) and its response, as JSON."""
    click.echo(json.dumps(log.get(request_id).model_dump(mode="json"), ensure_ascii=False, indent=2))


@logs_command.command("replay")
@click.argument("request_id", type=int)
@click.option("--base-url", default=None, help="Send to this server instead of the logged one.")
@click.pass_obj
def replay_command(log: RequestLog, request_id: int, base_url: str | None) -> None:
    """Send a logged request again, exactly, and print the new answer."""
    from vidmark.engines.qwen.engine import replay  # noqa: PLC0415 - engines load on demand

    click.echo(replay(log, request_id, base_url))
