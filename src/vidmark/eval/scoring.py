"""Score predicted chapters against gold chapters, per video and on average.

:func:`score_video` checks that both chapter lists fit the video, turns them into
boundaries and segments (see :mod:`vidmark.eval.metrics` for the conventions) and computes
every metric; :func:`evaluate_pairs` does it for many videos and adds the mean.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from vidmark.errors import InputError
from vidmark.eval import metrics as m
from vidmark.eval.titles import rouge_l, word_overlap
from vidmark.eval.windows import pk, window_diff
from vidmark.model import ChapterList

COLLARS_SECONDS = (3.0, 5.0)
VIDCHAPTERS_DISTANCES_SECONDS = (1.0, 3.0, 5.0, 10.0)
VIDCHAPTERS_TIOUS = (0.3, 0.5, 0.7, 0.9)
#: a predicted title is compared with the gold title of the chapter it matches at this tIoU
TITLE_MIN_TIOU = 0.5
#: how far past the duration a chapter may end before the input is called inconsistent
#: (containers and chapter formats round times; more than this is a real mismatch)
_SLACK_SECONDS = 0.5


class VideoScores(BaseModel):
    """Every metric of one video; None where a metric does not apply (no titled match)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    duration_seconds: float
    gold_chapters: int
    pred_chapters: int
    metrics: dict[str, float | None]


class EvalReport(BaseModel):
    """Per-video scores, their mean, and the files that found no partner."""

    model_config = ConfigDict(extra="forbid")

    videos: list[VideoScores]
    mean: dict[str, float | None]
    unmatched: list[str] = Field(default_factory=list)


def score_video(pred: ChapterList, gold: ChapterList, duration: float | None = None, name: str = "video") -> VideoScores:
    """All metrics of one prediction against its gold chapters."""
    total = _duration(pred, gold, duration, name)
    _check_fits(pred, total, f"{name}: PRED")
    _check_fits(gold, total, f"{name}: GOLD")
    pred_starts = [c.start_seconds for c in pred.chapters]
    gold_starts = [c.start_seconds for c in gold.chapters]
    gold_b, pred_b = m.boundaries_from_starts(gold_starts), m.boundaries_from_starts(pred_starts)
    gold_s, pred_s = m.segments_from_starts(gold_starts, total), m.segments_from_starts(pred_starts, total)
    scores: dict[str, float | None] = {}
    for collar in COLLARS_SECONDS:
        prf = m.collar_prf(gold_b, pred_b, collar)
        scores |= {f"boundary_f1@{collar:g}s": prf.f1, f"boundary_precision@{collar:g}s": prf.precision,
                   f"boundary_recall@{collar:g}s": prf.recall}
    for seconds in VIDCHAPTERS_DISTANCES_SECONDS:
        prf = m.vidchapters_distance_pr(gold_s, pred_s, seconds)
        scores |= {f"vc_precision@{seconds:g}s": prf.precision, f"vc_recall@{seconds:g}s": prf.recall}
    for threshold in VIDCHAPTERS_TIOUS:
        prf = m.vidchapters_tiou_pr(gold_s, pred_s, threshold)
        scores |= {f"vc_precision@{threshold:g}": prf.precision, f"vc_recall@{threshold:g}": prf.recall}
    scores["cl_f1"] = m.chapter_llama_f1(gold_s, pred_s)
    scores["cl_tiou"] = m.chapter_llama_tiou(gold_s, pred_s)
    scores |= _title_scores(gold, pred, gold_s, pred_s)
    scores["pk"] = pk(gold_b, pred_b, total)
    scores["window_diff"] = window_diff(gold_b, pred_b, total)
    return VideoScores(name=name, duration_seconds=total, gold_chapters=len(gold_s), pred_chapters=len(pred_s),
                       metrics=scores)


def evaluate_pairs(pairs: Iterable[tuple[str, ChapterList, ChapterList]], duration: float | None = None,
                   unmatched: list[str] | None = None) -> EvalReport:
    """Score each (name, pred, gold) and average every metric over the videos it applies to."""
    videos = [score_video(pred, gold, duration, name) for name, pred, gold in pairs]
    return EvalReport(videos=videos, mean=mean_scores(videos), unmatched=unmatched or [])


def mean_scores(videos: list[VideoScores]) -> dict[str, float | None]:
    keys = list(videos[0].metrics) if videos else []
    result: dict[str, float | None] = {}
    for key in keys:
        values = [v.metrics[key] for v in videos if v.metrics.get(key) is not None]
        result[key] = sum(values) / len(values) if values else None
    return result


def _title_scores(gold: ChapterList, pred: ChapterList, gold_s: list[m.Segment],
                  pred_s: list[m.Segment]) -> dict[str, float | None]:
    """ROUGE-L and word overlap of titles, over chapters matched one-to-one at tIoU >= 0.5
    whose gold title is not empty; None when there is no such pair."""
    gold_titles, pred_titles = _titles_by_start(gold), _titles_by_start(pred)
    pairs = [(pred_titles.get(pred_s[j][0], ""), gold_titles.get(gold_s[i][0], ""))
             for i, j, value in m.greedy_iou_matches(gold_s, pred_s) if value >= TITLE_MIN_TIOU]
    pairs = [(p, g) for p, g in pairs if g.strip()]
    if not pairs:
        return {"title_rouge_l": None, "title_word_overlap": None}
    return {
        "title_rouge_l": sum(rouge_l(p, g) for p, g in pairs) / len(pairs),
        "title_word_overlap": sum(word_overlap(p, g) for p, g in pairs) / len(pairs),
    }


def _titles_by_start(chapters: ChapterList) -> dict[float, str]:
    titles: dict[float, str] = {}
    for chapter in sorted(chapters.chapters, key=lambda c: c.start_seconds):
        titles.setdefault(chapter.start_seconds, chapter.title)
    return titles


def _duration(pred: ChapterList, gold: ChapterList, duration: float | None, name: str) -> float:
    """The given duration, else the gold file's, else the prediction's, else the latest
    chapter end in either file when some chapter ends after the last start."""
    chapters = [*gold.chapters, *pred.chapters]
    latest_end = max((c.end_seconds for c in chapters), default=0.0)
    fallback = latest_end if latest_end > max((c.start_seconds for c in chapters), default=0.0) else None
    for value in (duration, gold.duration_seconds, pred.duration_seconds, fallback):
        if value is not None:
            if value <= 0:
                raise InputError(f"{name}: the duration must be positive, got {value:g} s")
            return value
    raise InputError(f"{name}: cannot tell the video's duration (neither file says); pass --duration")


def _check_fits(chapters: ChapterList, duration: float, label: str) -> None:
    for i, chapter in enumerate(chapters.chapters, 1):
        if chapter.end_seconds > duration + _SLACK_SECONDS or chapter.start_seconds >= duration:
            raise InputError(f"{label} chapter {i} ({chapter.start_seconds:g}-{chapter.end_seconds:g} s) "
                             f"goes past the duration {duration:g} s")
