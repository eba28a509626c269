#!/usr/bin/env python3
"""Chaptering quality: an engine beside two baselines, on a synthetic and a real split.

    .venv/bin/python bench/quality.py --engine offline --engine scenes --config full

The synthetic split is what ``bench/make_dataset.py`` generates (made here first when
missing, in bench/.data/synthetic-CONFIG); the real split is ../shared/clips 03 and 04
(skipped with a message when absent). Each video is chaptered by each engine, by the
uniform baseline (N equal chapters, N the true count) and by PySceneDetect's
AdaptiveDetector cuts, and all three are scored by ``vidmark eval``'s metrics in the same
run: a table per split and method, then a summary with ratios to the uniform baseline.
``-O KEY=VALUE`` options go to every engine named. The run uses a fresh, empty vidmark
cache (annotations, OCR, speech), so the time per video is the engine's own.
The engine's chapters are kept in bench/.data/quality/ENGINE/SPLIT/ (``--keep``) for
`vidmark eval`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from vidmark.cache import ENV_VAR
from vidmark.cli.options import parse_key_values
from vidmark.engines import DEFAULT_ENGINE, engine_names, get_engine_class
from vidmark.errors import VidmarkError
from vidmark.eval import EvalReport, evaluate_pairs
from vidmark.eval.baselines import scene_cut_chapters, uniform_chapters
from vidmark.eval.realclips import real_clips
from vidmark.eval.report import COLUMNS, format_table
from vidmark.export import read_chapters, write_annotation
from vidmark.export.files import atomic_write
from vidmark.model import ChapterList
from vidmark.pipeline import AnnotateOptions, annotate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / ".data"
BASELINES = ("uniform", "scenedetect")


@dataclass
class Video:
    name: str
    path: Path
    gold: ChapterList
    language: str | None


@dataclass
class Result:
    report: EvalReport
    seconds_per_video: float


def synthetic_videos(folder: Path, config: str, jobs: int) -> list[Video]:
    """The generated split, generated first when ``folder`` has no manifest."""
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        from vidmark.synth.dataset import write_dataset

        print(f"generating the {config} synthetic split in {folder} ...", file=sys.stderr)
        write_dataset(folder, config, 0, jobs)
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    return [Video(e["name"], folder / e["video"], read_chapters(folder / e["gold"]), e.get("language"))
            for e in entries]


def real_videos(clips: Path) -> list[Video]:
    if not clips.is_dir():
        print(f"real split skipped: {clips} is absent (the clips live beside the checkout)", file=sys.stderr)
        return []
    return [Video(c.name, c.video, c.gold, c.language) for c in real_clips(clips)]


def run_engine(videos: list[Video], options: AnnotateOptions, keep: Path) -> Result:
    pairs, began = [], time.perf_counter()
    for video in videos:
        annotation = annotate(video.path, options.model_copy(update={"language": video.language}))
        print(f"{options.engine}: {video.name} in {annotation.run.elapsed_seconds:.1f} s", file=sys.stderr)
        write_annotation(annotation, keep / f"{video.name}.full.json", "json-full")
        pred = ChapterList(chapters=annotation.chapters, duration_seconds=annotation.video.duration_seconds)
        pairs.append((video.name, pred, video.gold))
    return Result(evaluate_pairs(pairs), (time.perf_counter() - began) / max(len(videos), 1))


def run_baseline(videos: list[Video], method: str) -> Result:
    pairs, began = [], time.perf_counter()
    for video in videos:
        duration = video.gold.duration_seconds or max(c.end_seconds for c in video.gold.chapters)
        if method == "uniform":
            pred = uniform_chapters(duration, len(video.gold.chapters))
        else:
            pred = scene_cut_chapters(video.path, duration)
        pairs.append((video.name, pred, video.gold))
    return Result(evaluate_pairs(pairs), (time.perf_counter() - began) / max(len(videos), 1))


def summary(rows: list[tuple[str, str, Result]]) -> str:
    """One line per split and method: the mean of every table column and the time per video."""
    header = f"{'split':<10} {'method':<14} {'videos':>6} {'s/video':>8} " + " ".join(f"{h:>7}" for _, h in COLUMNS)
    lines = [header, "-" * len(header)]
    for split, method, result in rows:
        cells = " ".join(f"{'-' if result.report.mean.get(k) is None else f'{100 * result.report.mean[k]:.1f}':>7}"
                         for k, _ in COLUMNS)
        lines.append(f"{split:<10} {method:<14} {len(result.report.videos):>6} {result.seconds_per_video:>8.2f} {cells}")
    return "\n".join(lines)


def ratios(rows: list[tuple[str, str, Result]], engine: str) -> list[str]:
    """The engine's boundary F1@5s and Chapter-Llama F1 as multiples of the uniform baseline's."""
    by_key = {(split, method): r.report.mean for split, method, r in rows}
    lines = []
    for split in dict.fromkeys(split for split, _, _ in rows):
        mine, base = by_key[(split, engine)], by_key[(split, "uniform")]
        parts = [f"{key} {mine[key] / base[key]:.2f}x" if base.get(key) else f"{key} n/a (uniform scores 0)"
                 for key in ("boundary_f1@5s", "cl_f1")]
        lines.append(f"{split}: {engine} vs uniform: " + ", ".join(parts))
    return lines


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", action="append", default=None,
                        help=f"a registered engine ({', '.join(engine_names())}); repeat to compare several "
                             f"[{DEFAULT_ENGINE}]")
    parser.add_argument("-O", "--engine-option", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--config", choices=("tiny", "full"), default="full")
    parser.add_argument("--data", type=Path, default=None, help="synthetic split folder [bench/.data/synthetic-CONFIG]")
    parser.add_argument("--clips", type=Path, default=ROOT.parent / "shared" / "clips")
    parser.add_argument("--jobs", type=int, default=2, help="videos generated in parallel")
    parser.add_argument("--keep", type=Path, default=DATA / "quality", help="where the engine's chapters are written")
    parser.add_argument("--json", type=Path, default=None, help="also write every score to this JSON file")
    return parser.parse_args()


def run_all(args: argparse.Namespace, engines: list[str]) -> list[tuple[str, str, Result]]:
    """(split, method, result) for every engine and baseline on every split that has videos."""
    for engine in engines:
        get_engine_class(engine)  # an unknown engine fails before any video is made
    extra = parse_key_values(tuple(args.engine_option))
    splits = {"synthetic": synthetic_videos(args.data or DATA / f"synthetic-{args.config}", args.config, args.jobs),
              "real": real_videos(args.clips)}
    rows = []
    for split, videos in splits.items():
        if videos:
            rows += [(split, engine, run_engine(videos, AnnotateOptions(engine=engine, engine_options=extra),
                                                args.keep / engine / split)) for engine in engines]
            rows += [(split, method, run_baseline(videos, method)) for method in BASELINES]
    return rows


def main() -> int:
    args = parse_args()
    engines = args.engine or [DEFAULT_ENGINE]
    os.environ[ENV_VAR] = tempfile.mkdtemp(prefix="vidmark-quality-cache-")
    try:
        rows = run_all(args, engines)
    except VidmarkError as exc:
        print(f"quality: error: {exc}", file=sys.stderr)
        return exc.exit_code
    finally:
        shutil.rmtree(os.environ[ENV_VAR], ignore_errors=True)
    for split, method, result in rows:
        print(f"\n## {split} split, {method}\n\n{format_table(result.report)}")
    print(f"## summary (means; values in %, Pk and WD lower is better)\n\n{summary(rows)}\n")
    print("\n".join(line for engine in engines for line in ratios(rows, engine)))
    if args.json:
        atomic_write(args.json, json.dumps([{"split": s, "method": m, "seconds_per_video": r.seconds_per_video,
                                             **r.report.model_dump(mode="json")} for s, m, r in rows], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
