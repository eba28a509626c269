"""``vidmark eval`` end to end through the real entry point, every readable format."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from vidmark.cli import main

GOLD = {
    "talk.youtube.txt": "0:00 Introduction\n0:30 Installing the package\n1:15 First steps\n",
    "talk.vtt": "WEBVTT\n\n00:00:00.000 --> 00:00:30.000\nIntroduction\n\n00:00:30.000 --> 00:01:15.000\n"
                "Installing the package\n\n00:01:15.000 --> 00:02:00.000\nFirst steps\n",
    "talk.vidchapters.json": json.dumps({"duration": 120, "chapters": [
        {"label": "Introduction", "time": 0}, {"label": "Installing the package", "time": 30},
        {"label": "First steps", "time": 75}]}),
    "talk.json": json.dumps([{"start_time": "00:00:00", "end_time": "00:00:30", "title": "Introduction"},
                             {"start_time": "00:00:30", "end_time": "00:01:15", "title": "Installing the package"},
                             {"start_time": "00:01:15", "end_time": "00:02:00", "title": "First steps"}]),
}
PRED = json.dumps([{"start_time": "00:00:00", "end_time": "00:00:32", "title": "Intro", "summary": ""},
                   {"start_time": "00:00:32", "end_time": "00:01:10", "title": "Install the package", "summary": ""},
                   {"start_time": "00:01:10", "end_time": "00:02:00", "title": "steps", "summary": ""}])


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def vidmark(capsys: pytest.CaptureFixture[str]):
    """Run the real entry point in this process; it always ends with SystemExit."""
    def run(*args: str) -> Run:
        with pytest.raises(SystemExit) as ended:
            main(list(args))
        out, err = capsys.readouterr()
        return Run(ended.value.code or 0, out, err)
    return run


@pytest.fixture
def pred(tmp_path: Path) -> Path:
    path = tmp_path / "talk.chapters.json"
    path.write_text(PRED)
    return path


@pytest.mark.parametrize("gold_name", sorted(GOLD))
def test_every_gold_format_gives_the_same_scores(vidmark, tmp_path: Path, pred: Path, gold_name: str) -> None:
    gold = tmp_path / gold_name
    gold.write_text(GOLD[gold_name])
    result = vidmark("eval", str(pred), str(gold), "--duration", "120", "--json")
    assert result.returncode == 0, result.stderr
    video = json.loads(result.stdout)["videos"][0]
    assert video["metrics"]["boundary_f1@3s"] == 0.5
    assert video["metrics"]["boundary_f1@5s"] == 1.0
    assert video["metrics"]["title_word_overlap"] > 0


def test_table_has_a_row_per_video_and_a_mean_row(vidmark, tmp_path: Path, pred: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "talk.vidchapters.json").write_text(GOLD["talk.vidchapters.json"])
    preds = tmp_path / "preds"
    preds.mkdir()
    pred.rename(preds / pred.name)
    result = vidmark("eval", str(preds), str(gold))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:5] == ["video", "gold", "pred", "F1@3s", "F1@5s"]
    assert lines[2].split()[:5] == ["talk", "3", "3", "50.0", "100.0"]
    assert lines[-1].split()[:5] == ["mean", "3.0", "3.0", "50.0", "100.0"]


@pytest.mark.parametrize(("gold_text", "extra", "message"), [
    (GOLD["talk.youtube.txt"], ("--duration", "100"), "goes past the duration 100 s"),
    ('[{"start_time": "00:00:10", "end_time": "00:00:05"}]', (), "is before start_time"),
    ("not chapters at all", (), "cannot tell the chapter format"),
    (json.dumps({"duration": 10, "chapters": [{"label": "a", "time": 12}]}), (), "after the duration"),
])
def test_bad_inputs_fail_with_one_line(vidmark, tmp_path: Path, pred: Path, gold_text: str, extra: tuple[str, ...],
                                       message: str) -> None:
    gold = tmp_path / "gold.dat"
    gold.write_text(gold_text)
    result = vidmark("eval", str(pred), str(gold), *extra)
    assert result.returncode == 2
    assert result.stderr.startswith("vidmark: error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not result.stdout


def test_missing_path_is_an_error(vidmark, tmp_path: Path, pred: Path) -> None:
    result = vidmark("eval", str(pred), str(tmp_path / "absent.json"))
    assert result.returncode == 2 and "no such file or folder" in result.stderr


def test_duration_is_for_single_files(vidmark, tmp_path: Path) -> None:
    result = vidmark("eval", str(tmp_path), str(tmp_path), "--duration", "60")
    assert result.returncode == 2 and "--duration is for one video" in result.stderr
