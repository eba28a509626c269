"""Opening the SQLite files vidmark keeps (the cache index, the request log, the service's
jobs) one way: WAL mode, so readers never wait for the writer, and a long busy timeout, so
processes sharing a file (batch workers, several servers) queue instead of failing."""

from __future__ import annotations

import os
import sqlite3
import time

_WAIT_SECONDS = 60.0


def connect(path: str | os.PathLike[str], shared_between_threads: bool = False) -> sqlite3.Connection:
    """An autocommit connection to ``path`` in WAL mode (transactions are explicit)."""
    connection = sqlite3.connect(path, timeout=_WAIT_SECONDS, isolation_level=None,  # timeout: the busy timeout
                                 check_same_thread=not shared_between_threads)
    _write_ahead_log(connection)
    return connection


def _write_ahead_log(connection: sqlite3.Connection) -> None:
    """Put the file in WAL mode (once: the mode is kept in the file). Switching ignores the
    busy timeout, so processes opening a new file together retry while it is locked."""
    deadline = time.monotonic() + _WAIT_SECONDS
    while connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            connection.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
