"""Answer a question about a video. Offline the answer is extractive: the passages of the
transcript and on-screen text that best match the question, quoted with their times."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from vidmark.model import Moment
from vidmark.tasks.find import FindOptions, Passage, find


class AskAnswer(BaseModel):
    """An answer and the moments of the video it rests on (real times of the video)."""

    model_config = ConfigDict(extra="forbid")

    question: str
    answer: str
    moments: list[Moment] = Field(default_factory=list)
    extractive: bool = Field(description="True: quoted from the transcript/on-screen text, not written by a model")
    engine: str = "offline"


def extractive_answer(question: str, found: list[Passage], limit: int = 3) -> AskAnswer:
    """The passages that best match the question, best first, quoted as the answer."""
    moments = find(question, [p for p in found if p.source != "ocr"] or found,
                   FindOptions(limit=limit, min_score=0.2, merge_gap_seconds=0.0))
    answer = moments[0].text if moments else "Nothing said or shown in the video matches the question."
    return AskAnswer(question=question, answer=answer, moments=moments, extractive=True)
