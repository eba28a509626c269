"""The quality benchmark end to end: generated gold, a perturbed prediction, bench/quality.py."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vidmark.eval import score_video
from vidmark.export import read_chapters
from vidmark.model import ChapterList

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = [p for p in ("flite", "espeak-ng") if shutil.which(p) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (the dataset generator needs them)")
    from vidmark.synth.dataset import write_dataset

    out = tmp_path_factory.mktemp("synthetic")
    write_dataset(out, "tiny")
    return out


def _moved(gold: ChapterList, seconds: float) -> ChapterList:
    """The gold chapters with the first boundary (the second chapter's start) moved later."""
    starts = [c.start_seconds for c in gold.chapters]
    starts[1] += seconds
    ends = [*starts[1:], gold.duration_seconds]
    return ChapterList(chapters=[c.model_copy(update={"start_seconds": s, "end_seconds": e})
                                 for c, s, e in zip(gold.chapters, starts, ends)])


def test_generated_gold_against_perturbed_predictions(tiny: Path) -> None:
    for entry in json.loads((tiny / "manifest.json").read_text()):
        gold = read_chapters(tiny / entry["gold"])
        assert len(gold.chapters) >= 2 and gold.duration_seconds
        exact = score_video(gold, gold).metrics
        assert exact["boundary_f1@3s"] == 1.0 and exact["pk"] == 0.0 and exact["title_rouge_l"] == 1.0
        assert exact["cl_tiou"] == pytest.approx(1.0)
        following = gold.chapters[2].start_seconds if len(gold.chapters) > 2 else gold.duration_seconds
        assert gold.chapters[1].start_seconds + 4 < following, "the tiny recipes have room to move a boundary"
        late2, late4 = score_video(_moved(gold, 2), gold).metrics, score_video(_moved(gold, 4), gold).metrics
        assert late2["boundary_f1@3s"] == 1.0 and late2["vc_recall@3s"] == 1.0
        assert late4["boundary_f1@3s"] < 1.0 and late4["boundary_f1@5s"] == 1.0
        assert late4["pk"] > late2["pk"] > 0
        assert late4["cl_tiou"] < late2["cl_tiou"] < exact["cl_tiou"]


def test_quality_benchmark_runs_engine_and_baselines(tiny: Path, tmp_path: Path) -> None:
    pytest.importorskip("scenedetect", reason="the scene-cut baseline needs scenedetect (a test extra)")
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "quality.py"), "--engine", "scenes", "--config", "tiny",
         "--data", str(tiny), "--clips", str(tmp_path / "no-clips"), "--keep", str(tmp_path / "keep"),
         "--json", str(tmp_path / "scores.json")],
        capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "real split skipped" in result.stderr
    summary = result.stdout.split("## summary", 1)[1].splitlines()
    assert [line.split()[:2] for line in summary if line.startswith("synthetic ")] == [
        ["synthetic", "scenes"], ["synthetic", "uniform"], ["synthetic", "scenedetect"]]
    scores = json.loads((tmp_path / "scores.json").read_text())
    uniform = next(s for s in scores if s["method"] == "uniform")
    assert all(v["gold_chapters"] == v["pred_chapters"] for v in uniform["videos"])
    kept = sorted(p.name for p in (tmp_path / "keep" / "scenes" / "synthetic").iterdir())
    assert kept == ["tiny_en_git.full.json", "tiny_zh_dumplings.full.json"]
    # what the benchmark kept can be scored again by `vidmark eval`
    again = subprocess.run([sys.executable, "-m", "vidmark.cli", "eval", str(tmp_path / "keep" / "scenes" / "synthetic"),
                            str(tiny), "--json"], capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert [v["name"] for v in json.loads(again.stdout)["videos"]] == ["tiny_en_git", "tiny_zh_dumplings"]
