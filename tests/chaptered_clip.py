"""A clip whose file carries chapters of its own, unlike its scenes: for the tests of
``existing_chapters`` (use, hint, ignore) in the library, the service and batch."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ffmpeg
from vidmark.export.embed import embed_chapters
from vidmark.model import Chapter

# (rounded start, title) of the embedded chapters, and the starts of the scenes engine's chapters (its cuts)
EMBEDDED = [(0, "Opening"), (15, "Bars"), (26, "Colours")]
SCENE_STARTS = [0, 12, 24]


def make_chaptered_clip(folder: Path) -> Path:
    """Three 12 s scenes (cuts at 12 and 24 s) carrying embedded chapters that start at 0, 15 and 26 s."""
    plain = folder / "plain.mp4"
    inputs = []
    for source in ("testsrc2", "smptebars", "rgbtestsrc"):
        inputs += ["-f", "lavfi", "-i", f"{source}=s=160x120:r=25:d=12"]
    ffmpeg(*inputs, "-filter_complex", "[0:v][1:v][2:v]concat=n=3:v=1:a=0[v]", "-map", "[v]", "-c:v", "libx264",
           "-pix_fmt", "yuv420p", str(plain))
    ends = [start for start, _ in EMBEDDED[1:]] + [36]
    chapters = [Chapter(start_seconds=start, end_seconds=end, title=title) for (start, title), end in zip(EMBEDDED, ends)]
    return embed_chapters(plain, chapters, folder / "chaptered.mp4")
