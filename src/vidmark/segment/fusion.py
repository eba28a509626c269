"""Boundary fusion: many weak, noisy hints about where a chapter starts become a few boundaries.

Each hint (a title change, a topic shift, a fade, a cut, a silence) carries a time window in
which the change happened and a strength; a subtopic (a new headline that goes on with the
same topic) counts against a boundary. Hints whose windows overlap form one candidate;
its score adds the best hint of each kind, so a fade that agrees with a title change counts,
but ten shot cuts in a row are still only one cut. Candidates that score above the threshold
become boundaries, placed on the most precise hint they hold (a fade or cut in the picture,
else a silence, else the text's own estimate), and then thinned to a minimum chapter length,
strongest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

#: how much each kind of hint counts towards a boundary (a candidate needs THRESHOLD)
#: "subtopic" (a new headline that continues the same topic) is evidence against a boundary
WEIGHTS: dict[str, float] = {
    "title": 0.75, "topic": 0.6, "fade": 0.5, "dissolve": 0.5, "sound": 0.5, "slide": 0.15, "cut": 0.1, "silence": 0.05,
    "subtopic": -0.3,
}
#: kinds that can open a candidate; the others only add to one and place it
PRIMARY = frozenset({"title", "topic", "fade", "dissolve", "sound"})
#: which hint places a boundary most precisely, best first
PLACEMENT = ("fade", "dissolve", "slide", "cut", "sound", "title", "silence", "topic")
#: a text hint places a boundary only when it knows the time this well (else a silence does)
PRECISE_SECONDS = 1.0
THRESHOLD = 0.5
#: a fade or dissolve this sure places the boundary of any candidate it is in
CLEAR_STRENGTH = 0.8


@dataclass(frozen=True)
class Hint:
    """Evidence that the content changed somewhere between lo_seconds and hi_seconds."""

    kind: str
    time_seconds: float
    strength: float = 1.0
    lo_seconds: float | None = None
    hi_seconds: float | None = None

    @property
    def lo(self) -> float:
        return self.time_seconds if self.lo_seconds is None else self.lo_seconds

    @property
    def hi(self) -> float:
        return self.time_seconds if self.hi_seconds is None else self.hi_seconds

    @property
    def weight(self) -> float:
        return WEIGHTS.get(self.kind, 0.0) * self.strength


@dataclass
class Candidate:
    lo: float
    hi: float
    hints: list[Hint] = field(default_factory=list)

    @property
    def score(self) -> float:
        best: dict[str, float] = {}
        for hint in self.hints:
            best[hint.kind] = max(best.get(hint.kind, 0.0), hint.weight, key=abs)
        return sum(best.values())

    def placement(self, slack_seconds: float = 1.5) -> float:
        """A clear fade or dissolve, else the most precise hint in the window of the strongest
        primary hint: a picture change or a silence, else the text's own time. In a headline's
        window the earliest picture change wins (the new headline shows from there on); in a
        topic's window the one nearest the topic's own time."""
        lead = max((h for h in self.hints if h.kind in PRIMARY), key=lambda h: h.weight)
        transitions = [h for h in self.hints if h.kind in ("fade", "dissolve") and h.strength >= CLEAR_STRENGTH]
        if transitions:
            return min(transitions, key=lambda h: abs(h.time_seconds - lead.time_seconds)).time_seconds
        near = [h for h in self.hints if lead.lo - slack_seconds <= h.time_seconds <= lead.hi + slack_seconds]
        for kind in PLACEMENT:
            of_kind = [h for h in near if h.kind == kind and (kind != "title" or h.hi - h.lo <= PRECISE_SECONDS)]
            if of_kind and lead.kind == "title":
                return min(h.time_seconds for h in of_kind)
            if of_kind:
                return min(of_kind, key=lambda h: abs(h.time_seconds - lead.time_seconds)).time_seconds
        return lead.time_seconds


def candidates(hints: Sequence[Hint], slack_seconds: float, max_width_seconds: float = 12.0) -> list[Candidate]:
    """Primary hints whose windows (widened by slack) overlap, with the secondary hints inside;
    a candidate stops growing at max_width_seconds so a chain of hints cannot swallow a video."""
    primary = sorted((h for h in hints if h.kind in PRIMARY), key=lambda h: h.lo)
    found: list[Candidate] = []
    for hint in primary:
        lo, hi = hint.lo - slack_seconds, hint.hi + slack_seconds
        if found and lo <= found[-1].hi and (hi - found[-1].lo <= max_width_seconds or hint.time_seconds <= found[-1].hi):
            found[-1].hi = max(found[-1].hi, hi)
            found[-1].hints.append(hint)
        else:
            found.append(Candidate(lo, hi, [hint]))
    for candidate in found:
        candidate.hints.extend(h for h in hints if h.kind not in PRIMARY and candidate.lo <= h.time_seconds <= candidate.hi)
    return found


def fuse(hints: Sequence[Hint], start: float, end: float, min_chapter_seconds: float,
         slack_seconds: float = 1.5) -> list[tuple[float, float]]:
    """Boundary (time, score) pairs, in time order, at least min_chapter_seconds apart and from the ends."""
    scored = [(c.placement(), c.score) for c in candidates(hints, slack_seconds) if c.score >= THRESHOLD]
    kept: list[tuple[float, float]] = []
    for time, score in sorted(scored, key=lambda p: -p[1]):
        if time - start < min_chapter_seconds or end - time < min_chapter_seconds:
            continue
        if all(abs(time - other) >= min_chapter_seconds for other, _ in kept):
            kept.append((time, score))
    return sorted(kept)
