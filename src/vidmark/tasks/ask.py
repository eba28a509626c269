"""Answer a question about a video. Offline the answer is extractive: the passages of the
transcript and on-screen text that best match the question, quoted with their times."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from vidmark.model import Moment
from vidmark.tasks.find import FindOptions, Passage, find

_CONTEXT_CHARS = 300


class AskAnswer(BaseModel):
    """An answer and the moments of the video it rests on (real times of the video)."""

    model_config = ConfigDict(extra="forbid")

    question: str
    answer: str
    moments: list[Moment] = Field(default_factory=list)
    extractive: bool = Field(description="True: quoted from the transcript/on-screen text, not written by a model")
    engine: str = "offline"


def extractive_answer(question: str, found: list[Passage], limit: int = 3) -> AskAnswer:
    """The passages that best match the question, best first; the answer quotes the best one
    and what is said while it is on screen."""
    moments = find(question, found, FindOptions(limit=limit, min_score=0.2, merge_gap_seconds=0.0))
    if not moments:
        return AskAnswer(question=question, answer="Nothing said or shown in the video matches the question.",
                         extractive=True)
    best = moments[0]
    said = [p.text for p in found if p.source in ("speech", "subtitles") and p.text != best.text
            and p.start_seconds < best.end_seconds and best.start_seconds < p.end_seconds]
    context = " ".join(said)[:_CONTEXT_CHARS]
    return AskAnswer(question=question, answer=f"{best.text} — {context}" if context else best.text,
                     moments=moments, extractive=True)
