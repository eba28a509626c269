"""The kind generators: their truth agrees with what the decoded files show and say.

Every check reads the written MP4 back (frames through PyAV, text through the engine's
own OCR model, sound through the audio reader), so a generator whose picture or sound
drifted from its plan fails here, not in the benchmark's figures.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from vidmark.errors import ConfigError
from vidmark.eval.titles import tokens, word_overlap
from vidmark.export import read_chapters
from vidmark.media import SamplingOptions, probe, read_audio, sample_frames
from vidmark.synth.kinds import KINDS, LANGUAGES, catalogue, write_one
from vidmark.synth.kinds import talk

_SAMPLES = [("meeting", "teams", "zh"), ("screencast", "terminal", "en"), ("explainer", "cooking", "zh"),
            ("talk", "podcast", "en"), ("slides", "deck", "en")]


class _Made(dict):
    """Sample videos, each generated the first time a test asks for it."""

    def __init__(self, out: Path) -> None:
        super().__init__()
        self.out, self.rows = out, {r[:3]: r for r in catalogue()}

    def __missing__(self, key: tuple[str, str, str]) -> tuple[Path, dict]:
        self[key] = (self.out, write_one(self.rows[key], self.out, 0))
        return self[key]

    def values(self):
        return [self[key] for key in _SAMPLES]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> _Made:
    missing = [p for p in ("flite", "espeak-ng") if shutil.which(p) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (scripts/debian-test-packages.txt lists them)")
    return _Made(tmp_path_factory.mktemp("kinds"))


def _contains(text: str, wanted: str) -> float:
    """The share of ``wanted``'s tokens found in ``text``."""
    have = set(tokens(text))
    want = tokens(wanted)
    return sum(t in have for t in want) / max(len(want), 1)


def _gold(out: Path, entry: dict) -> tuple:
    data = json.loads((out / entry["gold"]).read_text(encoding="utf-8"))
    return read_chapters(out / entry["gold"]), data["run"]["parameters"]


def _frames(path: Path, times: list[float], max_side: int = 1280) -> list[np.ndarray]:
    options = SamplingOptions(mode="exact", timestamps_seconds=times, max_side=max_side)
    return [f.image for f in sample_frames(path, options)]


def _ocr_text(image: np.ndarray) -> str:
    from vidmark.signals.ocr import TextReader

    return " ".join(t.text for t in TextReader().read(image, 0.0, 0.0))


def test_catalogue_has_two_or_more_styles_per_kind_in_both_languages() -> None:
    rows = catalogue()
    for kind in KINDS:
        styles = {r[1] for r in rows if r[0] == kind}
        assert len(styles) >= 2
        for style in styles:
            assert {r[2] for r in rows if r[:2] == (kind, style)} == set(LANGUAGES)
    assert catalogue(seed=0) == catalogue(seed=0)
    with pytest.raises(ConfigError, match="unknown kind cartoons"):
        catalogue(["cartoons"])


def test_layout_is_a_function_of_the_seed() -> None:
    if shutil.which("flite") is None:
        pytest.skip("flite not installed (scripts/debian-test-packages.txt lists it)")
    first, again, other = (talk.make("audio", "en", seed, "slt").layout for seed in (0, 0, 1))
    assert first.starts == again.starts and first.said == again.said
    assert first.starts != other.starts


@pytest.mark.slow
def test_chapters_cover_the_probed_video_and_start_on_frames(made) -> None:
    for out, entry in made.values():
        gold, parameters = _gold(out, entry)
        info = probe(out / entry["video"])
        chapters = gold.chapters
        assert chapters[0].start_seconds == 0.0
        assert chapters[-1].end_seconds == pytest.approx(info.duration_seconds, abs=0.05)
        assert all(a.end_seconds == b.start_seconds for a, b in zip(chapters, chapters[1:]))
        fps = parameters["render"]["fps"]
        assert all(abs(c.start_seconds * fps - round(c.start_seconds * fps)) < 1e-6 for c in chapters)
        spoken = {s["chapter"] for s in parameters["speech"]}
        assert spoken == set(range(len(chapters))), "every chapter says something"


@pytest.mark.slow
def test_speech_is_where_the_truth_says(made) -> None:
    out, entry = made[("talk", "podcast", "en")]
    gold, parameters = _gold(out, entry)
    samples = read_audio(out / entry["video"]).samples.astype(np.float32) / 32768.0

    def rms(a: float, b: float) -> float:
        return float(np.sqrt(np.mean(samples[int(a * 16000):int(b * 16000)] ** 2)))

    speech = parameters["speech"]
    assert min(rms(s["start_seconds"], s["end_seconds"]) for s in speech) > 0.02
    for chapter in gold.chapters[1:]:
        before = max(s["end_seconds"] for s in speech if s["start_seconds"] < chapter.start_seconds)
        assert chapter.start_seconds - before >= 1.4, "a topic shift comes after a longer pause"
        assert rms(before + 0.2, chapter.start_seconds - 0.1) < 0.005


@pytest.mark.slow
def test_meeting_agenda_highlight_shows_the_new_item_after_each_boundary(made) -> None:
    out, entry = made[("meeting", "teams", "zh")]
    gold, parameters = _gold(out, entry)
    lag = parameters["agenda_highlight_lag_seconds"]
    images = _frames(out / entry["video"], [c.start_seconds + lag + 0.5 for c in gold.chapters])
    for chapter, image in zip(gold.chapters, images):
        panel = image[:, int(image.shape[1] * 0.7):]
        highlighted = np.all(np.abs(panel.astype(int) - (123, 131, 235)) < 40, axis=2)
        rows = np.flatnonzero(highlighted.sum(axis=1) > panel.shape[1] // 2)
        assert rows.size, f"no highlighted agenda row after {chapter.start_seconds} s"
        band = panel[rows.min():rows.max() + 1]
        assert word_overlap(_ocr_text(band), chapter.title) >= 0.5, chapter.title


@pytest.mark.slow
def test_terminal_shows_each_steps_last_command_before_the_next_step(made) -> None:
    out, entry = made[("screencast", "terminal", "en")]
    gold, parameters = _gold(out, entry)
    images = _frames(out / entry["video"], [c.end_seconds - 0.3 for c in gold.chapters])
    from vidmark.synth.kinds.screencast import STYLES

    for (title, lines), chapter, image in zip(STYLES["terminal"]["en"], gold.chapters, images):
        assert title == chapter.title
        command = [cue[1] for _, cue in lines if cue][-1]
        assert _contains(_ocr_text(image), command) >= 0.6, command


@pytest.mark.slow
def test_explainer_acts_change_colour_and_music_plays_before_the_narration(made) -> None:
    out, entry = made[("explainer", "cooking", "zh")]
    gold, parameters = _gold(out, entry)
    path = out / entry["video"]
    boundaries = [c.start_seconds for c in gold.chapters[1:]]
    before = _frames(path, [t - 0.3 for t in boundaries], 320)
    after = _frames(path, [t + 0.3 for t in boundaries], 320)
    for a, b in zip(before, after):
        assert np.abs(a.mean(axis=(0, 1)) - b.mean(axis=(0, 1))).max() > 10, "a new act has a new palette"
    samples = read_audio(path).samples.astype(np.float32) / 32768.0
    for chapter, part in zip(gold.chapters, parameters["parts"]):
        lead = samples[int((chapter.start_seconds + 0.6) * 16000):int((chapter.start_seconds + part["lead_seconds"]) * 16000)]
        assert float(np.sqrt(np.mean(lead ** 2))) > 0.003, "music under the act's silent opening"


@pytest.mark.slow
def test_deck_opens_each_chapter_with_a_divider_naming_it(made) -> None:
    out, entry = made[("slides", "deck", "en")]
    gold, _ = _gold(out, entry)
    images = _frames(out / entry["video"], [c.start_seconds + 1.0 for c in gold.chapters])
    for chapter, image in zip(gold.chapters, images):
        assert _contains(_ocr_text(image), chapter.title) >= 0.6, chapter.title
