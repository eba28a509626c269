"""Matroska XML chapters: the file ``mkvmerge --chapters`` and MKVToolNix GUI take.

Written and read with the standard library's ElementTree. Times are written to the
millisecond in the nanosecond form Matroska uses (``00:01:02.500000000``). Only the first
edition's top-level chapters are read; nested sub-chapters are left out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from vidmark.errors import FormatError, TimecodeError
from vidmark.export.base import ChapterFormat
from vidmark.export.common import xml_safe
from vidmark.model import Annotation, Chapter, ChapterList
from vidmark.timecode import format_hms_ms, parse_timecode

_DOCTYPE = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE Chapters SYSTEM "matroskachapters.dtd">\n'


class MatroskaXml(ChapterFormat):
    name = "matroska-xml"
    description = "Matroska XML chapters (mkvmerge --chapters, MKVToolNix)"
    extensions = (".chapters.xml", ".mkv.xml", ".xml")

    def write(self, annotation: Annotation) -> str:
        root = ET.Element("Chapters")
        edition = ET.SubElement(root, "EditionEntry")
        for chapter in annotation.chapters:
            _atom(edition, chapter, annotation.language)
        ET.indent(root)
        return _DOCTYPE + ET.tostring(root, encoding="unicode") + "\n"

    def read(self, text: str) -> ChapterList:
        root = parse_xml(text)
        if root.tag != "Chapters" or root.find("EditionEntry") is None:
            raise FormatError("Matroska chapters must be <Chapters> with an <EditionEntry>")
        atoms = root.find("EditionEntry").findall("ChapterAtom")
        return ChapterList(chapters=[_chapter(atom, i) for i, atom in enumerate(atoms)])

    def sniff(self, text: str) -> bool:
        return "<Chapters" in text[:500] and "podlove" not in text[:500]


def parse_xml(text: str) -> ET.Element:
    """The root element, or a FormatError naming where the XML breaks."""
    try:
        return ET.fromstring(text.encode("utf-8"))
    except (ET.ParseError, LookupError) as exc:  # LookupError: an unknown encoding in the declaration
        raise FormatError(f"not well-formed XML: {exc}") from None


def _atom(edition: ET.Element, chapter: Chapter, language: str | None) -> None:
    atom = ET.SubElement(edition, "ChapterAtom")
    ET.SubElement(atom, "ChapterTimeStart").text = _time(chapter.start_seconds)
    ET.SubElement(atom, "ChapterTimeEnd").text = _time(chapter.end_seconds)
    display = ET.SubElement(atom, "ChapterDisplay")
    ET.SubElement(display, "ChapterString").text = xml_safe(chapter.title)
    ET.SubElement(display, "ChapterLanguage").text = "und"
    if language:
        ET.SubElement(display, "ChapLanguageIETF").text = language


def _time(seconds: float) -> str:
    return format_hms_ms(seconds) + "000000"


def _chapter(atom: ET.Element, index: int) -> Chapter:
    start_text = atom.findtext("ChapterTimeStart")
    if start_text is None:
        raise FormatError(f"chapter {index}: no ChapterTimeStart")
    try:
        start = parse_timecode(start_text)
        end_text = atom.findtext("ChapterTimeEnd")
        end = parse_timecode(end_text) if end_text else start
    except TimecodeError as exc:
        raise FormatError(f"chapter {index}: {exc}") from None
    title = atom.findtext("ChapterDisplay/ChapterString") or ""
    return Chapter(start_seconds=start, end_seconds=max(start, end), title=title)
