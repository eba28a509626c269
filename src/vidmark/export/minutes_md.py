"""Minutes as Markdown: topics with their times and summaries, then decisions and action items.

Written from the ``minutes`` of an annotation made with ``--task minutes``; an annotation
without minutes is written from its chapters alone (topics, no decisions or actions).
"""

from __future__ import annotations

from vidmark.export.base import ChapterFormat
from vidmark.export.common import one_line
from vidmark.export.markdown import escape
from vidmark.model import Annotation, Minutes, MinutesItem
from vidmark.timecode import format_hms


class MinutesMarkdown(ChapterFormat):
    name = "minutes"
    description = "meeting minutes in Markdown: topics, decisions, action items (from --task minutes)"
    extensions = (".minutes.md",)
    readable = False

    def write(self, annotation: Annotation) -> str:
        minutes = annotation.minutes or Minutes(topics=annotation.chapters)
        title = one_line(annotation.video.tags.get("title", "")) or annotation.video.path.rsplit("/", 1)[-1]
        lines = [f"# Minutes: {escape(title)}", "", "## Topics", ""]
        for topic in minutes.topics:
            lines.append(f"- {format_hms(topic.start_seconds)}–{format_hms(topic.end_seconds)} "
                         f"**{escape(one_line(topic.title)) or 'Untitled'}**")
            if topic.summary:
                lines.append(f"  {escape(one_line(topic.summary))}")
        lines += ["", "## Decisions", "", *_items(minutes.decisions), "", "## Action items", "", *_items(minutes.action_items)]
        return "\n".join(lines) + "\n"


def _items(items: list[MinutesItem]) -> list[str]:
    if not items:
        return ["- (none found)"]
    return [f"- {format_hms(i.time_seconds)} {f'**{escape(i.owner)}**: ' if i.owner else ''}{escape(one_line(i.text))}"
            for i in items]
