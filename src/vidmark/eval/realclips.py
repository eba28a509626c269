"""The real split of the benchmark: clips in ``../shared/clips`` whose ground truth is chapters.

Two clips qualify (see ``../shared/README.md``): 03, a presentation with four captioned
sections (``ground_truth_sections.json``), and 04, a trailer with six edited segments
(``ground_truth_segments.json``) whose source shot cuts are not chapter changes. This
module turns their ground-truth files into gold :class:`ChapterList` s. Titles are the
text shown on screen: 03's caption, 04's overlay text. 04's segments 5 and 6 overlap
during a cross-fade; the boundary is put at the middle of the overlap, as 03's boundaries
sit at the middle of the caption's fade.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from vidmark.errors import FormatError
from vidmark.model import Chapter, ChapterList


class RealClip(BaseModel):
    """A real video and its gold chapters."""

    model_config = ConfigDict(extra="forbid")

    name: str
    video: Path
    gold: ChapterList
    language: str | None = None


def real_clips(clips_dir: Path) -> list[RealClip]:
    """The clips with chapter ground truth found under ``clips_dir`` (none if it is absent)."""
    found = []
    sections = clips_dir / "03_fraunhofer_chid" / "ground_truth_sections.json"
    if sections.is_file():
        found.append(RealClip(name="03_fraunhofer_chid", video=sections.parent / "ChID-BLITS-EBU.mp4",
                              gold=sections_to_chapters(_load(sections)), language="en"))
    segments = clips_dir / "04_moviepy_bbb_trailer" / "ground_truth_segments.json"
    if segments.is_file():
        found.append(RealClip(name="04_moviepy_bbb_trailer", video=segments.parent / "trailer_bbb.mp4",
                              gold=segments_to_chapters(_load(segments)), language="en"))
    return found


def sections_to_chapters(data: dict) -> ChapterList:
    """03's ``sections``: start, end and title of each, in order."""
    rows = data["sections"]
    chapters = [Chapter(start_seconds=r["start"], end_seconds=r["end"], title=r["title"]) for r in rows]
    return ChapterList(chapters=chapters, duration_seconds=rows[-1]["end"])


def segments_to_chapters(data: dict) -> ChapterList:
    """04's ``segments``: each a chapter titled by its overlay text; overlaps split in the middle."""
    rows = data["segments"]
    starts = [rows[0]["start"]]
    for before, after in zip(rows, rows[1:]):
        starts.append((after["start"] + before["end"]) / 2 if after["start"] < before["end"] else after["start"])
    ends = [*starts[1:], rows[-1]["end"]]
    chapters = [Chapter(start_seconds=s, end_seconds=e, title=" ".join(r.get("overlay_text", r["name"]).split()))
                for r, s, e in zip(rows, starts, ends)]
    return ChapterList(chapters=chapters, duration_seconds=rows[-1]["end"])


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise FormatError(f"cannot read ground truth {path}: {exc}") from None
