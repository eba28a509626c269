"""Matroska XML and OGM chapters as mkvmerge (MKVToolNix) takes them."""

from __future__ import annotations

import shutil
import subprocess

import av
import pytest

from vidmark.export import get_format

from .conftest import TRICKY_TITLES, annotation_of, tricky_chapters

MKVMERGE = shutil.which("mkvmerge")
needs_mkvmerge = pytest.mark.skipif(MKVMERGE is None, reason="mkvmerge is not installed (Debian package mkvtoolnix)")


def _mkvmerge_chapters(clip, chapter_file, out) -> list[tuple[float, str]]:
    result = subprocess.run([MKVMERGE, "-q", "-o", str(out), "--chapters", str(chapter_file), str(clip)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    with av.open(str(out)) as container:
        return [(float(c["start"] * c["time_base"]), c["metadata"].get("title", "")) for c in container.chapters()]


@needs_mkvmerge
def test_mkvmerge_accepts_the_xml(clip, tmp_path):
    chapters = tricky_chapters(step=0.5)
    xml = tmp_path / "chapters.xml"
    xml.write_text(get_format("matroska-xml").write(annotation_of(chapters, language="zh")), encoding="utf-8")
    found = _mkvmerge_chapters(clip, xml, tmp_path / "out.mkv")
    assert [title for _, title in found] == TRICKY_TITLES
    assert [start for start, _ in found] == pytest.approx([c.start_seconds for c in chapters], abs=1e-3)


@needs_mkvmerge
def test_mkvmerge_accepts_ogm_chapters(clip, tmp_path):
    chapters = tricky_chapters(step=0.5)
    ogm = tmp_path / "chapters.ogm.txt"
    ogm.write_text(get_format("ogm").write(annotation_of(chapters)), encoding="utf-8")
    found = _mkvmerge_chapters(clip, ogm, tmp_path / "out.mkv")
    assert [title for _, title in found] == [" ".join(t.split()) for t in TRICKY_TITLES]
    assert [start for start, _ in found] == pytest.approx([c.start_seconds for c in chapters], abs=1e-3)
