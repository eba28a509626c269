"""SQLite files opened by several processes at once: the first openers of a new file all get
WAL mode and a migrated schema, none fails with "database is locked"."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from vidmark.db import connect
from vidmark.logs import RequestLog


def _open_and_write(path: str, worker: int) -> str:
    connection = connect(path)
    connection.execute("CREATE TABLE IF NOT EXISTS t (worker INTEGER)")
    connection.execute("INSERT INTO t VALUES (?)", (worker,))
    mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    connection.close()
    return mode


def _open_log(path: str, worker: int) -> int:
    log = RequestLog(path)
    log.record(backend="test", body={"worker": worker}, model="m")
    return worker


def test_new_files_opened_together_all_get_wal(tmp_path: Path) -> None:
    for round_ in range(5):
        path = str(tmp_path / f"new-{round_}.sqlite")
        with ProcessPoolExecutor(4) as pool:
            modes = list(pool.map(_open_and_write, [path] * 8, range(8)))
        assert modes == ["wal"] * 8
        assert connect(path).execute("SELECT COUNT(*) FROM t").fetchone()[0] == 8


def test_request_logs_created_together_migrate_once(tmp_path: Path) -> None:
    for round_ in range(5):
        path = str(tmp_path / f"log-{round_}.sqlite")
        with ProcessPoolExecutor(4) as pool:
            assert sorted(pool.map(_open_log, [path] * 8, range(8))) == list(range(8))
        assert len(RequestLog(path).entries(limit=20)) == 8
