"""Boundary fusion: many weak, noisy hints about where a chapter starts become a few boundaries.

Each hint (a title change, a topic shift, a fade, a cut, a silence) carries a time window in
which the change happened and a strength; a subtopic (a new headline that goes on with the
same topic) counts against a boundary. Hints whose windows overlap form one candidate;
its score adds the best hint of each kind, so a fade that agrees with a title change counts,
but ten shot cuts in a row are still only one cut. Candidates that score above the threshold
become boundaries, placed on the most precise hint they hold (a fade or cut in the picture,
else a silence, else the text's own estimate), and then thinned to a minimum chapter length,
strongest first.

The weights adapt to the video (:func:`adapt_weights`): where the text carries little
structure (no headlines, no topic shifts, no spoken cues), picture changes that are rare
enough to be telling (act changes of colour, sparse cuts) grow until they can make a
boundary on their own, so the pictures decide; where the text is rich, a shot alone never
does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

#: how much each kind of hint counts towards a boundary (a candidate needs THRESHOLD)
#: "subtopic" (a new headline that continues the same topic) is evidence against a boundary
WEIGHTS: dict[str, float] = {
    "title": 0.75, "topic": 0.6, "cue": 0.5, "command": 0.45, "file": 0.45, "fade": 0.5, "dissolve": 0.5, "sound": 0.5, "scene": 0.3, "slide": 0.15,
    "cut": 0.1, "speaker": 0.05, "silence": 0.05, "pause": 0.1, "subtopic": -0.3,
}
#: kinds that can open a candidate; the others only add to one and place it
PRIMARY = frozenset({"title", "topic", "cue", "command", "file", "fade", "dissolve", "scene", "sound"})
#: kinds that say what the video is about (they carry structure when they are strong)
TEXT_KINDS = frozenset({"title", "topic", "cue", "command", "file", "subtopic"})
#: a text hint this heavy (for or against a boundary) is structure
TEXT_EVIDENCE = 0.3
#: what a picture change weighs where the text carries no structure and it is rare
PICTURE_FULL_WEIGHTS: dict[str, float] = {"scene": 0.75, "cut": 0.6, "slide": 0.55}
#: ... and what a long pause in speech weighs there (it is not a picture, so acts do not gate it)
FULL_WEIGHTS: dict[str, float] = {**PICTURE_FULL_WEIGHTS, "pause": 0.75}
#: what a new family of commands weighs where the narration has its own step cues (a step
#: often runs several families of commands: status, add, commit)
SPOKEN_COMMAND_WEIGHT = 0.1
#: how much a fade or dissolve shrinks, where acts decide and the text is silent
ACT_GATE = 0.5
#: one chapter per this many seconds is what a structured text gives
TEXT_CHAPTER_SECONDS = 30.0
#: a picture kind firing more often than once per this many seconds is no longer rare
RARE_SECONDS = 20.0
#: which hint places a boundary most precisely, best first
PLACEMENT = ("fade", "dissolve", "slide", "cut", "scene", "sound", "title", "file", "pause", "silence", "cue", "command", "topic")
#: a text hint places a boundary only when it knows the time this well (else a silence does)
PRECISE_SECONDS = 1.0
THRESHOLD = 0.5
#: a fade or dissolve this sure places the boundary of any candidate it is in
CLEAR_STRENGTH = 0.8
#: an act change this sure places the boundary too (a caption often comes seconds after it)
CLEAR_ACT_STRENGTH = 0.5


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

    def weighed(self, weights: dict[str, float]) -> float:
        return weights.get(self.kind, 0.0) * self.strength


@dataclass
class Candidate:
    lo: float
    hi: float
    hints: list[Hint] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=lambda: WEIGHTS)

    @property
    def score(self) -> float:
        best: dict[str, float] = {}
        for hint in self.hints:
            best[hint.kind] = max(best.get(hint.kind, 0.0), hint.weighed(self.weights), key=abs)
        return sum(best.values())

    def placement(self, slack_seconds: float = 1.5) -> float:
        """A clear fade or dissolve, else (without a spoken cue) a clear act change, else the
        most precise hint in the window of the strongest primary hint (a spoken cue first): a
        picture change or a silence, else the text's own time. In a headline's
        window the earliest picture change wins (the new headline shows from there on); in a
        topic's window the one nearest the topic's own time."""
        lead = max((h for h in self.hints if h.kind in self.primary()), key=self._precedence)
        transitions = [h for h in self.hints if h.kind in ("fade", "dissolve") and h.strength >= CLEAR_STRENGTH]
        cues = [h for h in self.hints if h.kind == "cue"]
        if not transitions and cues:  # what is said is timed to the word: it leads
            lead = max(cues, key=lambda h: h.strength)
        elif not transitions:
            transitions = [h for h in self.hints if h.kind == "scene" and h.strength >= CLEAR_ACT_STRENGTH]
        if transitions:
            return min(transitions, key=lambda h: abs(h.time_seconds - lead.time_seconds)).time_seconds
        lo, hi = (lead.time_seconds, lead.time_seconds) if lead.kind == "pause" else (lead.lo, lead.hi)
        near = [h for h in self.hints if lo - slack_seconds <= h.time_seconds <= hi + slack_seconds]
        for kind in PLACEMENT:
            of_kind = [h for h in near if h.kind == kind and (kind != "title" or h.hi - h.lo <= PRECISE_SECONDS)]
            if of_kind and lead.kind == "title":
                return min(h.time_seconds for h in of_kind)
            if of_kind:
                return min(of_kind, key=lambda h: abs(h.time_seconds - lead.time_seconds)).time_seconds
        return lead.time_seconds

    def primary(self) -> frozenset[str]:
        return primary_kinds(self.weights)

    def _precedence(self, hint: Hint) -> tuple[float, float]:
        """The heavier hint leads; between two as heavy, the longer pause (a narrator silent
        through a whole demo marks more than one drawing breath) or else the sharper hint."""
        return hint.weighed(self.weights), hint.hi - hint.lo if hint.kind == "pause" else hint.lo - hint.hi


def primary_kinds(weights: dict[str, float]) -> frozenset[str]:
    """The primary kinds, and any picture kind or long pause that has grown enough to stand alone."""
    return PRIMARY | {kind for kind in FULL_WEIGHTS if weights.get(kind, 0.0) >= THRESHOLD}


def adapt_weights(hints: Sequence[Hint], start: float, end: float,
                  structured: Sequence[tuple[float, float]] = ()) -> dict[str, float]:
    """The weights for this video: each picture kind moves from its base weight towards its
    full weight by how little of the video the text structures (the time within half a
    chapter of a strong text hint, or under a headline: the ``structured`` spans) times how
    rare the kind is here (a cut every few seconds tells nothing). Where the narrator says
    where steps begin (strong spoken cues), typed command families only support. Where the video has visual
    acts, the acts decide: the cuts, fades and dissolves inside them are how the film moves
    on, so they do not grow and fades and dissolves shrink as much as the text is silent.
    Long pauses grow the same way by how little of the video headlines structure (one
    headline alone structures nothing), half as much where the video has acts."""
    length = max(end - start, 1e-6)
    reach = TEXT_CHAPTER_SECONDS / 2
    spans = [*structured, *((h.time_seconds - reach, h.time_seconds + reach) for h in hints
                            if h.kind in TEXT_KINDS and abs(h.weight) >= TEXT_EVIDENCE)]
    text_weak = _clamp(1.0 - covered(spans, start, end) / length)
    # one headline alone divides nothing (a name shown over a talk): pauses are left to decide there
    unheaded = _clamp(1.0 - covered(structured, start, end) / length) if len(structured) > 1 else 1.0
    weights = dict(WEIGHTS)
    if sum(1 for h in hints if h.kind == "cue" and h.strength >= 1.0) >= 2:
        weights["command"] = SPOKEN_COMMAND_WEIGHT  # the narrator says where steps begin
    acts = any(h.kind == "scene" for h in hints)
    for kind in ("fade", "dissolve") if acts else ():
        weights[kind] = WEIGHTS[kind] * (1.0 - ACT_GATE * text_weak)
    for kind, full in FULL_WEIGHTS.items():
        if acts and kind in PICTURE_FULL_WEIGHTS and kind != "scene":
            continue
        count = sum(1 for h in hints if h.kind == kind)
        rare = _clamp(2.0 - count / max(1.0, length / RARE_SECONDS))
        weak = text_weak if kind in PICTURE_FULL_WEIGHTS else unheaded * (ACT_GATE if acts else 1.0)
        weights[kind] = WEIGHTS[kind] + weak * rare * (full - WEIGHTS[kind])
    return weights


def covered(spans: Sequence[tuple[float, float]], start: float, end: float) -> float:
    """Seconds of [start, end] inside at least one of the spans."""
    total, reached = 0.0, start
    for lo, hi in sorted(spans):
        lo, hi = max(lo, reached), min(hi, end)
        if hi > lo:
            total, reached = total + hi - lo, hi
    return total


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def candidates(hints: Sequence[Hint], slack_seconds: float, max_width_seconds: float = 12.0,
               weights: dict[str, float] | None = None) -> list[Candidate]:
    """Primary hints whose windows (widened by slack) overlap, with the secondary hints inside;
    a candidate stops growing at max_width_seconds so a chain of hints cannot swallow a video."""
    weights = weights or WEIGHTS
    kinds = primary_kinds(weights)
    primary = sorted((h for h in hints if h.kind in kinds), key=lambda h: h.lo)
    found: list[Candidate] = []
    for hint in primary:
        lo, hi = hint.lo - slack_seconds, hint.hi + slack_seconds
        if found and lo <= found[-1].hi and (hi - found[-1].lo <= max_width_seconds or hint.time_seconds <= found[-1].hi):
            found[-1].hi = max(found[-1].hi, hi)
            found[-1].hints.append(hint)
        else:
            found.append(Candidate(lo, hi, [hint], weights))
    for candidate in found:
        candidate.hints.extend(h for h in hints if h.kind not in kinds and candidate.lo <= h.time_seconds <= candidate.hi)
    return found


def fuse(hints: Sequence[Hint], start: float, end: float, min_chapter_seconds: float,
         slack_seconds: float = 1.5, structured: Sequence[tuple[float, float]] = ()) -> list[tuple[float, float]]:
    """Boundary (time, score) pairs, in time order, at least min_chapter_seconds apart and from the ends;
    ``structured``: spans where a headline names what is on screen (see :func:`adapt_weights`)."""
    weights = adapt_weights(hints, start, end, structured)
    scored = [(c.placement(), c.score) for c in candidates(hints, slack_seconds, weights=weights) if c.score >= THRESHOLD]
    kept: list[tuple[float, float]] = []
    for time, score in sorted(scored, key=lambda p: -p[1]):
        if time - start < min_chapter_seconds or end - time < min_chapter_seconds:
            continue
        if all(abs(time - other) >= min_chapter_seconds for other, _ in kept):
            kept.append((time, score))
    return sorted(kept)
