"""The failure shapes reported against Qwen3-VL and VidChapters, caught by diagnose()."""

from vidmark.model import Chapter
from vidmark.refine import diagnose


def c(start, end, title):
    return Chapter(start_seconds=start, end_seconds=end, title=title)


def test_uniform_five_second_segments_with_one_caption():  # Qwen3-VL #1737
    answer = [c(i * 5, i * 5 + 5, "A man is speaking to the camera") for i in range(30)]
    problems = diagnose(answer, 900)
    assert any("equal 5-second" in p for p in problems)


def test_title_repeated_for_the_rest_of_the_video():  # VidChapters #13
    answer = [c(0, 60, "Intro"), c(60, 200, "Cooking pasta"), c(200, 300, "Cooking pasta"), c(300, 600, "Cooking pasta.")]
    assert any("repeats" in p for p in diagnose(answer, 600))


def test_timestamps_squeezed_into_the_start():
    answer = [c(0, 10, "a"), c(10, 20, "b"), c(20, 30, "c")]
    assert any("first 30 s" in p for p in diagnose(answer, 3600))


def test_times_past_the_end_and_single_chapter():
    assert any("after the video ends" in p for p in diagnose([c(0, 50, "a"), c(700, 800, "b")], 600))
    assert any("one chapter" in p for p in diagnose([c(0, 3600, "all")], 3600))


def test_a_sound_answer_has_no_problems():
    answer = [c(0, 95, "Intro"), c(95, 410, "Installing"), c(410, 800, "First project"), c(800, 1200, "Deploying")]
    assert diagnose(answer, 1200) == []
