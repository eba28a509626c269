"""Topic shifts in what is said and shown: TextTiling over time instead of over sentences.

Hearst's TextTiling (Computational Linguistics 23(1), 1997) compares the words of the block
before each gap with the block after it and marks gaps where lexical cohesion dips deeply.
Here the units are time bins, so speech, subtitles and on-screen text land on one clock,
and a gap's depth (how far cohesion falls below the peaks on either side, as a share of
those peaks) is its strength.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from vidmark.model import TimedText
from vidmark.segment.headlines import text_key
from vidmark.segment.text import cosine, idf, terms, weighted

#: a dip's depth as a share of the cohesion on either side (1 = the two sides share nothing):
#: below MIN_DEPTH it is noise, from FULL_DEPTH on it is certain
MIN_DEPTH = 0.55
FULL_DEPTH = 0.85
#: the cohesion within a topic must reach this for its dips to mean anything (noise has none)
MIN_PEAK = 0.12
_MIN_TERMS = 4


@dataclass(frozen=True)
class TopicShift:
    """Where the vocabulary changes: a time, and the span it may lie in (a stretch without
    words around the dip, where the new topic starts with the first words after it)."""

    time_seconds: float
    depth: float
    strength: float
    lo_seconds: float
    hi_seconds: float


def timed_terms(text: TimedText) -> list[tuple[float, str]]:
    """Each term of a text at its own time: an on-screen line's terms where it appears, a
    word's time when the recogniser gave it, else spread evenly over the text's span (a long
    speech segment covers many bins)."""
    if text.source == "ocr":
        return [(text.start_seconds, term) for term in terms(text.text)]
    if text.words:
        return [((w.start_seconds + w.end_seconds) / 2, term) for w in text.words for term in terms(w.text)]
    found = terms(text.text)
    step = (text.end_seconds - text.start_seconds) / max(len(found), 1)
    return [(text.start_seconds + (i + 0.5) * step, term) for i, term in enumerate(found)]


def term_bins(texts: Sequence[TimedText], start: float, end: float, bin_seconds: float) -> list[Counter[str]]:
    """Terms per time bin: spoken terms when spoken, each on-screen line once, where it first appears."""
    count = max(1, int((end - start) / bin_seconds + 0.999))
    bins: list[Counter[str]] = [Counter() for _ in range(count)]
    seen_ocr: dict[str, float] = {}
    for text in sorted(texts, key=lambda t: t.start_seconds):
        if text.source == "ocr":
            key = text_key(text.text)
            last = seen_ocr.get(key)
            seen_ocr[key] = text.end_seconds
            if last is not None and text.start_seconds - last < 30.0:
                continue
        for at, term in timed_terms(text):
            if start <= at < end:
                bins[min(count - 1, int((at - start) / bin_seconds))][term] += 1
    return bins


def cohesion(bins: Sequence[Counter[str]], block: int) -> list[float | None]:
    """Cosine similarity of the block before each gap with the block after it (None: too few words)."""
    weights = idf(bins)
    scores: list[float | None] = [None]
    for gap in range(1, len(bins)):
        left, right = Counter(), Counter()
        for b in bins[max(0, gap - block):gap]:
            left.update(b)
        for b in bins[gap:gap + block]:
            right.update(b)
        enough = sum(left.values()) >= _MIN_TERMS and sum(right.values()) >= _MIN_TERMS
        scores.append(cosine(weighted(left, weights), weighted(right, weights)) if enough else None)
    return scores


def depths(scores: Sequence[float | None], margin: int = 0) -> list[tuple[int, float, float]]:
    """(gap, depth, peaks) at each valley of the scores, at least margin gaps from either end:
    climb to the highest score on each side, as TextTiling does; peaks is the sum of the two
    tops. Gaps without a score are skipped; a flat valley is reported at its middle."""
    known = [(i, s) for i, s in enumerate(scores) if s is not None]
    found: list[tuple[int, float, float]] = []
    j = 0
    while j < len(known):
        k = j
        while k + 1 < len(known) and known[k + 1][1] == known[j][1]:
            k += 1
        value = known[j][1]
        left = _climb([s for _, s in known[:j + 1]][::-1])
        right = _climb([s for _, s in known[k:]])
        lower = (j == 0 or known[j - 1][1] > value) and (k == len(known) - 1 or known[k + 1][1] > value)
        gap = (known[j][0] + known[k][0]) // 2
        if lower and (left > value or right > value) and margin <= gap <= len(scores) - margin:
            found.append((gap, (left - value) + (right - value), left + right))
        j = k + 1
    return found


def _climb(scores: Sequence[float]) -> float:
    """The top reached by walking up from the first score while the scores do not fall."""
    peak = scores[0]
    for score in scores[1:]:
        if score < peak:
            break
        peak = score
    return peak


def smooth(scores: Sequence[float | None]) -> list[float | None]:
    """A 3-gap moving average over the gaps that have a score."""
    out: list[float | None] = []
    for i, score in enumerate(scores):
        window = [s for s in scores[max(0, i - 1):i + 2] if s is not None]
        out.append(None if score is None else sum(window) / len(window))
    return out


def topic_shifts(texts: Sequence[TimedText], start: float, end: float,
                 bin_seconds: float, block_seconds: float) -> list[TopicShift]:
    """Gaps where the vocabulary changes, with depth and a 0..1 strength."""
    bins = term_bins(texts, start, end, bin_seconds)
    block = max(1, round(block_seconds / bin_seconds))
    scores = smooth(cohesion(bins, block))
    shifts = []
    for gap, depth, peaks in depths(scores, block):
        relative = depth / peaks if peaks / 2 >= MIN_PEAK else 0.0
        if relative >= MIN_DEPTH:
            strength = min(1.0, (relative - MIN_DEPTH) / (FULL_DEPTH - MIN_DEPTH))
            lo, hi = _wordless(bins, gap)
            at = hi if hi - lo > 2 else gap
            shifts.append(TopicShift(start + at * bin_seconds, relative, strength,
                                     start + min(lo, gap - 1) * bin_seconds, start + max(hi, gap + 1) * bin_seconds))
    return shifts


def _wordless(bins: Sequence[Counter[str]], gap: int, reach: int = 2) -> tuple[int, int]:
    """The stretch of empty bins at or next to a gap (within reach bins), as (first empty bin,
    first bin with words after); (gap, gap) when there is none."""
    near = [i for i in range(gap - reach, gap + reach) if 0 <= i < len(bins) and not bins[i]]
    if not near:
        return gap, gap
    lo = hi = min(near, key=lambda i: abs(i - gap))
    while lo > 0 and not bins[lo - 1]:
        lo -= 1
    while hi < len(bins) and not bins[hi]:
        hi += 1
    return lo, hi
