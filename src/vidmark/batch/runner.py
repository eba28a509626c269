"""Running a batch: skip what is done, run the rest on an executor, collect the outcomes.

Two executors share everything but the scheduling: a local process pool (``-j N``) and
Ray (a local Ray, or a cluster at an address). Each keeps at most as many videos in
flight as it has workers, so a crashed worker costs only the videos it held.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from vidmark.batch.inputs import BatchItem
from vidmark.batch.work import BatchOptions, Outcome, is_done, process_item
from vidmark.export.files import atomic_write
from vidmark.resources import ENV_VAR

Event = tuple[str, str, Any]  # (kind, name, payload): ("start"|"stage"|"end", name, ...)
Listener = Callable[[Event], None]

_events: "multiprocessing.Queue[Event] | None" = None


def run_batch(items: list[BatchItem], options: BatchOptions, listener: Listener | None = None,
              executor: str = "local", ray_address: str | None = None) -> list[Outcome]:
    """Process every item not yet done; write failures.jsonl; return all outcomes in order."""
    out = Path(options.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".*.part"):
        stale.unlink(missing_ok=True)  # temp files of a run that was killed
    emit = listener or (lambda event: None)
    outcomes = {i.name: Outcome(name=i.name, path=i.path, status="skipped")
                for i in items if is_done(i, options) and not options.force}
    todo = [i for i in items if i.name not in outcomes]
    run = _run_ray if executor == "ray" else _run_local
    for outcome in run(todo, options, emit, ray_address):
        outcomes[outcome.name] = outcome
        emit(("end", outcome.name, outcome))
    ordered = [outcomes[i.name] for i in items]
    _write_failures(out, [o for o in ordered if o.status == "failed"])
    return ordered


def _write_failures(out: Path, failures: list[Outcome]) -> None:
    lines = "".join(json.dumps(f.model_dump(include={"path", "name", "error", "exit_code"}), ensure_ascii=False) + "\n"
                    for f in failures)
    atomic_write(out / "failures.jsonl", lines)


def _run_local(todo: list[BatchItem], options: BatchOptions, emit: Listener, _address: str | None) -> Iterator[Outcome]:
    context = multiprocessing.get_context("forkserver")
    events: multiprocessing.Queue[Event] = context.Queue()
    pending = list(reversed(todo))
    while pending:
        with ProcessPoolExecutor(options.jobs, mp_context=context, initializer=_init_worker,
                                 initargs=(events, _worker_env(options.jobs)), max_tasks_per_child=25) as pool:
            yield from _drive(pool, pending, options, emit, events)


def _worker_env(jobs: int) -> dict[str, str]:
    """Single-threaded workers when several share the machine (unless the user chose)."""
    return {} if jobs == 1 or os.environ.get(ENV_VAR) else {ENV_VAR: "1", "OMP_NUM_THREADS": "1"}


def _drive(pool: ProcessPoolExecutor, pending: list[BatchItem], options: BatchOptions, emit: Listener,
           events: "multiprocessing.Queue[Event]") -> Iterator[Outcome]:
    running: dict[Future, BatchItem] = {}
    while pending or running:
        while pending and len(running) < options.jobs:
            item = pending.pop()
            emit(("start", item.name, item.path))
            running[pool.submit(_work, item.model_dump(), options.model_dump())] = item
        finished, _ = wait(running, timeout=0.2, return_when=FIRST_COMPLETED)
        _forward(events, emit)
        for future in finished:
            item = running.pop(future)
            try:
                yield Outcome(**future.result())
            except BrokenProcessPool:
                yield Outcome(name=item.name, path=item.path, status="failed", exit_code=70,
                              error="the worker process died while processing this video")
                for other in running.values():
                    pending.append(other)
                return
    _forward(events, emit)


def _forward(events: "multiprocessing.Queue[Event]", emit: Listener) -> None:
    while True:
        try:
            emit(events.get_nowait())
        except (queue.Empty, OSError, ValueError):
            return


def _init_worker(events: "multiprocessing.Queue[Event]", env: dict[str, str]) -> None:
    global _events
    _events = events
    os.environ.update(env)


def _work(item: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    def progress(name: str, stage: str, fraction: float) -> None:
        if _events is not None:
            _events.put(("stage", name, (stage, fraction)))

    return process_item(item, options, progress)


def _run_ray(todo: list[BatchItem], options: BatchOptions, emit: Listener, address: str | None) -> Iterator[Outcome]:
    from vidmark.batch.ray_executor import run_on_ray

    yield from run_on_ray(todo, options, emit, address)
