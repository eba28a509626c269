"""The HTML report: well-formed, everything escaped, a real thumbnail per chapter."""

from __future__ import annotations

import base64
import io
from html.parser import HTMLParser

import numpy as np
import pytest
from PIL import Image

from vidmark.errors import InputError
from vidmark.export import get_format
from vidmark.media import probe
from vidmark.model import Annotation, Chapter, RunInfo

from .conftest import TRICKY_TITLES

_VOID = {"meta", "img", "br", "hr", "link", "input"}


class _Checker(HTMLParser):
    """Checks that every element closes in order, and collects tags, images and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs)["src"])
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _check(html: str) -> _Checker:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert checker.stack == [], f"unclosed: {checker.stack}"
    return checker


def test_well_formed_and_escaped_without_thumbnails(tricky):
    html = get_format("html", {"thumbnails": False}).write(tricky)
    checker = _check(html)
    assert "script" not in checker.tags
    assert "<script>" not in html
    text = "".join(checker.text)
    for title in TRICKY_TITLES:
        assert title in text


def test_a_thumbnail_per_chapter_from_the_video(clip):
    video = probe(clip)
    chapters = [Chapter(start_seconds=s, end_seconds=s + 1, title=f"<b>{s}</b>") for s in (0.0, 1.0, 2.5)]
    annotation = Annotation(video=video, chapters=chapters, run=RunInfo(engine="test"))
    checker = _check(get_format("html", {"thumbnail_side": 64}).write(annotation))
    assert "b" not in checker.tags
    assert len(checker.images) == 3
    pictures = []
    for src in checker.images:
        assert src.startswith("data:image/jpeg;base64,")
        image = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
        assert image.size == (64, 48)
        pictures.append(image.tobytes())
    assert len(set(pictures)) == 3  # testsrc2 changes over time: different frames


def test_thumbnails_need_the_video(tricky):
    with pytest.raises(InputError, match="thumbnails=false"):
        get_format("html").write(tricky)


COLOURS = ((255, 0, 0), (0, 255, 0), (0, 0, 255))


@pytest.fixture(scope="session")
def faded_clip(tmp_path_factory) -> tuple[object, list[Chapter]]:
    """Red, green, blue: a 1 s fade from 5 s and a slow 3 s fade from 10 s; chapters start where the fades do."""
    from tests.conftest import ffmpeg

    path = tmp_path_factory.mktemp("fades") / "fades.mp4"
    inputs = []
    for colour, seconds in zip(("0xff0000", "0x00ff00", "0x0000ff"), (6, 8, 6)):
        inputs += ["-f", "lavfi", "-i", f"color=c={colour}:s=160x120:r=25:d={seconds}"]
    graph = "[0][1]xfade=transition=fade:duration=1:offset=5[a];[a][2]xfade=transition=fade:duration=3:offset=10[v]"
    ffmpeg(*inputs, "-filter_complex", graph, "-map", "[v]", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path))
    chapters = [Chapter(start_seconds=0, end_seconds=5, title="red"), Chapter(start_seconds=5, end_seconds=10, title="green"),
                Chapter(start_seconds=10, end_seconds=16, title="blue")]
    return probe(path), chapters


def test_each_thumbnail_is_a_frame_from_inside_its_chapter_after_the_fade(faded_clip):
    video, chapters = faded_clip
    html = get_format("html", {"thumbnail_side": 64}).write(Annotation(video=video, chapters=chapters,
                                                                      run=RunInfo(engine="test")))
    checker = _check(html)
    assert len(checker.images) == 3
    for src, expected, chapter in zip(checker.images, COLOURS, chapters):
        image = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).convert("RGB")
        mean = np.asarray(image, dtype=float).reshape(-1, 3).mean(axis=0)
        assert all(abs(m - e) <= 30 for m, e in zip(mean, expected)), (chapter.title, mean)
    read_back = get_format("html").read(html)
    assert [c.start_seconds for c in read_back.chapters] == [0, 5, 10]


def test_the_boundary_frame_would_have_shown_the_previous_chapter(faded_clip):
    from vidmark.media import SamplingOptions, sample_frames

    video, chapters = faded_clip
    frames = list(sample_frames(video.path, SamplingOptions(mode="exact", timestamps_seconds=[5.0, 12.0], max_side=64)))
    assert frames[0].image[..., 0].mean() > 200  # at the green chapter's start the picture is still red
    assert 60 < frames[1].image[..., 2].mean() < 230  # two seconds into the slow fade it is still a mix
