"""The HTML report: well-formed, everything escaped, a real thumbnail per chapter."""

from __future__ import annotations

import base64
import io
from html.parser import HTMLParser

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
