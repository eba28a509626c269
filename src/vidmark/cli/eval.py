"""``vidmark eval``: score predicted chapters against gold chapters."""

from __future__ import annotations

from pathlib import Path

import click

from vidmark.errors import InputError
from vidmark.eval import evaluate_pairs
from vidmark.eval.inputs import load_pairs
from vidmark.eval.report import format_table


@click.command("eval")
@click.argument("pred", type=click.Path(path_type=Path))
@click.argument("gold", type=click.Path(path_type=Path))
@click.option("--duration", type=float, default=None, help="Video length in seconds (default: from the files).")
@click.option("--json", "as_json", is_flag=True, help="Print every metric as JSON instead of the table.")
def eval_command(pred: Path, gold: Path, duration: float | None, as_json: bool) -> None:
    """Score PRED chapters against GOLD chapters (files, or folders matched by video name).

    Metrics: boundary F1 at 3 s and 5 s collars, VidChapters-7M precision/recall by start
    distance and tIoU, Chapter-Llama F1 and tIoU, title ROUGE-L and word overlap, Pk and
    WindowDiff. Table values are percentages.
    """
    for path in (pred, gold):
        if not path.exists():
            raise InputError(f"no such file or folder: {path}")
    if duration is not None and pred.is_dir():
        raise InputError("--duration is for one video; with folders each gold file gives its own")
    pairs, unmatched = load_pairs(pred, gold)
    report = evaluate_pairs(pairs, duration, unmatched)
    click.echo(report.model_dump_json(indent=2) + "\n" if as_json else format_table(report), nl=False)
