"""Per-kind tables: group means, the derived tIoU F1, and a mean over kinds, not videos."""

from __future__ import annotations

import pytest

from vidmark.eval.bykind import Scored, detail_table, grouped, summary_table, with_tiou_f1


def _row(kind: str, language: str, method: str, f1: float, seconds: float = 1.0) -> Scored:
    metrics = {"boundary_f1@3s": f1, "boundary_f1@5s": f1, "vc_precision@0.5": 0.5, "vc_recall@0.5": 1.0,
               "cl_f1": 0.4, "title_word_overlap": None}
    return Scored("kinds", kind, language, method, f"{kind}-{language}-{f1}", with_tiou_f1(metrics), seconds, 10.0)


def test_tiou_f1_is_the_f1_of_vidchapters_precision_and_recall() -> None:
    assert with_tiou_f1({"vc_precision@0.5": 0.5, "vc_recall@0.5": 1.0})["tiou_f1@0.5"] == pytest.approx(2 / 3)
    assert with_tiou_f1({})["tiou_f1@0.5"] is None


def test_groups_average_per_kind_language_and_method_with_speed() -> None:
    rows = [_row("meeting", "en", "offline", 0.2, 2.0), _row("meeting", "en", "offline", 0.6, 1.0),
            _row("meeting", "zh", "offline", 1.0)]
    groups = {(g["kind"], g["language"]): g for g in grouped(rows)}
    assert groups[("meeting", "en")]["boundary_f1@3s"] == pytest.approx(0.4)
    assert groups[("meeting", "en")]["videos"] == 2
    assert groups[("meeting", "en")]["x_realtime"] == pytest.approx(3.0 / 20.0)
    assert groups[("meeting", "zh")]["title_word_overlap"] is None


def test_summary_mean_weighs_each_kind_once() -> None:
    rows = [_row("meeting", "en", "offline", 0.0) for _ in range(3)] + [_row("talk", "en", "offline", 1.0)]
    table = summary_table(rows)
    assert "| kinds | **all** | 0.50 |" in table, table
    assert "| kinds | meeting | 0.00 |" in table


def test_detail_table_has_a_line_per_group_and_a_dash_for_missing_titles() -> None:
    table = detail_table([_row("talk", "en", "offline", 1.0), _row("talk", "en", "uniform", 0.0)])
    lines = table.splitlines()
    assert len(lines) == 4
    assert "| kinds | talk | en | offline | 1 | 1.00 | 1.00 | 0.67 | 0.40 | – | 0.100 |" in lines
