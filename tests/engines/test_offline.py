"""The offline engine: options, chapters from given signals, and `vidmark annotate` end to end."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from vidmark.engines import DEFAULT_ENGINE, EngineRequest, Task, Window, create_engine
from vidmark.engines.offline import OfflineEngine, signal_options
from vidmark.errors import ConfigError
from vidmark.media import probe
from vidmark.model import Boundary, Signals, TimedText

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample" / "tutorial.mp4"
GOLD = ROOT / "sample" / "tutorial.gold.json"
VIDMARK = Path(sys.executable).parent / "vidmark"


def vidmark(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(VIDMARK), *args], capture_output=True, text=True, timeout=600)

TOPICS = [
    ("Kneading", ["Knead the dough on the table for ten minutes.", "The gluten makes the dough smooth and elastic.",
                  "Push the dough with the heel of your hand, fold it and knead again."]),
    ("Baking", ["Heat the oven to two hundred and twenty degrees.", "Steam in the oven gives the crust a shine.",
                "Bake the loaf until the crust is brown."]),
]


def _signals() -> Signals:
    texts, boundaries, t = [], [], 0.0
    for title, sentences in TOPICS:
        if t:
            boundaries.append(Boundary(time_seconds=t, kind="fade", strength=0.9))
        texts.append(TimedText(start_seconds=t, end_seconds=t + 20, text=title, source="ocr", box=(0.1, 0.05, 0.5, 0.1)))
        for sentence in sentences * 2:
            texts.append(TimedText(start_seconds=t, end_seconds=t + 3, text=sentence, source="speech"))
            t += 3.5
    return Signals(texts=texts, boundaries=boundaries, language="en")


def test_offline_is_the_default_engine():
    assert DEFAULT_ENGINE == "offline"
    assert isinstance(create_engine("offline"), OfflineEngine)


def test_options_are_checked_and_map_to_the_signal_stage():
    engine = create_engine("offline", {"signals": "shots, ocr", "min_chapter_seconds": 20})
    chosen = signal_options(engine.options, "zh")
    assert (chosen.shots, chosen.ocr, chosen.speech, chosen.subtitles, chosen.slides) == (True, True, False, False, False)
    assert chosen.languages == ["zh"]
    with pytest.raises(ConfigError, match="signals"):
        create_engine("offline", {"signals": "ocr,telepathy"})
    with pytest.raises(ConfigError, match="allowed: .*signals"):
        create_engine("offline", {"colour": "blue"})


def test_chapters_from_signals_in_the_request(clip):
    stages = []
    request = EngineRequest(path=str(clip), video=probe(clip).model_copy(update={"duration_seconds": 42.0}),
                            signals=_signals(), task=Task(), progress=lambda stage, f: stages.append((stage, f)))
    result = create_engine("offline").annotate(request)
    assert [(c.start_seconds, c.title) for c in result.chapters] == [(0.0, "Kneading"), (21.0, "Baking")]
    assert result.chapters[-1].end_seconds == 42.0
    assert "oven" in result.chapters[1].summary.lower() or "crust" in result.chapters[1].summary.lower()
    assert result.language == "en"
    assert stages == [("chapters", 0.0), ("chapters", 1.0)]


def test_a_window_is_chaptered_alone(clip):
    request = EngineRequest(path=str(clip), video=probe(clip).model_copy(update={"duration_seconds": 42.0}),
                            signals=_signals(), window=Window(start_seconds=10.0, end_seconds=42.0))
    chapters = create_engine("offline").annotate(request).chapters
    assert [c.start_seconds for c in chapters] == [10.0, 21.0]


def test_annotate_with_shots_only_on_a_generated_clip(clip, tmp_path):
    out = tmp_path / "chapters.json"
    result = vidmark("annotate", str(clip), "--signals", "shots", "-o", str(out))
    assert result.returncode == 0, result.stderr
    chapters = json.loads(out.read_text())
    assert chapters[0]["start_time"] == "00:00:00" and chapters[-1]["end_time"] == "00:00:04"


def test_annotate_rejects_an_unknown_signal(clip):
    result = vidmark("annotate", str(clip), "--signals", "shots,smell")
    assert result.returncode != 0
    assert result.stderr.startswith("vidmark: error: bad option for engine 'offline': signals")


@pytest.mark.slow
def test_annotate_the_bundled_sample_finds_the_gold_chapters(tmp_path):
    if not SAMPLE.is_file() or not GOLD.is_file():
        pytest.skip("sample/tutorial.mp4 and its gold file are not in this checkout")
    out = tmp_path / "sample.full.json"
    result = vidmark("annotate", str(SAMPLE), "--format", "json-full", "-o", str(out))
    assert result.returncode == 0, result.stderr
    found = json.loads(out.read_text())["chapters"]
    gold = json.loads(GOLD.read_text())["chapters"]
    starts = [c["start_seconds"] for c in found]
    for chapter in gold[1:]:
        nearest = min(starts, key=lambda s: abs(s - chapter["start_seconds"]))
        assert abs(nearest - chapter["start_seconds"]) <= 3.0, (chapter["title"], starts)
        assert next(c for c in found if c["start_seconds"] == nearest)["title"].lower() in chapter["title"].lower()
    assert len(found) <= 2 * len(gold)
    assert all(c["summary"] for c in found)


@pytest.mark.slow
def test_annotate_clip_03_finds_each_caption_change(shared_clips, tmp_path):
    """A still test card whose bottom-left section label changes three times: each change is a chapter."""
    folder = shared_clips / "03_fraunhofer_chid"
    if not (folder / "ChID-BLITS-EBU.mp4").is_file():
        pytest.skip("../shared/clips/03_fraunhofer_chid/ChID-BLITS-EBU.mp4 is absent")
    out = tmp_path / "03.full.json"
    result = vidmark("annotate", str(folder / "ChID-BLITS-EBU.mp4"), "--format", "json-full", "-o", str(out))
    assert result.returncode == 0, result.stderr
    starts = [c["start_seconds"] for c in json.loads(out.read_text())["chapters"]]
    truth = [s["start"] for s in json.loads((folder / "ground_truth_sections.json").read_text())["sections"]]
    assert len(starts) == len(truth), starts
    assert all(abs(found - true) <= 3.0 for found, true in zip(starts, truth)), starts


@pytest.mark.slow
def test_a_narrated_terminal_screencast_is_chaptered_by_its_steps(tmp_path):
    """Spoken steps (flite narration, pocketsphinx) over a console: a chapter per step, named by
    what the commands do, never by a command line or a prompt, and summed up by what is said."""
    from tests.engines.screencast import STEPS, screencast_video

    if not shutil.which("flite"):
        pytest.skip("flite is not installed (apt-get install flite)")
    video, starts = screencast_video(tmp_path)
    result = vidmark("annotate", str(video), "-o", str(tmp_path / "out.json"), "--format", "json-full")
    assert result.returncode == 0, result.stderr
    chapters = json.loads((tmp_path / "out.json").read_text())["chapters"]
    assert len(chapters) == len(STEPS)
    assert all(abs(c["start_seconds"] - s) <= 1.5 for c, s in zip(chapters, starts))
    assert [c["title"] for c in chapters] == ["Set up the project", "Create a branch", "Install dependencies"]
    assert all("$" not in c["summary"] and "without text or speech" not in c["summary"] for c in chapters)
