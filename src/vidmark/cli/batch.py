"""``vidmark batch``: chapter many videos, resumably."""

from __future__ import annotations

import sys

import click

from vidmark.batch import BatchOptions, expand_inputs, run_batch
from vidmark.media.source import EXISTING_CHOICES
from vidmark.batch.progress import batch_display
from vidmark.cli.options import parse_key_values
from vidmark.engines import DEFAULT_ENGINE


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, help="Folder for the outputs and failures.jsonl.")
@click.option("-j", "--jobs", type=int, default=1, show_default=True, help="Videos processed at once.")
@click.option("--engine", envvar="VIDMARK_ENGINE", default=DEFAULT_ENGINE, show_default=True)
@click.option("--format", "formats", multiple=True, default=("json",), show_default=True, help="Output format; repeatable (json-full is always written).")
@click.option("--lang", "language", default=None)
@click.option("-O", "--engine-option", "engine_options", multiple=True, metavar="KEY=VALUE")
@click.option("--base-url", "base_urls", multiple=True, help="Model server URL (Qwen3-VL engines); repeat it for a pool of servers.")
@click.option("--force", is_flag=True, help="Redo videos that are already done.")
@click.option("--ray", "ray_address", is_flag=False, flag_value="local", default=None, help="Run on Ray: a cluster address, or no value for a local Ray.")
@click.option("--plain", is_flag=True, default=None, help="Log lines instead of progress bars.")
@click.option("--existing-chapters", "existing", type=click.Choice(EXISTING_CHOICES), default="hint", show_default=True,
              help="Chapters a video's site (or file) already has: use, hint or ignore them; a manifest's existing_chapters column overrides it per row.")
def batch_command(inputs, out_dir, jobs, engine, formats, language, engine_options, base_urls, force, ray_address, plain,
                  existing) -> None:
    """Chapter every video in INPUTS (files, folders, globs, CSV/JSONL manifests)."""
    items = expand_inputs(list(inputs))
    engine_options = (*engine_options, *([f"base_url={','.join(base_urls)}"] if base_urls else []))
    annotate = {"engine": engine, "language": language, "engine_options": parse_key_values(engine_options)}
    options = BatchOptions(out_dir=out_dir, formats=list(formats), annotate=annotate, jobs=jobs, force=force,
                           existing_chapters=existing)
    executor = "ray" if ray_address else "local"
    with batch_display(len(items), plain) as listener:
        outcomes = run_batch(items, options, listener, executor, None if ray_address == "local" else ray_address)
    failed = [o for o in outcomes if o.status == "failed"]
    counts = {s: sum(o.status == s for o in outcomes) for s in ("done", "skipped", "failed")}
    click.echo(f"batch: {counts['done']} done, {counts['skipped']} skipped (already done), {counts['failed']} failed", err=True)
    for outcome in failed:
        click.echo(f"  failed {outcome.path}: {outcome.error}", err=True)
    if failed:
        click.echo(f"failures listed in {out_dir}/failures.jsonl", err=True)
        sys.exit(1)
