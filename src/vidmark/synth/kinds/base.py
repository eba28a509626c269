"""What every kind generator shares: lines placed in time, a cached picture, one writer.

A kind module (screencast, meeting, explainer, talk, slides) describes a video as *parts*
(the true chapters), each a list of spoken *lines* with a cue saying what the picture does
while the line is said. :func:`place` speaks every line (flite or espeak-ng, through
:mod:`vidmark.synth.speech`), lays the lines out on the frame grid and returns a
:class:`Layout`, from which the kind draws its pictures and :func:`write_video` writes the
MP4 and its json-full ground truth. Chapter starts are where a part's first line, or its
lead-in (music, a demo), begins: the truth is the plan, never inferred afterwards.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from PIL import ImageFont

from vidmark.export import write_annotation
from vidmark.media import probe
from vidmark.model import Annotation, Chapter, RunInfo
from vidmark.synth.slides import load_font
from vidmark.synth.spec import RenderOptions
from vidmark.synth.speech import SAMPLE_RATE, speak
from vidmark.synth.video import encode_frames

ENGINE = "ground-truth"
#: a fixed creation time, so the same seed writes byte-identical truth files
_MADE = datetime(2026, 1, 1, tzinfo=timezone.utc)
_CJK = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class Line:
    """One sentence said; ``cue`` tells the picture what happens meanwhile (kind-specific)."""

    text: str
    voice: str | None = None
    pause: float = 0.5
    cue: tuple = ()
    hold: float = 0.0  # the next line starts no sooner than this long after this one starts


@dataclass
class Part:
    """A true chapter: its title, its lines, silence before (``lead``) and after (``tail``)."""

    title: str
    lines: list[Line]
    lead: float = 0.0
    tail: float = 0.8
    info: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Said:
    text: str
    voice: str
    start: float
    end: float
    part: int
    index: int
    cue: tuple


@dataclass
class Layout:
    parts: list[Part]
    starts: list[float]
    said: list[Said]
    duration: float
    speech: np.ndarray

    def part_at(self, t: float) -> int:
        return max(bisect.bisect_right(self.starts, t + 1e-9) - 1, 0)

    def last_said(self, t: float) -> Said | None:
        """The line being said at ``t``, else the last one before it in the same part."""
        part = self.part_at(t)
        started = [s for s in self.said if s.part == part and s.start <= t + 1e-9]
        return started[-1] if started else None

    def part_span(self, part: int) -> tuple[float, float]:
        return self.starts[part], self.starts[part + 1] if part + 1 < len(self.starts) else self.duration


def on_grid(t: float, fps: int) -> float:
    """The first frame time at or after ``t``."""
    return math.ceil(t * fps - 1e-6) / fps


@functools.lru_cache(maxsize=1024)
def _spoken(text: str, language: str, voice: str) -> np.ndarray:
    return speak(text, language, voice)


def place(parts: list[Part], language: str, voice: str, fps: int, end_pad: float = 0.6) -> Layout:
    """Speak every line and put it in time; a part starts on the frame grid."""
    t, starts, said, clips = 0.0, [], [], []
    for p, part in enumerate(parts):
        t = on_grid(t, fps)
        starts.append(t)
        t += part.lead
        for k, line in enumerate(part.lines):
            clip = _spoken(line.text, language, line.voice or voice)
            said.append(Said(line.text, line.voice or voice, t, t + len(clip) / SAMPLE_RATE, p, k, line.cue))
            clips.append(clip)
            t = max(t + len(clip) / SAMPLE_RATE + (line.pause if k + 1 < len(part.lines) else 0.0), t + line.hold)
        t += part.tail
    duration = on_grid(t + end_pad, fps)
    track = np.zeros(int(round(duration * SAMPLE_RATE)), dtype=np.float32)
    for s, clip in zip(said, clips):
        add_at(track, clip, s.start)
    return Layout(parts, starts, said, duration, track)


def add_at(track: np.ndarray, clip: np.ndarray, seconds: float, gain: float = 1.0) -> None:
    """Mix ``clip`` into ``track`` from ``seconds`` on (cut at the track's end)."""
    at = int(round(seconds * SAMPLE_RATE))
    room = max(len(track) - at, 0)
    track[at : at + min(len(clip), room)] += gain * clip[:room]


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def face(kind: str, size: int, text: str = "") -> ImageFont.FreeTypeFont:
    """A font of ``kind`` (see slides.load_font) at ``size``, the CJK one when ``text`` needs it."""
    return load_font("cjk" if has_cjk(text) else kind, max(8, int(size)))


class Cached:
    """A picture function from a state function and a drawing function, with a small cache,
    so a still state costs one drawing and no re-encoding."""

    def __init__(self, state: Callable[[float], Hashable], draw: Callable[[Hashable], np.ndarray], size: int = 48):
        self.state, self.draw, self.size = state, draw, size
        self._cache: dict[Hashable, np.ndarray] = {}

    def __call__(self, t: float) -> np.ndarray:
        key = self.state(t)
        if key not in self._cache:
            if len(self._cache) >= self.size:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = self.draw(key)
        return self._cache[key]


@dataclass
class Video:
    """One generated video before encoding: what it is, how it looks and sounds, its truth."""

    name: str
    kind: str
    style: str
    language: str
    render: RenderOptions
    layout: Layout
    picture: Callable[[float], np.ndarray]
    audio: np.ndarray
    notes: str = ""
    extra: dict = field(default_factory=dict)


def write_video(video: Video, out_dir: Path) -> dict:
    """Encode ``video`` to ``out_dir/NAME.mp4``, write ``NAME.gold.json``; the manifest row."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{video.name}.mp4"
    peak = float(np.max(np.abs(video.audio))) if video.audio.size else 0.0
    audio = (video.audio / peak * 0.9).astype(np.float32) if peak > 0.9 else video.audio.astype(np.float32)
    encode_frames(video.picture, video.layout.duration, audio, path, video.render)
    info = probe(path).model_copy(update={"path": path.name})
    gold = out_dir / f"{video.name}.gold.json"
    write_annotation(truth(video, info), gold, "json-full")
    return {"name": video.name, "video": path.name, "gold": gold.name, "duration_seconds": info.duration_seconds,
            "language": video.language, "kind": video.kind, "style": video.style, "split": "kinds",
            "notes": video.notes}


def truth(video: Video, info) -> Annotation:
    lay = video.layout
    end = max(info.duration_seconds, lay.duration)
    chapters = [Chapter(start_seconds=lay.starts[p], end_seconds=lay.part_span(p)[1] if p + 1 < len(lay.parts) else end,
                        title=part.title, summary=" ".join(s.text for s in lay.said if s.part == p)[:300])
                for p, part in enumerate(lay.parts)]
    parameters = {"name": video.name, "kind": video.kind, "style": video.style,
                  "render": video.render.model_dump(mode="json"),
                  "speech": [{"start_seconds": round(s.start, 3), "end_seconds": round(s.end, 3), "text": s.text,
                              "voice": s.voice, "chapter": s.part} for s in lay.said],
                  "parts": [{"title": p.title, "lead_seconds": p.lead, **p.info} for p in lay.parts], **video.extra}
    run = RunInfo(engine=ENGINE, model="vidmark.synth.kinds", parameters=parameters, created_at=_MADE,
                  notes=[video.notes] if video.notes else [])
    return Annotation(video=info, chapters=chapters, run=run, language=video.language)
