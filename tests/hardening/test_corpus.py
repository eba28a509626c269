"""Every file of the bad-media corpus through the real ``vidmark annotate`` in a subprocess:
valid chapters for the readable part or one error line and a non-zero exit; never a
traceback, never a hang (each run has a time bound), never a corrupt or partial output.

The default engine sees every case; the scenes engine the damaged ones (the long variant
gives it every case, and adds the cases that take minutes)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.hardening.corpus import CASES, Case, Outcome, run_annotate

_TIME_BOUND_SECONDS = 120


def _run_all(cases: list[Case], engine: str | None, folder: Path) -> list[Outcome]:
    built = [(case, case.build(folder)) for case in cases]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda item: run_annotate(item[0], item[1], engine, folder / f"out-{item[1].stem}-{engine}",
                                                      _TIME_BOUND_SECONDS), built))


def _assert_handled(outcomes: list[Outcome]) -> None:
    defects = [f"{o.case} ({o.engine}): {o.detail}" for o in outcomes if o.result == "DEFECT"]
    assert not defects, "\n".join(defects)
    assert {o.result for o in outcomes} == {"chapters", "error"}  # both kinds of outcome are exercised


@pytest.mark.slow
def test_default_engine_handles_every_case(tmp_path: Path) -> None:
    _assert_handled(_run_all([c for c in CASES if not c.long], None, tmp_path))


@pytest.mark.slow
def test_scenes_engine_handles_damaged_files(tmp_path: Path) -> None:
    _assert_handled(_run_all([c for c in CASES if c.expect != "chapters" and not c.long], "scenes", tmp_path))


@pytest.mark.long
@pytest.mark.parametrize("engine", [None, "scenes"])
def test_every_case_every_engine_long(tmp_path: Path, engine: str | None) -> None:
    _assert_handled(_run_all(CASES, engine, tmp_path))


def test_sound_files_give_chapters_and_broken_ones_an_error_line(tmp_path: Path) -> None:
    """The CI-fast core: one sound case and one broken case, judged like the rest."""
    by_name = {c.name: c for c in CASES}
    sound, broken = by_name["name with quotes"], by_name["text renamed .mp4"]
    outcomes = [run_annotate(c, c.build(tmp_path), "scenes", tmp_path / f"out{i}", _TIME_BOUND_SECONDS)
                for i, c in enumerate((sound, broken))]
    assert [o.result for o in outcomes] == ["chapters", "error"], outcomes
    assert "not a readable media file" in outcomes[1].detail
