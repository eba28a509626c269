"""``vidmark cache``: what the cache holds, and removing it (all, or what went unused)."""

from __future__ import annotations

import click

from vidmark.cache import Cache, parse_age


@click.group("cache")
@click.pass_context
def cache_command(ctx: click.Context) -> None:
    """Inspect and empty the cache of computed stages ($VIDMARK_CACHE_DIR)."""
    ctx.obj = Cache()


@cache_command.command("info")
@click.pass_obj
def info_command(cache: Cache) -> None:
    """Where the cache is, its entries and bytes per stage, and the downloaded and streamed videos."""
    stats = cache.stats() + cache.input_stats()
    click.echo(f"location: {cache.root}")
    for s in stats:
        click.echo(f"  {s.stage:<16} {s.entries:>7} entries {s.bytes / 1e6:>10.2f} MB")
    click.echo(f"  {'total':<16} {sum(s.entries for s in stats):>7} entries {sum(s.bytes for s in stats) / 1e6:>10.2f} MB")


@cache_command.command("clear")
@click.pass_obj
def clear_command(cache: Cache) -> None:
    """Remove every entry."""
    click.echo(f"removed {cache.clear()} entries from {cache.root}")


@cache_command.command("prune")
@click.option("--older-than", "age", required=True, help="Remove entries, downloads and streams unused for this long: 30d, 12h, 90m.")
@click.pass_obj
def prune_command(cache: Cache, age: str) -> None:
    """Remove the entries, downloads and streams not used for a while (never a download still running)."""
    seconds = parse_age(age)
    entries, videos = cache.prune(seconds), cache.prune_inputs(seconds)
    click.echo(f"removed {entries} entries and {videos} downloaded or streamed videos unused for {age}")
