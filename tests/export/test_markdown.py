"""Markdown timestamps become links into the video, and titles stay text when rendered."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from vidmark.export import get_format
from vidmark.export.markdown import timestamp_link
from vidmark.model import Chapter

from .conftest import annotation_of


@pytest.mark.parametrize(("url", "link"), [
    ("https://youtu.be/abc", "https://youtu.be/abc?t=83s"),
    ("https://www.youtube.com/watch?v=abc&t=5", "https://www.youtube.com/watch?v=abc&t=83s"),
    ("https://example.com/talk.mp4", "https://example.com/talk.mp4#t=83"),
    ("https://example.com/my talk (1).mp4#old", "https://example.com/my%20talk%20%281%29.mp4#t=83"),
])
def test_timestamp_links(url, link):
    assert timestamp_link(url, 83) == link


def test_rendered_markdown_has_links_and_no_markup_from_titles(tricky):
    text = get_format("markdown", {"link": "https://example.com/talk.mp4"}).write(tricky)
    html = MarkdownIt().render(text)
    assert '<a href="https://example.com/talk.mp4#t=12">00:00:12</a>' in html
    assert "<script>" not in html and "<strong>" not in html and "<em>" not in html
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; [link](x) *bold*" in html


def test_plain_timestamps_without_a_link(tricky):
    lines = get_format("markdown").write(tricky).splitlines()
    assert lines[4] == "- 00:00:00 开场 Intro"


@pytest.mark.parametrize("summary", ["- not a list", "1. not a list", "=== not a heading", "# not a heading",
                                     "> not a quote", "+ plus", "2) two"])
def test_summaries_never_open_a_block(summary):
    chapters = [Chapter(start_seconds=0, end_seconds=5, title="t", summary=summary)]
    tokens = MarkdownIt().parse(get_format("markdown").write(annotation_of(chapters)))
    kinds = {t.type for t in tokens}
    assert not kinds & {"ordered_list_open", "blockquote_open", "hr"}
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1"]  # the file's own title only
    assert [t.type for t in tokens].count("bullet_list_open") == 1
    inline = [t.content for t in tokens if t.type == "inline"][-1]
    assert MarkdownIt().renderInline(inline).endswith(summary.replace(">", "&gt;"))


def test_readable_punctuation_is_left_alone():
    chapters = [Chapter(start_seconds=0, end_seconds=5, title="Wrap-up; Q#A = \"done\" (really)!")]
    assert "- 00:00:00 Wrap-up; Q#A = \"done\" (really)!" in get_format("markdown").write(annotation_of(chapters))
