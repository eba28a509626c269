"""The task commands from the command line: find, ask, align, annotate --task, index and search."""

from __future__ import annotations

import json

import pytest

from tests.tasks.conftest import narrated, private_cache, task_cache  # noqa: F401 - fixtures
from vidmark.cli import main

pytestmark = pytest.mark.slow


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_find_and_ask(narrated, capsys) -> None:  # noqa: F811
    video, _ = narrated
    code, out, err = run(capsys, "find", str(video), "making commits", "-n", "2")
    assert code == 0, err
    assert out.splitlines()[0].startswith("00:00:05-") and "1.00  (ocr) Making commits" in out
    code, out, _ = run(capsys, "find", str(video), "making commits", "--json")
    assert json.loads(out)[0]["source"] == "ocr"
    code, out, err = run(capsys, "find", str(video), "zeppelin orchestra")
    assert code == 0 and out == "" and "no moment matches 'zeppelin orchestra'" in err
    code, out, err = run(capsys, "ask", str(video), "What is the staging area?")
    assert code == 0, err
    assert out.startswith("extractive answer (quoted from the video, no model): ") and "staging area" in out


def test_align_writes_subtitles_and_reports_unspoken_lines(narrated, tmp_path, capsys) -> None:  # noqa: F811
    video, gold = narrated
    script = tmp_path / "script.txt"
    script.write_text("\n".join([s["text"] for s in gold["run"]["parameters"]["speech"]] + ["Nobody reads this line aloud."]),
                      encoding="utf-8")
    code, _, err = run(capsys, "align", str(video), str(script), "-o", str(tmp_path / "out.vtt"))
    assert code == 0, err
    assert (tmp_path / "out.vtt").read_text(encoding="utf-8").startswith("WEBVTT")
    assert "line 6 never heard, left out: Nobody reads this line aloud." in err
    code, out, _ = run(capsys, "align", str(video), str(tmp_path / "missing.txt"))
    assert code != 0


def test_annotate_tasks_and_archive(narrated, tmp_path, capsys) -> None:  # noqa: F811
    video, _ = narrated
    code, out, err = run(capsys, "annotate", str(video), "--task", "events", "--format", "events-csv")
    assert code == 0, err
    assert out.startswith("start_seconds,end_seconds") and ",typed,Types “git add soup.txt”" in out
    code, out, err = run(capsys, "annotate", str(video), "--task", "minutes", "--format", "minutes")
    assert code == 0 and "## Topics" in out and "## Action items" in out
    db = str(tmp_path / "a.sqlite3")
    code, _, err = run(capsys, "index", str(video), "--db", db)
    assert code == 0 and "indexed" in err
    code, _, err = run(capsys, "index", str(video.parent), "--db", db)
    assert "unchanged" in err and "1 video(s)" in err
    code, out, _ = run(capsys, "search", "staging area", "--db", db)
    assert code == 0 and str(video.resolve()) in out.splitlines()[0]
    code, _, err = run(capsys, "search", "?!", "--db", db)
    assert code != 0 and "vidmark: error: search query '?!' has no words" in err
