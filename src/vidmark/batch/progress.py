"""What a batch shows while it runs: bars on a terminal, plain log lines elsewhere."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from vidmark.batch.runner import Event, Listener
from vidmark.batch.work import Outcome


@contextlib.contextmanager
def batch_display(total: int, plain: bool | None = None) -> Iterator[Listener]:
    """A listener for run_batch events: rich bars when stderr is a terminal, else log lines."""
    if plain is None:
        plain = not sys.stderr.isatty()
    if plain:
        yield _PlainLog(total)
        return
    columns = (TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True)) as progress:
        yield _Bars(progress, total)


class _PlainLog:
    def __init__(self, total: int) -> None:
        self.total, self.finished = total, 0

    def __call__(self, event: Event) -> None:
        kind, name, payload = event
        if kind != "end":
            return
        self.finished += 1
        outcome: Outcome = payload
        detail = outcome.error if outcome.status == "failed" else f"{outcome.chapters} chapters, {outcome.seconds:.1f} s"
        click.echo(f"[{self.finished}/{self.total}] {outcome.status:<7} {name}: {detail}", err=True)


class _Bars:
    """One bar for the whole batch (with videos/hour) and one per running video."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress, self.started = progress, time.monotonic()
        self.overall = progress.add_task("batch", total=total, rate="")
        self.videos: dict[str, TaskID] = {}
        self.finished = 0

    def __call__(self, event: Event) -> None:
        kind, name, payload = event
        if kind == "start":
            self.videos[name] = self.progress.add_task(f"  {name[:24]}", total=1.0, rate="")
        elif kind == "stage" and name in self.videos:
            stage, fraction = payload
            self.progress.update(self.videos[name], completed=fraction, rate=stage)
        elif kind == "end":
            self._end(name, payload)

    def _end(self, name: str, outcome: Outcome) -> None:
        if name in self.videos:
            self.progress.remove_task(self.videos.pop(name))
        self.finished += 1
        hours = max(time.monotonic() - self.started, 1e-6) / 3600
        self.progress.update(self.overall, advance=1, rate=f"{self.finished / hours:.0f} videos/h")
