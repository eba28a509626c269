"""Podlove Simple Chapters: the ``<psc:chapters>`` XML podcast feeds and players read.

Carries start times (normal play time, to the millisecond) and titles; no end times and
no summaries. Written and read with the standard library's ElementTree.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from vidmark.errors import FormatError, TimecodeError
from vidmark.export.base import ChapterFormat
from vidmark.export.common import close_starts, xml_safe
from vidmark.export.matroska_xml import parse_xml
from vidmark.model import Annotation, ChapterList
from vidmark.timecode import format_hms_ms, parse_timecode

NAMESPACE = "http://podlove.org/simple-chapters"
_PSC = f"{{{NAMESPACE}}}"


class PodloveChapters(ChapterFormat):
    name = "podlove"
    description = "Podlove Simple Chapters XML (podcast feeds and web players)"
    extensions = (".psc.xml", ".psc")

    def write(self, annotation: Annotation) -> str:
        ET.register_namespace("psc", NAMESPACE)
        root = ET.Element(f"{_PSC}chapters", version="1.2")
        for c in annotation.chapters:
            ET.SubElement(root, f"{_PSC}chapter", start=format_hms_ms(c.start_seconds), title=xml_safe(c.title))
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

    def read(self, text: str) -> ChapterList:
        root = parse_xml(text)
        if root.tag != f"{_PSC}chapters":
            raise FormatError(f"Podlove chapters must be <psc:chapters> in namespace {NAMESPACE}")
        rows = [_row(element, i) for i, element in enumerate(root.iter(f"{_PSC}chapter"))]
        return ChapterList(chapters=close_starts(rows))

    def sniff(self, text: str) -> bool:
        return NAMESPACE in text[:1000]


def _row(element: ET.Element, index: int) -> tuple[float, str, str]:
    try:
        return parse_timecode(element.get("start", "")), element.get("title", ""), ""
    except TimecodeError as exc:
        raise FormatError(f"chapter {index}: start: {exc}") from None
