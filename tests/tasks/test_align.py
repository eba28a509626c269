"""Script alignment: on recognised words made up here, and on generated narration."""

from __future__ import annotations

from pathlib import Path

import pytest

from vidmark.errors import InputError
from vidmark.model import Word
from vidmark.tasks.align import Alignment, align_lines, median_start_error, read_script
from vidmark.tasks.run import align_script
from vidmark.export import render


def _words(*timed: tuple[str, float]) -> list[Word]:
    return [Word(text=t, start_seconds=s, end_seconds=s + 0.3) for t, s in timed]


def test_lines_take_the_times_of_their_words_and_unspoken_lines_get_none() -> None:
    heard = _words(("hello", 1.0), ("world", 1.4), ("this", 3.0), ("is", 3.3), ("a", 3.5), ("test", 3.7))
    aligned = align_lines(["Hello world.", "Never said at all here.", "This is a test."], heard)
    assert [a.start_seconds for a in aligned] == [1.0, None, 3.0]
    assert aligned[2].end_seconds == pytest.approx(4.0) and aligned[0].matched == 1.0
    assert not aligned[1].spoken


def test_unmatched_words_at_a_line_edge_widen_it_up_to_its_neighbours() -> None:
    heard = _words(("uh", 0.5), ("quick", 1.0), ("brown", 1.3), ("fox", 1.6), ("jumps", 3.0), ("over", 3.3))
    aligned = align_lines(["The quick brown fox", "jumps over"], heard)
    assert aligned[0].start_seconds == 0.5  # "the" was heard as "uh"
    assert aligned[1].start_seconds == 3.0


def test_a_misheard_line_between_aligned_ones_is_placed_when_it_sounds_alike() -> None:
    heard = _words(("a", 0.0), ("few", 0.2), ("simple", 0.4), ("tools", 0.8), ("carried", 3.5), ("tirelessly", 3.9),
                   ("spends", 4.6), ("molten", 5.2), ("at", 7.4), ("home", 7.6), ("stand", 8.0))
    aligned = align_lines(["A few simple tools.", "Carry tire levers and a small pump.", "At home a stand helps."], heard)
    assert aligned[1].start_seconds == 3.5 and aligned[2].start_seconds == 7.4


def test_median_start_error() -> None:
    aligned = align_lines(["one two", "three four"], _words(("one", 1.0), ("two", 1.2), ("three", 2.0), ("four", 2.2)))
    assert median_start_error(aligned, [1.2, 2.6]) == pytest.approx(0.4)  # errors 0.2 and 0.6


def test_read_script_keeps_non_empty_lines(tmp_path: Path) -> None:
    script = tmp_path / "s.txt"
    script.write_text("\ufeffFirst  line\n\n  second line \n", encoding="utf-8")
    assert read_script(script) == ["First line", "second line"]
    (tmp_path / "empty.txt").write_text("\n \n", encoding="utf-8")
    with pytest.raises(InputError, match="no text"):
        read_script(tmp_path / "empty.txt")
    with pytest.raises(InputError, match="cannot read script"):
        read_script(tmp_path / "missing.txt")


@pytest.mark.slow
def test_generated_narration_aligns_within_half_a_second(narrated) -> None:
    video, gold = narrated
    sentences = gold["run"]["parameters"]["speech"]
    lines = [s["text"] for s in sentences] + ["This sentence is in the script but nobody ever says it."]
    alignment = align_script(video, lines)
    assert isinstance(alignment, Alignment)
    assert [u.index for u in alignment.unspoken] == [len(sentences)]
    assert median_start_error(alignment.lines, [s["start_seconds"] for s in sentences]) < 0.5
    srt = render(alignment.annotation(), "srt")
    assert srt.count(" --> ") == len(sentences) and "nobody ever says" not in srt
    assert "WEBVTT" in render(alignment.annotation(), "webvtt")


def test_a_word_matched_minutes_away_does_not_stretch_or_drop_a_line() -> None:
    heard = _words(("every", 16.8), ("payment", 17.1), ("you", 17.5), ("make", 17.7), ("gets", 18.0),
                   ("later", 60.0), ("its", 136.6))
    aligned = align_lines(["Every payment you make gets its own row.", "This line is not in the recording."], heard)
    assert aligned[0].start_seconds == 16.8 and aligned[0].end_seconds < 20
    assert not aligned[1].spoken
