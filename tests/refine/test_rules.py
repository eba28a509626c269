import pytest

from vidmark.errors import InputError
from vidmark.model import Chapter
from vidmark.refine import youtube_compatible, youtube_problems


def c(start, end, title="t"):
    return Chapter(start_seconds=start, end_seconds=end, title=title)


def test_problems_listed():
    problems = youtube_problems([c(2, 5), c(5, 100)])
    assert any("0:00" in p for p in problems)
    assert any("at least 3" in p for p in problems)
    assert any("under 10 s" in p for p in problems)


def test_compatible_output_has_no_problems():
    result = youtube_compatible([c(0, 4, "Intro"), c(4, 200, "Body")], 200)
    assert youtube_problems(result) == []
    assert result[0].title == "Intro"


def test_too_short_video_is_a_clear_error():
    with pytest.raises(InputError, match="at least 30 s"):
        youtube_compatible([c(0, 20)], 20)
