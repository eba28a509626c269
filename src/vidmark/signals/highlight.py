"""Highlights on screen: the current item of a list, the tile of the person speaking.

A meeting recording says where it is with highlights: the agenda panel puts the current item
on a band of its own colour, and the call's layout draws a coloured border round the tile of
whoever speaks. Both are read from pixels. An item is highlighted when, among the OCR lines
of one list (three or more lines that share a left edge), its background alone differs from
the others'. The active speaker's tile is the one saturated outline in the frame that is
thin (a border, not a filled shape) and large enough to frame a face.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vidmark.model import Boundary, TimedText

#: RGB distance between a line's background and its list's usual one that marks a highlight
BAND_DISTANCE = 40.0
_LIST_LINES = 4
_ALIGN = 0.03  # left edges within this share of the width belong to one list
_HEIGHT_SPREAD = 0.4  # a list's lines are of like height (within this share of the median)
_LIST_GAP = 3.0  # a list's next line starts within this many line heights of the one before
#: an outline: a saturated component filling little of its box, its box a share of the frame
_SATURATION, _OUTLINE_FILL, _MIN_BOX, _MAX_BOX = 90, 0.35, 0.01, 0.5
#: the speaker's border moved by this share of the frame: another person speaks
SPEAKER_MOVE = 0.1


def background(image: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """The median colour of a line's box (text strokes are few of its pixels)."""
    height, width = image.shape[:2]
    x, y, w, h = box
    region = image[int(y * height):max(int((y + h) * height), int(y * height) + 1),
                   int(x * width):max(int((x + w) * width), int(x * width) + 1)]
    return np.median(region.reshape(-1, 3), axis=0) if region.size else np.zeros(3)


def lists_of(lines: Sequence[TimedText]) -> list[list[int]]:
    """Indices of lines that form a list: four or more sharing a left edge, of like height,
    stacked without a wide gap (a list, not a column of unrelated labels)."""
    columns: list[list[int]] = []
    for i in sorted((i for i, t in enumerate(lines) if t.box), key=lambda i: lines[i].box[0]):
        if columns and abs(lines[i].box[0] - lines[columns[-1][0]].box[0]) <= _ALIGN:
            columns[-1].append(i)
        else:
            columns.append([i])
    found = []
    for column in columns:
        height = float(np.median([lines[i].box[3] for i in column]))
        alike = sorted((i for i in column if abs(lines[i].box[3] - height) <= _HEIGHT_SPREAD * height),
                       key=lambda i: lines[i].box[1])
        run: list[int] = []
        for i in alike:
            if run and lines[i].box[1] - lines[run[-1]].box[1] > _LIST_GAP * height:
                found.append(run)
                run = []
            run.append(i)
        found.append(run)
    return [run for run in found if len(run) >= _LIST_LINES]


def mark_highlighted(image: np.ndarray, lines: list[TimedText]) -> list[TimedText]:
    """The lines, with the one list item that stands on its own background band marked."""
    marked = list(lines)
    for group in lists_of(lines):
        colours = np.array([background(image, lines[i].box) for i in group], dtype=float)
        usual = np.median(colours, axis=0)
        distance = np.linalg.norm(colours - usual, axis=1)
        ranked = np.argsort(-distance)
        if distance[ranked[0]] >= BAND_DISTANCE and distance[ranked[1]] < BAND_DISTANCE / 2:
            k = group[int(ranked[0])]
            marked[k] = lines[k].model_copy(update={"highlighted": True})
    return marked


def speaker_box(image: np.ndarray) -> tuple[float, float, float, float] | None:
    """(x, y, w, h) as fractions of the frame of the one thin saturated outline, if there is one."""
    import cv2

    step = max(1, image.shape[1] // 320)
    small = np.ascontiguousarray(image[::step, ::step])
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    mask = ((hsv[:, :, 1] >= _SATURATION) & (hsv[:, :, 2] >= 100)).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    height, width = mask.shape
    outlines = []
    for x, y, w, h, area in stats[1:count]:
        share = w * h / (width * height)
        if _MIN_BOX <= share <= _MAX_BOX and area / (w * h) <= _OUTLINE_FILL and min(w, h) >= 8:
            outlines.append((x / width, y / height, w / width, h / height))
    return outlines[0] if len(outlines) == 1 else None


def speaker_changes(times: Sequence[float], boxes: Sequence[tuple[float, float, float, float] | None]) -> list[Boundary]:
    """A ``speaker`` boundary wherever the highlighted tile moves to another place."""
    found, last = [], None
    for i, box in enumerate(boxes):
        if box is None:
            continue
        centre = (box[0] + box[2] / 2, box[1] + box[3] / 2)
        if last is not None and np.hypot(centre[0] - last[0], centre[1] - last[1]) >= SPEAKER_MOVE:
            found.append(Boundary(time_seconds=round((times[i - 1] + times[i]) / 2, 3), kind="speaker", strength=1.0))
        last = centre
    return found
