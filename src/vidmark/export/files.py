"""Writing output files so that none is ever half-written: write aside, then rename.

The temp file (``.NAME.XXXX.part`` beside the target) stays locked while it is written, so
a later write of the same target can tell the temp files of a run killed outright
(SIGKILL, power cut) from live ones, and sweep them.
"""

from __future__ import annotations

import contextlib
import glob
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from vidmark.errors import InputError

_UMASK = os.umask(0)
os.umask(_UMASK)  # read once at import: changing the umask later would race other threads


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    payload = data.encode("utf-8") if isinstance(data, str) else data

    def write(part: Path) -> None:
        with part.open("wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())

    return write_beside(Path(path), write)


def write_beside(target: Path, write: Callable[[Path], None], mode: int | None = None,
                 interruptible: bool = False) -> Path:
    """Run ``write(part)`` on a locked temp file in the target's folder, then rename it to
    ``target`` with ``mode`` (default: what a new file gets). ``interruptible``: SIGTERM
    unwinds like Ctrl-C meanwhile, so a long write killed politely leaves nothing behind."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _sweep_stale_parts(target)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from None
    part = Path(name)
    try:
        _lock(fd, blocking=True)
        with _terminate_as_interrupt() if interruptible else contextlib.nullcontext():
            write(part)
            os.chmod(part, mode if mode is not None else 0o666 & ~_UMASK)
            os.replace(part, target)
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        part.unlink(missing_ok=True)
        os.close(fd)
    return target


def _sweep_stale_parts(target: Path) -> None:
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        try:
            fd = os.open(stale, os.O_RDONLY)
        except OSError:
            continue
        try:
            if _lock(fd, blocking=False):
                stale.unlink(missing_ok=True)
        finally:
            os.close(fd)


def _lock(fd: int, blocking: bool) -> bool:
    """An exclusive advisory lock on ``fd``; False when another process holds one. Where
    there are no such locks (Windows) nothing is locked and nothing is swept."""
    if fcntl is None:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        return True
    except OSError:
        return False


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Let SIGTERM unwind like Ctrl-C (so the temp file goes), where signals can be caught."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")
