"""A human-readable summary: one block per chapter, for reading in a terminal."""

from __future__ import annotations

from vidmark.export.base import ChapterFormat
from vidmark.model import Annotation, VideoInfo
from vidmark.timecode import format_hms


class TextSummary(ChapterFormat):
    name = "text"
    description = "human-readable summary of the video and its chapters"
    extensions = (".txt",)
    readable = False

    def write(self, annotation: Annotation) -> str:
        video, run = annotation.video, annotation.run
        lines = [
            f"{video.path}",
            f"  duration {format_hms(video.duration_seconds)}, {_pictures(video)}, {len(annotation.chapters)} chapters",
            f"  engine {run.engine}" + (f", model {run.model}" if run.model else "")
            + (f", {run.elapsed_seconds:.1f} s" if run.elapsed_seconds is not None else ""),
            "",
        ]
        for i, c in enumerate(annotation.chapters, 1):
            lines.append(f"{i:>2}. {format_hms(c.start_seconds)} - {format_hms(c.end_seconds)}  {c.title}")
            if c.summary:
                lines.append(f"    {c.summary}")
        return "\n".join(lines) + "\n"


def _pictures(video: VideoInfo) -> str:
    if video.video is None:
        return "audio only"
    return f"{video.video.width}x{video.video.height} {video.video.codec}"
