"""Find the moments where a query happens, offline: fuzzy search over what is said and shown.

Every timed text of the video (speech segments, subtitle cues, on-screen text) is a
passage. A passage scores by how much of the query's weight it holds: each query word
counts by its rarity in the video (inverse document frequency) times its best
likeness to a passage word (:func:`vidmark.tasks.text.similarity`, so plurals and
recogniser slips still count); a fifth of the score is for the whole query written out.
A hit next to a better one is left out, so the moments returned are apart. Chinese works through character bigrams.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field

from vidmark.model import Chapter, Moment, Signals, TimedText
from vidmark.signals.reliability import readable
from vidmark.tasks.text import content_tokens, similarity, tokens

_PHRASE_WEIGHT = 0.2


class FindOptions(BaseModel):
    """How many moments to return and how good they must be."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=5, ge=1, description="most moments returned")
    min_score: float = Field(default=0.3, ge=0, le=1, description="weakest match returned")
    merge_gap_seconds: float = Field(default=2.0, ge=0, description="a hit this close to a better one is left out")


class Passage(BaseModel):
    """One searchable piece of timed text."""

    model_config = ConfigDict(extra="forbid")

    start_seconds: float
    end_seconds: float
    text: str
    source: str
    words: list[str]


def passages(signals: Signals, chapters: list[Chapter] | None = None) -> list[Passage]:
    """The video's timed texts (and chapter titles and summaries, when given) as passages;
    speech the recogniser was unsure of is left out, so no snippet quotes its noise."""
    texts: list[TimedText] = [t for t in readable(signals.texts) if t.text.strip()]
    found = [Passage(start_seconds=t.start_seconds, end_seconds=t.end_seconds, text=" ".join(t.text.split()),
                     source=t.source, words=tokens(t.text)) for t in texts]
    found += [Passage(start_seconds=c.start_seconds, end_seconds=c.end_seconds, text=f"{c.title}. {c.summary}".strip(),
                      source="chapter", words=tokens(f"{c.title} {c.summary}")) for c in chapters or []]
    return sorted(found, key=lambda p: (p.start_seconds, p.source))


def find(query: str, found: list[Passage], options: FindOptions | None = None) -> list[Moment]:
    """The best-matching spans for ``query``, best first."""
    options = options or FindOptions()
    scored = score_passages(query, found)
    hits = [(p, s) for p, s in zip(found, scored) if s >= options.min_score]
    return _best_apart(hits, options.merge_gap_seconds)[: options.limit]


def score_passages(query: str, found: list[Passage]) -> list[float]:
    """Each passage's match with ``query``, 0..1."""
    wanted = list(dict.fromkeys(content_tokens(query)))
    if not wanted or not found:
        return [0.0] * len(found)
    weights = _idf(wanted, found)
    total = sum(weights.values())
    phrase = " ".join(tokens(query))
    vocabulary = {w for p in found for w in p.words}
    alike = {t: {w: x for w in vocabulary if (x := similarity(t, w)) > 0} for t in wanted}
    scores = []
    for p in found:
        held = sum(weights[t] * max((alike[t].get(w, 0.0) for w in p.words), default=0.0) for t in wanted) / total
        whole = 1.0 if phrase and phrase in " ".join(p.words) else 0.0
        scores.append(round((1 - _PHRASE_WEIGHT) * held + _PHRASE_WEIGHT * whole, 4))
    return scores


def _idf(wanted: list[str], found: list[Passage]) -> dict[str, float]:
    count = len(found)
    vocab = [set(p.words) for p in found]
    # a word the video never holds weighs as much as the rarest one it does, not more
    return {t: math.log((count + 1) / (max(sum(t in v for v in vocab), 1) + 0.5)) + 1.0 for t in wanted}


def _best_apart(hits: list[tuple[Passage, float]], gap: float) -> list[Moment]:
    """Hits best first, each dropped when it overlaps (or nearly touches) a better one kept."""
    kept: list[Moment] = []
    for passage, score in sorted(hits, key=lambda h: (-h[1], h[0].start_seconds)):
        if any(passage.start_seconds < m.end_seconds + gap and m.start_seconds < passage.end_seconds + gap for m in kept):
            continue
        kept.append(Moment(start_seconds=passage.start_seconds, end_seconds=passage.end_seconds, score=score,
                           text=passage.text, source=passage.source))
    return kept
