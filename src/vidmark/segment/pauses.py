"""Long pauses: a speaker who moves to a new topic pauses longer than between two sentences.

Pause length is one of the best-attested prosodic marks of a discourse boundary (Swerts,
"Prosodic features at discourse boundaries of different strength", JASA 101(1), 1997;
Passonneau and Litman, Computational Linguistics 23(1), 1997): a talk, a podcast or a
meeting that changes topic without saying so still leaves a longer silence there. What is
long depends on the speaker, so each pause is measured against this recording's usual
pause (the median silence, at most :data:`USUAL_CAP`, since a voice activity detector that
merges short gaps leaves only the long ones to take the median of).

Where in a long pause the new part begins, the voice does not say: a silent demo ends
with the narrator's next step, a documentary's new act opens on pictures and music seconds
before anyone speaks. With pictures, a picture change inside the pause places the boundary.
Without them (a podcast, a soundtrack), a pause long enough to hold a part's opening (twice
:data:`BLIND_LEAD_SECONDS`) has its boundary put that lead before the voice resumes, within a
few seconds of either; a shorter one keeps the voice's time.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from vidmark.model import Boundary
from vidmark.segment.fusion import Hint

#: the usual pause between two sentences is taken as at most this long
USUAL_CAP = 0.8
#: a pause is long from this many times the usual pause on, and never under PAUSE_FLOOR
PAUSE_FACTOR = 1.6
PAUSE_FLOOR = 1.1
#: with no pictures, the boundary of a pause twice this long lies this long before the voice resumes
BLIND_LEAD_SECONDS = 2.5


def pause_hints(boundaries: Sequence[Boundary], lead_seconds: float = 0.0) -> list[Hint]:
    """A ``pause`` hint where speech resumes after each long pause (lead_seconds before it
    where the pause lasts twice that), stronger the longer the pause is: one of exactly the
    long length is 0.5, one that much longer again is certain."""
    silences = [b for b in boundaries if b.kind == "silence" and b.duration_seconds]
    if not silences:
        return []
    usual = min(USUAL_CAP, statistics.median(b.duration_seconds for b in silences))
    long = max(PAUSE_FLOOR, PAUSE_FACTOR * usual)
    return [Hint("pause", opening(b, lead_seconds), min(1.0, 0.5 + (b.duration_seconds - long) / (2 * (long - usual))),
                 b.time_seconds - b.duration_seconds / 2, speech_resumes(b))
            for b in silences if b.duration_seconds >= long]


def opening(silence: Boundary, lead_seconds: float) -> float:
    """Where the part after a pause starts: lead_seconds before speech resumes where the pause
    lasts twice the lead or more, else when speech resumes."""
    lead = lead_seconds if silence.duration_seconds >= 2 * lead_seconds else 0.0
    return speech_resumes(silence) - lead


def speech_resumes(silence: Boundary) -> float:
    """When speech starts again after a silence (its boundary lies in the silence's middle)."""
    return silence.time_seconds + silence.duration_seconds / 2
