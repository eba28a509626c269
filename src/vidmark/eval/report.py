"""The evaluation table people read: one row per video, a mean row, the key metrics.

Every metric is in the JSON form (``EvalReport.model_dump_json``); the table shows the
ones that tell the story, as percentages, with the lower-is-better ones marked.
"""

from __future__ import annotations

from vidmark.eval.scoring import EvalReport

#: (metric key, column header)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("boundary_f1@3s", "F1@3s"),
    ("boundary_f1@5s", "F1@5s"),
    ("vc_precision@5s", "P@5s"),
    ("vc_recall@5s", "R@5s"),
    ("vc_precision@0.5", "P@.5"),
    ("vc_recall@0.5", "R@.5"),
    ("cl_f1", "CL-F1"),
    ("cl_tiou", "tIoU"),
    ("pk", "Pk↓"),
    ("window_diff", "WD↓"),
    ("title_rouge_l", "ROUGE-L"),
    ("title_word_overlap", "words"),
)


def format_table(report: EvalReport, label: str = "video") -> str:
    """A fixed-width table: video, gold and predicted chapter counts, then :data:`COLUMNS`."""
    width = max([len(label), 4, *(len(v.name) for v in report.videos)])
    header = f"{label:<{width}}  {'gold':>4} {'pred':>4} " + " ".join(f"{h:>7}" for _, h in COLUMNS)
    lines = [header, "-" * len(header)]
    for video in report.videos:
        lines.append(f"{video.name:<{width}}  {video.gold_chapters:>4} {video.pred_chapters:>4} "
                     + _cells(video.metrics))
    lines.append("-" * len(header))
    counts = [(v.gold_chapters, v.pred_chapters) for v in report.videos]
    mean_gold = sum(g for g, _ in counts) / max(len(counts), 1)
    mean_pred = sum(p for _, p in counts) / max(len(counts), 1)
    lines.append(f"{'mean':<{width}}  {mean_gold:>4.1f} {mean_pred:>4.1f} " + _cells(report.mean))
    if report.unmatched:
        lines.append(f"(no partner, not scored: {', '.join(report.unmatched)})")
    return "\n".join(lines) + "\n"


def _cells(metrics: dict[str, float | None]) -> str:
    return " ".join(f"{'-' if metrics.get(key) is None else f'{100 * metrics[key]:.1f}':>7}" for key, _ in COLUMNS)
