"""Scores grouped by split, kind of video, language and method, as markdown tables.

One mean over a benchmark hides that an engine can be perfect on slides and useless on
meetings; the kinds benchmark reports every figure per kind and per language instead.
Each :class:`Scored` row is one video chaptered by one method; :func:`grouped` averages
them, :func:`markdown_tables` writes the detailed table and a per-kind summary.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from vidmark.eval.metrics import f1_score

#: (metric key, column header); ``tiou_f1@0.5`` is derived here from VidChapters' P and R
COLUMNS: tuple[tuple[str, str], ...] = (
    ("boundary_f1@3s", "F1@3s"),
    ("boundary_f1@5s", "F1@5s"),
    ("tiou_f1@0.5", "tIoU-F1@.5"),
    ("cl_f1", "tIoU-F1 (CL)"),
    ("title_word_overlap", "title words"),
)


@dataclass
class Scored:
    split: str
    kind: str
    language: str
    method: str
    video: str
    metrics: dict[str, float | None]
    seconds: float
    duration_seconds: float


def with_tiou_f1(metrics: dict[str, float | None]) -> dict[str, float | None]:
    """``metrics`` plus the F1 of VidChapters' tIoU precision and recall at 0.5."""
    p, r = metrics.get("vc_precision@0.5"), metrics.get("vc_recall@0.5")
    return {**metrics, "tiou_f1@0.5": None if p is None or r is None else f1_score(p, r)}


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def grouped(rows: list[Scored], by: tuple[str, ...] = ("split", "kind", "language", "method")) -> list[dict]:
    """One dict per group: the group's fields, ``videos``, every column's mean, ``x_realtime``."""
    groups: dict[tuple, list[Scored]] = defaultdict(list)
    for row in rows:
        groups[tuple(getattr(row, f) for f in by)].append(row)
    out = []
    for key, members in groups.items():
        means = {k: _mean([m.metrics.get(k) for m in members]) for k, _ in COLUMNS}
        speed = sum(m.seconds for m in members) / max(sum(m.duration_seconds for m in members), 1e-9)
        out.append({**dict(zip(by, key)), "videos": len(members), **means, "x_realtime": speed})
    return out


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def detail_table(rows: list[Scored]) -> str:
    """Markdown: one line per split, kind, language and method."""
    head = ["split", "kind", "lang", "method", "videos", *(h for _, h in COLUMNS), "x real time"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for g in grouped(rows):
        cells = [g["split"], g["kind"], g["language"], g["method"], str(g["videos"]),
                 *(_cell(g[k]) for k, _ in COLUMNS), f"{g['x_realtime']:.3f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def summary_table(rows: list[Scored], key: str = "boundary_f1@3s") -> str:
    """Markdown: split and kind down, methods across, the mean of ``key`` (both languages);
    a split's "all" row is the mean over its kinds, so no kind weighs more for having more videos."""
    methods = list(dict.fromkeys(r.method for r in rows))
    cells = {(g["split"], g["kind"], g["method"]): g[key] for g in grouped(rows, ("split", "kind", "method"))}
    kinds = {split: list(dict.fromkeys(r.kind for r in rows if r.split == split)) for split in {r.split for r in rows}}
    overall = {(split, m): _mean([cells.get((split, k, m)) for k in ks]) for split, ks in kinds.items() for m in methods}
    lines = ["| split | kind | " + " | ".join(methods) + " |", "|---|---|" + "---|" * len(methods)]
    for split, kind in dict.fromkeys((r.split, r.kind) for r in rows):
        lines.append(f"| {split} | {kind} | " + " | ".join(_cell(cells.get((split, kind, m))) for m in methods) + " |")
    for split in dict.fromkeys(r.split for r in rows):
        lines.append(f"| {split} | **all** | " + " | ".join(_cell(overall.get((split, m))) for m in methods) + " |")
    return "\n".join(lines)


def markdown_tables(rows: list[Scored]) -> str:
    return (f"Boundary F1 at 3 s, per kind (mean over videos, both languages):\n\n{summary_table(rows)}\n\n"
            f"Title word overlap, per kind:\n\n{summary_table(rows, 'title_word_overlap')}\n\n"
            f"Every figure per kind and language:\n\n{detail_table(rows)}\n")
