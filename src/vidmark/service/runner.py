"""Running one job in a child process.

The pipeline runs in a process of its own, forked from a small server process that has
vidmark imported already (multiprocessing's ``forkserver``), so starting one costs tens of
milliseconds. Cancelling a job or stopping the server then stops its work at once (the
process is terminated, whatever the engine is doing), and a crash in native code or an
out-of-memory kill fails that one job, not the server. Progress, the result and errors
come back through a queue; the child dies with its parent on Linux.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import queue
import signal
from collections.abc import Callable
from pathlib import Path

from vidmark.engines import ProgressCallback
from vidmark.errors import VidmarkError
from vidmark.model import Annotation
from vidmark.media.source import Resolved, SourceOptions, resolve_input
from vidmark.pipeline import AnnotateOptions
from vidmark.service.errors import JobFailed
from vidmark.sources import Existing, annotate_resolved

log = logging.getLogger(__name__)
_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
_CONTEXT = multiprocessing.get_context(_METHOD)
if _METHOD == "forkserver":
    _CONTEXT.set_forkserver_preload(["vidmark.pipeline", "vidmark.sources"])
_POLL_SECONDS = 0.2
_PR_SET_PDEATHSIG = 1


class Interrupted(Exception):
    """The job was stopped from outside (cancelled, or the server is stopping)."""


def run_job(path: Path | str, options: AnnotateOptions, progress: ProgressCallback,
            should_stop: Callable[[], bool], fetch: SourceOptions | None = None,
            existing: Existing = "hint") -> Annotation:
    """Annotate ``path`` in a child process; raise Interrupted when ``should_stop()`` turns true.

    With ``fetch``, ``path`` is a URL that the child downloads first (with those options).
    ``existing`` says what to do with the chapters the video already has (see :mod:`vidmark.sources`).
    """
    messages = _CONTEXT.Queue()
    env = {k: v for k, v in os.environ.items() if k.startswith("VIDMARK_")}
    fetch_json = fetch.model_dump_json() if fetch is not None else None
    process = _CONTEXT.Process(target=_child, args=(str(path), options.model_dump_json(), env, messages, fetch_json, existing),
                               name="vidmark-job", daemon=True)
    process.start()
    try:
        return _follow(process, messages, progress, should_stop)
    finally:
        if process.is_alive():
            process.terminate()
            process.join(5)
        if process.is_alive():
            process.kill()
        process.join()
        messages.close()


def _follow(process, messages, progress: ProgressCallback, should_stop: Callable[[], bool]) -> Annotation:  # noqa: ANN001 - multiprocessing types
    while True:
        if should_stop():
            raise Interrupted
        try:
            kind, *payload = messages.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            if process.is_alive():
                continue
            try:  # a message written just before exiting may still be in the pipe
                kind, *payload = messages.get(timeout=1.0)
            except queue.Empty:
                raise JobFailed(f"the job's process ended without an answer (exit code {process.exitcode})", 500) from None
        if kind == "progress":
            progress(*payload)
        elif kind == "done":
            return Annotation.model_validate_json(payload[0])
        else:
            raise JobFailed(payload[0], payload[1])


def _child(path: str, options_json: str, env: dict[str, str], messages, fetch_json: str | None,  # noqa: ANN001
           existing: Existing) -> None:
    """The child's whole life: download (URL jobs), annotate, and report progress, the result or the error."""
    os.environ.update(env)
    _die_with_parent()
    options = AnnotateOptions.model_validate_json(options_json)
    progress = lambda stage, fraction: messages.put(("progress", stage, fraction))  # noqa: E731
    try:
        if fetch_json is not None:
            resolved = resolve_input(path, SourceOptions.model_validate_json(fetch_json), progress)
        else:
            resolved = Resolved(path=Path(path))
        annotation = annotate_resolved(resolved, options, existing, progress=progress)
    except VidmarkError as exc:
        messages.put(("error", str(exc), exc.http_status))
        return
    except Exception as exc:  # noqa: BLE001 - a bug in an engine fails the job, with its reason
        log.exception("job on %s failed with an internal error", path)
        messages.put(("error", f"internal error: {type(exc).__name__}: {exc}", 500))
        return
    messages.put(("done", annotation.model_dump_json()))


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a no-op elsewhere)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
