"""The one decoding pass that feeds every visual signal: shots, slide changes and OCR.

Frames are sampled once (keyframes plus a fill every ``every_seconds``, at a size OCR can
read). Each frame is reduced on the spot to shot features and an edge map; only frames
whose content changed since the last read one, and that stand still, go to OCR. Memory
stays flat: no frame is kept after its features are taken.

A line read for the first time dates from when its own part of the screen changed since the
read before (:class:`FirstChanges`), not from the last change of the whole picture: in a
terminal or an editor the screen grows a line at a time, too little for a new picture, and
the command typed a minute after the window opened is a step of its own.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import numpy as np

from vidmark.media import SamplingOptions, sample_frames
from vidmark.model import Boundary, Frame, Signals, TimedText, VideoInfo, VisualSample
from vidmark.signals.acts import detect_acts
from vidmark.signals.highlight import mark_highlighted, speaker_box, speaker_changes
from vidmark.signals.ocr import TextReader
from vidmark.signals.options import SignalOptions
from vidmark.signals.shots import (
    MERGE_SECONDS,
    ShotFeatures,
    change_time,
    detect_transitions,
    fading,
    histogram_distance,
    luma,
    merge_close,
    shot_features,
)
from vidmark.signals.slides import (
    STILL_THRESHOLD,
    ContentMap,
    EdgeChange,
    changed_pixels,
    content_map,
    detect_slide_changes,
    edge_change,
    has_content,
)

OCR_CHANGE = 0.05  # share of edges that must differ from the last read frame (codec noise: < 0.01)
TEXT_CHANGE = 0.3  # share of OCR'd characters that must differ between two reads to mark a slide change
#: share of edges that differ between two samples when something is typed or drawn (a typed
#: terminal line: 1-4%); text first read after such a change dates from it
TYPED_CHANGE = 0.005
#: changed pixels in a line's box that may be noise, not the line appearing
_STRAY_PIXELS = 3
#: boundaries after which the text read before is gone (an act change or a new speaker leaves it)
_PICTURE_CHANGES = frozenset({"cut", "fade", "dissolve", "slide"})


class FirstChanges:
    """When each pixel of the content map first changed since the last OCR read: a line new
    in a read is dated from when its own part of the screen changed (an editor's typed line
    and the test output below it, read together, each get their own time)."""

    def __init__(self) -> None:
        self.times: np.ndarray | None = None

    def note(self, changed: np.ndarray | None, time_seconds: float) -> None:
        """Record the pixels that changed at this time (None: the frame's size changed)."""
        if changed is None:
            self.times = None
            return
        if self.times is None:
            self.times = np.full(changed.shape, np.inf)
        self.times[changed & np.isinf(self.times)] = time_seconds

    def since(self, box: tuple[float, float, float, float] | None) -> float | None:
        """When the box (fractions of the frame) changed, by its earliest pixels beyond a few
        stray ones; None where it did not change."""
        if self.times is None or box is None:
            return None
        height, width = self.times.shape
        x, y, w, h = box
        region = self.times[int(y * height):int(np.ceil((y + h) * height)), int(x * width):int(np.ceil((x + w) * width))]
        finite = region[np.isfinite(region)]
        enough = max(_STRAY_PIXELS, region.size // 100)
        return float(np.partition(finite, enough - 1)[enough - 1]) if finite.size >= enough else None

    def clear(self) -> None:
        if self.times is not None:
            self.times.fill(np.inf)


class VisualPass:
    """Consumes sampled frames one by one; :meth:`result` turns what it saw into signals."""

    def __init__(self, options: SignalOptions, reader: TextReader | None) -> None:
        self.options = options
        self.reader = reader
        self.shots: list[ShotFeatures] = []
        self.changes: list[EdgeChange] = []
        self.edges: ContentMap | None = None
        self.content_since = 0.0
        self.read_edges: ContentMap | None = None
        self.read_at = -np.inf
        self.changed_since_read: float | None = None  # the first change seen after the last read
        self.first_changes = FirstChanges()
        self.reads: list[tuple[float, float, list[TimedText]]] = []  # (new text since, frame time, lines)
        self.speakers: list[tuple[float, float, float, float] | None] = []
        self.moved = False  # the highlighted list item moved since the last read

    def add(self, frame: Frame) -> None:
        grey = luma(frame.image)
        features = shot_features(frame, grey)
        edges = content_map(grey)
        same_size = self.edges is not None and self.edges.grey.shape == edges.grey.shape
        changed = changed_pixels(self.edges, edges) if same_size else None
        change = edge_change(self.edges, edges, changed) if self.edges is not None else EdgeChange(0.0, 0.0)
        moved = self._highlight_moved(frame)
        if self.shots and (change.total >= STILL_THRESHOLD or features.black != self.shots[-1].black
                           or (moved and not self.moved)):
            previous = self.shots[-1]
            self.content_since = change_time(previous.time_seconds, features.time_seconds, features.is_keyframe)
        if self.edges is not None:
            changed_at = change_time(self.shots[-1].time_seconds, features.time_seconds, features.is_keyframe)
            self.first_changes.note(changed, changed_at)
            if self.changed_since_read is None and change.total >= TYPED_CHANGE:
                self.changed_since_read = changed_at
        still = bool(self.shots) and change.total < STILL_THRESHOLD
        self.shots.append(features)
        self.speakers.append(speaker_box(frame.image) if self.options.shots else None)
        self.changes.append(change)
        self.edges = edges
        self.moved = moved
        if self.reader is not None and self._worth_reading(features, edges, still):
            self._read(frame, edges)

    def _highlight_moved(self, frame: Frame) -> bool:
        """Whether the highlighted item of the last read list is another one now (a band of
        colour moving down an agenda changes too few edges to be seen otherwise)."""
        last = self.reads[-1][2] if self.reads else []
        if not any(line.highlighted for line in last):
            return False
        now = mark_highlighted(frame.image, [line.model_copy(update={"highlighted": False}) for line in last])
        return [line.highlighted for line in now] != [line.highlighted for line in last]

    def _worth_reading(self, features: ShotFeatures, edges: ContentMap, still: bool) -> bool:
        options, time = self.options, features.time_seconds
        if features.black or not has_content(edges) or len(self.reads) >= options.ocr_max_frames:
            return False
        if time - self.read_at < options.ocr_min_gap_seconds:
            return False
        if self.moved:
            return True
        if self.read_edges is not None and edge_change(self.read_edges, edges).total < OCR_CHANGE:
            return False
        return still or time - self.read_at >= options.ocr_max_gap_seconds

    def _read(self, frame: Frame, edges: ContentMap) -> None:
        since = self._new_text_since()
        lines = [self._dated(line) for line in self.reader.read(frame.image, since, frame.timestamp_seconds)]
        self.reads.append((since, frame.timestamp_seconds, mark_highlighted(frame.image, lines)))
        self.read_edges, self.read_at, self.changed_since_read = edges, frame.timestamp_seconds, None
        self.first_changes.clear()

    def _dated(self, line: TimedText) -> TimedText:
        """The line from when its part of the screen changed, never before the picture did."""
        changed = self.first_changes.since(line.box)
        return line if changed is None else line.model_copy(update={"start_seconds": max(self.content_since, changed)})

    def _new_text_since(self) -> float:
        """Since when the text new in this read has been on screen: since the picture last
        changed as a whole, or, where the screen grew bit by bit after the last read (a
        terminal's typed commands, an editor's new lines), since it first changed after it."""
        grown = self.changed_since_read if self.changed_since_read is not None else self.read_at
        return max(self.content_since, grown)

    def result(self, duration_seconds: float) -> Signals:
        boundaries = self._boundaries()
        if self.options.slides:
            changes = text_changes(self.reads)
            boundaries = sorted([*boundaries, *(c for c in changes if not any(_explains(b, c) for b in boundaries))],
                                key=lambda b: b.time_seconds)
        texts = _timed_reads(self.reads, boundaries, duration_seconds)
        visual = [
            VisualSample(
                time_seconds=s.time_seconds, brightness=round(min(s.brightness, 1.0), 4),
                change=round(min(histogram_distance(p.histogram, s.histogram), 1.0), 4) if p else 0.0,
                content_change=round(c.total, 4),
            )
            for p, s, c in zip([None, *self.shots], self.shots, self.changes)
        ]
        return Signals(boundaries=boundaries, texts=texts, visual=visual)

    def _boundaries(self) -> list[Boundary]:
        """Shot transitions, plus slide changes where no transition explains the change."""
        found = detect_transitions(self.shots) if self.options.shots else []
        if self.options.slides:
            times = [s.time_seconds for s in self.shots]
            keyframes = [s.is_keyframe for s in self.shots]
            slides = detect_slide_changes(times, self.changes, keyframes, skip=fading(self.shots))
            found += [s for s in slides if not any(_explains(b, s) for b in found)]
        found = merge_close(sorted(found, key=lambda b: b.time_seconds))
        if self.options.shots:  # an act change is read beside the cut that opens it, not instead of it
            times = [s.time_seconds for s in self.shots]
            found += detect_acts(times, [s.histogram for s in self.shots]) + speaker_changes(times, self.speakers)
        return sorted(found, key=lambda b: (b.time_seconds, b.kind))


def text_changes(reads: list[tuple[float, float, list[TimedText]]]) -> list[Boundary]:
    """A ``slide`` boundary where the text on screen changed between two reads.

    This catches what the edge maps miss: a caption or title that changes while the rest
    of a busy picture stays. Lines count by their length, so a changed caption outweighs
    flickering labels (strength: the share of characters in lines that differ).
    """
    found = []
    for (_, _, before), (since, _, after) in zip(reads, reads[1:]):
        old, new = {t.text for t in before}, {t.text for t in after}
        total = sum(map(len, old | new))
        if total:
            changed = sum(map(len, old ^ new)) / total
            if changed >= TEXT_CHANGE:
                found.append(Boundary(time_seconds=since, kind="slide", strength=round(changed, 3)))
    return found


def _explains(transition: Boundary, slide: Boundary) -> bool:
    reach = max(MERGE_SECONDS, transition.duration_seconds)
    return abs(slide.time_seconds - transition.time_seconds) < reach


def _timed_reads(reads: list[tuple[float, float, list[TimedText]]], boundaries: list[Boundary],
                 duration_seconds: float) -> list[TimedText]:
    """OCR lines lasting until the next read or the next visual boundary; repeats extended."""
    texts: list[TimedText] = []
    previous: dict[tuple, TimedText] = {}
    for k, (_, frame_time, lines) in enumerate(reads):
        ends = [b.time_seconds for b in boundaries if b.time_seconds > frame_time and b.kind in _PICTURE_CHANGES][:1]
        ends += [reads[k + 1][0]] if k + 1 < len(reads) else []
        end = max(min([*ends, duration_seconds]), frame_time)
        current: dict[tuple, TimedText] = {}
        for line in lines:
            same = next((t for key, t in previous.items()
                         if key[0] == line.text and t.highlighted == line.highlighted and _near(t.box, line.box)), None)
            if same is not None:
                same.end_seconds = max(same.end_seconds, end)
            else:
                same = line.model_copy(update={"end_seconds": end})
                texts.append(same)
            current[(line.text, line.box)] = same
        previous = current
    return texts


def _near(a, b, tolerance: float = 0.03) -> bool:
    return a is not None and b is not None and all(abs(x - y) <= tolerance for x, y in zip(a, b))


def analyse_visual(path: str | os.PathLike[str], video: VideoInfo, options: SignalOptions,
                   progress: Callable[[float], None] | None = None) -> Signals:
    """Shots, slide changes and on-screen text from one pass over sampled frames."""
    sampling = SamplingOptions(mode="auto", every_seconds=options.every_seconds, max_side=options.max_side)
    visual = VisualPass(options, TextReader(options.max_side) if options.ocr else None)
    duration = max(video.duration_seconds, 1e-6)
    for frame in sample_frames(path, sampling):
        visual.add(frame)
        if progress:
            progress(min(frame.timestamp_seconds / duration, 1.0))
    return visual.result(video.duration_seconds)
