"""Output files are written aside and renamed: a failed write leaves nothing, and the temp
files of a run killed outright are swept by the next write of the same target, while a
live writer's are left alone."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from vidmark.errors import InputError
from vidmark.export.files import atomic_write, write_beside


def test_the_next_write_sweeps_dead_temp_files_but_not_live_ones(tmp_path: Path) -> None:
    target = tmp_path / "talk.chapters.json"
    dead, live = tmp_path / ".talk.chapters.json.dead1234.part", tmp_path / ".talk.chapters.json.live5678.part"
    other = tmp_path / ".other.json.dead1234.part"  # another target's: not this write's business
    for part in (dead, live, other):
        part.write_text("half")
    with live.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a run still writing
        atomic_write(target, "[]")
    assert target.read_text() == "[]" and not dead.exists() and live.exists() and other.exists()


def test_a_new_file_gets_the_umask_mode_and_a_given_mode_wins(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    assert (atomic_write(tmp_path / "a.txt", "x").stat().st_mode & 0o777) == 0o666 & ~umask
    written = write_beside(tmp_path / "b.txt", lambda part: part.write_text("y"), mode=0o640)
    assert written.stat().st_mode & 0o777 == 0o640


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    def broken(part: Path) -> None:
        part.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(InputError, match=r"cannot write .*b\.txt: No space left on device"):
        write_beside(tmp_path / "b.txt", broken)
    assert list(tmp_path.iterdir()) == []
