"""Where a video's picture stands still, read from its compressed packets without decoding.

An encoder spends bits where the picture changes. A frame that codes "same as before"
(every block skipped) costs a few bytes whatever its size, while a slide change, a fade
or motion costs kilobytes. So the demux pass can mark every packet too big to code "no
change", and every keyframe (it may start a new shot), as a *change mark*; between two
marks the picture stands still. Sampling then decodes a picture only where a mark says it
may have changed, and gives the other sampled times a copy of the picture before them
(:mod:`vidmark.media.frames`).

A packet codes "no change" when it is at most 12 bytes (a slice header) plus half a bit
per 16x16 block, and at most 1.5 times the stream's small frames (its 10th percentile of
non-key sizes) plus 8 bytes. Measured with x264: a still P-frame is 14-23 bytes at
320x240 and 36-42 at 1280x720 (limits 29 and 62 there); a flat 160x128 box appearing on a
720p slide costs 97, one bullet line about 2,000, each frame of a cross-fade 1,500-5,000,
the smallest change of a 128x128 test clip (a 32x32 square flipping) 23 (limit 16).
Smaller changes than that (a flat box of a few blocks) can pass for stillness. Camera
noise makes every packet bigger than the limit, so a noisy video is never still and is
sampled as before; so is MPEG-2, whose slice-per-row syntax costs more than that even for
a frame that changes nothing.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass

import numpy as np

QUIET_HEADER_BYTES = 12
QUIET_BITS_PER_BLOCK = 0.5
#: and at most this much above the smallest frames of the stream (its 10th percentile)
FLOOR_PERCENTILE, FLOOR_FACTOR, FLOOR_SLACK_BYTES = 10, 1.5, 8
REACH_FRAMES = 8  # how far B-frame reordering can carry a change before its shown time


def quiet_bytes(width: int, height: int) -> int:
    """The largest packet that may code "no change" at this picture size."""
    blocks = math.ceil(width / 16) * math.ceil(height / 16)
    return QUIET_HEADER_BYTES + math.ceil(blocks * QUIET_BITS_PER_BLOCK / 8)


@dataclass(frozen=True)
class Stillness:
    """The change marks of one video stream, and the shown time of each of its frames."""

    frame_seconds: np.ndarray  # sorted
    change_seconds: np.ndarray  # sorted: keyframes and packets bigger than quiet_bytes
    quiet_bytes: int
    reach_seconds: float

    def still(self, after: float, until: float) -> bool:
        """Whether no change mark lies in (after, until + reach]: the picture shown at
        ``until`` is the one shown at ``after``."""
        index = int(np.searchsorted(self.change_seconds, after + 5e-4, side="right"))
        return index == len(self.change_seconds) or self.change_seconds[index] > until + self.reach_seconds

    def last_change(self, after: float, until: float) -> float | None:
        """The latest change mark in (after, until], if no mark follows it within the reach."""
        if not self.still(until, until):
            return None
        index = int(np.searchsorted(self.change_seconds, until + 5e-4, side="right")) - 1
        return float(self.change_seconds[index]) if index >= 0 and self.change_seconds[index] > after + 5e-4 else None

    def shown_at_or_after(self, seconds: float) -> float | None:
        """The shown time of the first frame at or after ``seconds``."""
        index = int(np.searchsorted(self.frame_seconds, seconds - 5e-4))
        return float(self.frame_seconds[index]) if index < len(self.frame_seconds) else None


class StillnessScan:
    """Collects packet sizes and shown times, one demuxed packet at a time."""

    def __init__(self, width: int, height: int) -> None:
        self.cap = quiet_bytes(width, height)
        self.frames = array("d")  # 8 bytes a packet: a 2-hour 30 fps video holds 3.5 MB here
        self.sizes = array("q")  # negative: a keyframe
        self.delay = 0.0

    def add(self, seconds: float, size: int, key: bool, delay_seconds: float) -> None:
        """Take one packet, shown at ``seconds``, decoded ``delay_seconds`` before that."""
        self.frames.append(seconds)
        self.sizes.append(-size if key else size)
        self.delay = max(self.delay, delay_seconds)

    def result(self, frame_seconds: float) -> Stillness:
        """What was scanned; ``frame_seconds`` is the commonest frame duration."""
        times, sizes = np.asarray(self.frames, dtype=np.float64), np.asarray(self.sizes, dtype=np.int64)
        still = sizes[sizes > 0]
        floor = float(np.percentile(still, FLOOR_PERCENTILE)) if len(still) else 0.0
        limit = min(self.cap, int(FLOOR_FACTOR * floor) + FLOOR_SLACK_BYTES)
        return Stillness(
            frame_seconds=np.unique(times),
            change_seconds=np.unique(times[(sizes < 0) | (sizes > limit)]),
            quiet_bytes=limit,
            reach_seconds=max(REACH_FRAMES * frame_seconds, self.delay + frame_seconds),
        )
