"""Every format this package writes and reads gives the chapters back, to its precision:
times to the millisecond (whole seconds in Markdown), titles exact or on one line where
the format is line-based, summaries where the format has a place for them."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vidmark.export import get_format, read_chapters
from vidmark.export.common import one_line
from vidmark.model import Chapter

from .conftest import annotation_of, tricky_chapters


@dataclass(frozen=True)
class Precision:
    quantum: float = 0.001  # seconds a time is kept to
    ends: bool = True  # the format stores end times (else each ends where the next starts)
    line_titles: bool = False  # titles are written on one line
    summaries: bool = False
    options: tuple = ()

    def time(self, seconds: float) -> float:
        if self.quantum == 1.0:
            return math.floor(seconds + 1e-6)
        return round(seconds / self.quantum) * self.quantum

    def text(self, text: str) -> str:
        return one_line(text) if self.line_titles else text


FORMATS = {
    "srt": Precision(line_titles=True),
    "ffmetadata": Precision(),
    "matroska-xml": Precision(),
    "ogm": Precision(ends=False, line_titles=True),
    "podlove": Precision(ends=False),
    "podcast-json": Precision(),
    "csv": Precision(summaries=True),
    "markdown": Precision(quantum=1.0, ends=False, line_titles=True, summaries=True),
    "otio": Precision(quantum=1e-9, summaries=True),
    "html": Precision(quantum=1e-12, summaries=True, options=(("thumbnails", False),)),
}


def expected(chapters: list[Chapter], precision: Precision, duration: float | None) -> list[tuple]:
    starts = [precision.time(c.start_seconds) for c in chapters]
    if precision.ends:
        ends = [precision.time(c.end_seconds) for c in chapters]
    else:
        ends = starts[1:] + [precision.time(duration) if duration is not None else starts[-1]]
    return [
        (s, e, precision.text(c.title), precision.text(c.summary) if precision.summaries else "")
        for s, e, c in zip(starts, ends, chapters)
    ]


def round_trip(name: str, chapters: list[Chapter], tmp_path, guess: bool = False) -> list[tuple]:
    precision = FORMATS[name]
    annotation = annotation_of(chapters)
    text = get_format(name, dict(precision.options)).write(annotation)
    path = tmp_path / f"chapters-{name}.data"
    path.write_text(text, encoding="utf-8")
    listing = read_chapters(path, None if guess else name)
    return [(c.start_seconds, c.end_seconds, c.title, c.summary) for c in listing.chapters]


def duration_kept(name: str) -> float | None:
    return 7 * 12.345 if name == "markdown" else None


@pytest.mark.parametrize("name", FORMATS)
def test_tricky_titles_round_trip(name, tmp_path):
    chapters = tricky_chapters()
    got = round_trip(name, chapters, tmp_path)
    want = expected(chapters, FORMATS[name], duration_kept(name))
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g[:2] == pytest.approx(w[:2], abs=1e-6)
        assert g[2:] == w[2:]


@pytest.mark.parametrize("name", FORMATS)
def test_format_is_recognised_from_its_content(name, tmp_path):
    """Read back without naming the format: sniffing finds it (the file name says nothing)."""
    chapters = tricky_chapters()
    assert [g[2] for g in round_trip(name, chapters, tmp_path, guess=True)] == [
        FORMATS[name].text(c.title) for c in chapters
    ]


_TEXT = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co")), st.sampled_from("=;#\\\n\"'<>&中🎬")),
    min_size=1, max_size=40,
).filter(lambda t: t.strip())


@st.composite
def chapter_lists(draw) -> list[Chapter]:
    gaps = draw(st.lists(st.integers(min_value=1000, max_value=4_000_000), min_size=1, max_size=8))
    titles = draw(st.lists(_TEXT, min_size=len(gaps), max_size=len(gaps)))
    summaries = draw(st.lists(_TEXT, min_size=len(gaps), max_size=len(gaps)))
    chapters, start = [], draw(st.integers(min_value=0, max_value=10_000)) / 1000
    for gap, title, summary in zip(gaps, titles, summaries):
        chapters.append(Chapter(start_seconds=start, end_seconds=start + gap / 1000, title=title, summary=summary))
        start += gap / 1000
    return chapters


@pytest.mark.parametrize("name", FORMATS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chapters=chapter_lists())
def test_any_titles_round_trip(name, chapters, tmp_path):
    got = round_trip(name, chapters, tmp_path)
    want = expected(chapters, FORMATS[name], chapters[-1].end_seconds if name == "markdown" else None)
    assert [g[2:] for g in got] == [w[2:] for w in want]
    assert [t for g in got for t in g[:2]] == pytest.approx([t for w in want for t in w[:2]], abs=1e-6)
