"""CSV: text a spreadsheet would run as a formula is kept inert, and reads back exactly."""

from __future__ import annotations

import csv
import io

from vidmark.export import get_format
from vidmark.model import Chapter

from .conftest import annotation_of


def test_formula_like_text_is_guarded():
    titles = ["=HYPERLINK(\"x\")", "+1", "-1", "@cmd", "'quoted", "plain"]
    chapters = [Chapter(start_seconds=i, end_seconds=i + 1, title=t) for i, t in enumerate(titles)]
    fmt = get_format("csv")
    text = fmt.write(annotation_of(chapters))
    cells = [row["title"] for row in csv.DictReader(io.StringIO(text))]
    assert cells == ["'=HYPERLINK(\"x\")", "'+1", "'-1", "'@cmd", "''quoted", "plain"]
    assert [c.title for c in fmt.read(text).chapters] == titles
