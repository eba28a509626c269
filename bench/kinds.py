#!/usr/bin/env python3
"""Chaptering quality per kind of video: engines and baselines on every kind, one run.

    .venv/bin/python bench/kinds.py                      # offline + scenes + baselines, all kinds
    .venv/bin/python bench/kinds.py --whisper .models/whisper-base --kinds meeting --limit 2

Splits, each video scored by every method in the same run:
* ``kinds``: the generated videos of :mod:`vidmark.synth.kinds` (screencast, meeting,
  explainer, talk, slides; English and Chinese), generated into ``--data`` when missing;
* ``real``: ../shared/clips 03 and 04 (their shipped truth) and the clips annotated by
  hand in bench/annotations (01, 08), skipped with a message when the clips are absent;
* ``old``: the old benchmark's synthetic split (``--old tiny|full|none``), so a
  regression on what used to work shows beside the new figures.
Methods: each ``--engine`` (default: offline and scenes), ``offline+whisper`` when
``--whisper DIR`` is given (``-O speech_model=DIR``), the uniform split with the true
count, and PySceneDetect's AdaptiveDetector. Each method runs on a fresh, empty vidmark
cache, so its time is its own. Prints markdown tables (``--markdown FILE`` writes them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from vidmark.cache import ENV_VAR
from vidmark.cli.options import parse_key_values
from vidmark.engines import get_engine_class
from vidmark.errors import VidmarkError
from vidmark.eval import score_video
from vidmark.eval.annotations import annotated_clips
from vidmark.eval.baselines import scene_cut_chapters, uniform_chapters
from vidmark.eval.bykind import Scored, markdown_tables, with_tiou_f1
from vidmark.eval.realclips import real_clips
from vidmark.export import read_chapters, write_annotation
from vidmark.export.files import atomic_write
from vidmark.media import probe
from vidmark.model import Annotation, ChapterList, RunInfo
from vidmark.pipeline import AnnotateOptions, annotate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / ".data"
#: what kind each real clip is (03 a captioned presentation, 04 an edited trailer)
_REAL_KINDS = {"03_fraunhofer_chid": "slides", "04_moviepy_bbb_trailer": "explainer"}


class Item:
    def __init__(self, split: str, kind: str, language: str | None, name: str, path: Path, gold: ChapterList):
        self.split, self.kind, self.language, self.name, self.path, self.gold = split, kind, language, name, path, gold

    @property
    def duration(self) -> float:
        return self.gold.duration_seconds or max(c.end_seconds for c in self.gold.chapters)


def kinds_items(folder: Path, kinds: list[str] | None, limit: int | None, jobs: int) -> list[Item]:
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        from vidmark.synth.kinds import write_dataset

        print(f"generating the kinds dataset in {folder} (once; reused after) ...", file=sys.stderr)
        write_dataset(folder, 0, jobs, kinds, limit)
    rows = json.loads(manifest.read_text(encoding="utf-8"))
    rows = [r for r in rows if not kinds or r["kind"] in kinds]
    if limit is not None:
        rows = [r for k in dict.fromkeys(r["kind"] for r in rows) for r in spread([x for x in rows if x["kind"] == k])[:limit]]
    return [Item("kinds", r["kind"], r["language"], r["name"], folder / r["video"], read_chapters(folder / r["gold"]))
            for r in rows]


def spread(rows: list[dict]) -> list[dict]:
    """One kind's rows reordered so any first N cover its styles first, alternating languages."""
    styles = list(dict.fromkeys(r["style"] for r in rows))
    languages = list(dict.fromkeys(r["language"] for r in rows))
    order = {(s, lang): (k + len(styles) * ((k + j) % len(languages)))
             for k, s in enumerate(styles) for j, lang in enumerate(languages)}
    return sorted(rows, key=lambda r: order[(r["style"], r["language"])])


def real_items(clips: Path, kinds: list[str] | None) -> list[Item]:
    if not clips.is_dir():
        print(f"real split skipped: {clips} is absent (the clips live beside the checkout)", file=sys.stderr)
        return []
    found = [(c, _REAL_KINDS.get(c.name, "other")) for c in real_clips(clips)]
    found += annotated_clips(ROOT / "bench" / "annotations", clips)
    return [Item("real", kind, c.language, c.name, c.video, c.gold) for c, kind in found if not kinds or kind in kinds]


def old_items(config: str, jobs: int) -> list[Item]:
    if config == "none":
        return []
    folder = DATA / f"synthetic-{config}"
    if not (folder / "manifest.json").is_file():
        from vidmark.synth.dataset import write_dataset

        print(f"generating the old {config} synthetic split in {folder} ...", file=sys.stderr)
        write_dataset(folder, config, 0, jobs)
    rows = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return [Item("old", "slides (old)", r["language"], r["name"], folder / r["video"], read_chapters(folder / r["gold"]))
            for r in rows]


def publish_real(items: list[Item], folder: Path) -> None:
    """Write the real clips' truth as json-full into ``folder`` (videos stay where they are)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for item in items:
        info = probe(item.path)
        run = RunInfo(engine="ground-truth", model="hand annotation or shipped truth", parameters={"kind": item.kind})
        write_annotation(Annotation(video=info, chapters=item.gold.chapters, run=run, language=item.language),
                         folder / f"{item.name}.gold.json", "json-full")
        rows.append({"name": item.name, "video": str(item.path), "gold": f"{item.name}.gold.json", "kind": item.kind,
                     "language": item.language, "split": "real", "duration_seconds": info.duration_seconds})
    atomic_write(folder / "manifest.json", json.dumps(rows, ensure_ascii=False, indent=2) + "\n")


def predict(item: Item, method: str, options: dict) -> tuple[ChapterList, float]:
    """The method's chapters for one video and the seconds it took."""
    began = time.perf_counter()
    if method == "uniform":
        return uniform_chapters(item.duration, len(item.gold.chapters)), time.perf_counter() - began
    if method == "scenedetect":
        return scene_cut_chapters(item.path, item.duration), time.perf_counter() - began
    engine = method.split("+")[0]
    annotation = annotate(item.path, AnnotateOptions(engine=engine, engine_options=options, language=item.language))
    pred = ChapterList(chapters=annotation.chapters, duration_seconds=annotation.video.duration_seconds)
    return pred, time.perf_counter() - began


def run_all(items: list[Item], chosen: list[tuple[str, dict]], keep: Path | None, done: dict,
            save: Path | None) -> list[Scored]:
    """Every item chaptered by every method, video after video (so a cut-short run has
    whole rows), each method on a fresh cache of its own; items already in ``done`` (from
    ``--resume``) are taken from there, and ``save`` is rewritten after each video."""
    caches = {method: tempfile.mkdtemp(prefix="vidmark-kinds-cache-") for method, _ in chosen}
    rows = []
    try:
        for item in items:
            for method, options in chosen:
                if (method, item.split, item.name) not in done:
                    os.environ[ENV_VAR] = caches[method]
                    done[(method, item.split, item.name)] = _scored(item, method, options, keep)
                rows.append(done[(method, item.split, item.name)])
            if save is not None:
                atomic_write(save, json.dumps([r.__dict__ for r in done.values()], indent=1))
    finally:
        os.environ.pop(ENV_VAR, None)
        for cache in caches.values():
            shutil.rmtree(cache, ignore_errors=True)
    return rows


def _scored(item: Item, method: str, options: dict, keep: Path | None) -> Scored:
    pred, seconds = predict(item, method, options)
    scores = score_video(pred, item.gold, item.duration, item.name)
    print(f"{method:<16} {item.split}/{item.name:<32} F1@3s {scores.metrics['boundary_f1@3s']:.2f} "
          f"({len(pred.chapters)} vs {len(item.gold.chapters)} chapters) {seconds:.1f} s", file=sys.stderr)
    if keep is not None:
        _keep(keep / method / item.split, item.name, pred)
    return Scored(item.split, item.kind, item.language or "?", method, item.name, with_tiou_f1(scores.metrics),
                  seconds, item.duration)


def load_done(path: Path | None) -> dict:
    """The scores a previous run saved with ``--json`` (empty when there is none)."""
    if path is None or not path.is_file():
        return {}
    rows = [Scored(**r) for r in json.loads(path.read_text(encoding="utf-8"))]
    return {(r.method, r.split, r.video): r for r in rows}


def _keep(folder: Path, name: str, pred: ChapterList) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / f"{name}.chapters.json", pred.model_dump_json(indent=1))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", action="append", default=None, help="registered engine; repeat [offline, scenes]")
    parser.add_argument("-O", "--engine-option", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--whisper", type=Path, default=None, help="also run offline with -O speech_model=DIR")
    parser.add_argument("--kinds", nargs="+", default=None, help="only these kinds (screencast meeting explainer talk slides)")
    parser.add_argument("--limit", type=int, default=None, help="at most this many generated videos per kind")
    parser.add_argument("--old", choices=("tiny", "full", "none"), default="full", help="the old benchmark's split")
    parser.add_argument("--no-real", action="store_true", help="skip the real clips")
    parser.add_argument("--data", type=Path, default=DATA / "kinds-seed0", help="the kinds dataset folder")
    parser.add_argument("--clips", type=Path, default=ROOT.parent / "shared" / "clips")
    parser.add_argument("--jobs", type=int, default=2, help="videos generated in parallel (only when missing)")
    parser.add_argument("--keep", type=Path, default=DATA / "kinds-predictions", help="where predictions are written")
    parser.add_argument("--markdown", type=Path, default=None, help="also write the tables to this file")
    parser.add_argument("--json", type=Path, default=None,
                        help="write every per-video score to this file (after each video)")
    parser.add_argument("--resume", action="store_true",
                        help="take the scores already in --json instead of running those videos again")
    parser.add_argument("--report-only", action="store_true", help="print the tables of the scores in --json, run nothing")
    parser.add_argument("--publish-real", type=Path, default=None, metavar="DIR",
                        help="only write the real clips' truth (json-full) and a manifest into DIR, then stop")
    return parser.parse_args()


def methods(args: argparse.Namespace) -> list[tuple[str, dict]]:
    extra = parse_key_values(tuple(args.engine_option))
    chosen = [(e, extra) for e in (args.engine or ["offline", "scenes"])]
    for engine, _ in chosen:
        get_engine_class(engine)  # an unknown engine fails before any video is made
    if args.whisper:
        chosen.append(("offline+whisper", {**extra, "speech_model": str(args.whisper)}))
    return [*chosen, ("uniform", {}), ("scenedetect", {})]


def main() -> int:
    args = parse_args()
    began = time.perf_counter()
    if args.report_only:
        print(markdown_tables(list(load_done(args.json).values())))
        return 0
    if args.publish_real:
        publish_real(real_items(args.clips, args.kinds), args.publish_real)
        return 0
    try:
        chosen = methods(args)
        items = kinds_items(args.data, args.kinds, args.limit, args.jobs)
        items += [] if args.no_real else real_items(args.clips, args.kinds)
        items += old_items(args.old, args.jobs) if not args.kinds or "slides" in args.kinds else []
        done = load_done(args.json) if args.resume else {}
        rows = run_all(items, chosen, args.keep, done, args.json)
    except VidmarkError as exc:
        print(f"kinds: error: {exc}", file=sys.stderr)
        return exc.exit_code
    tables = markdown_tables(rows)
    print(tables)
    print(f"{len(items)} videos, {len(chosen)} methods, {time.perf_counter() - began:.0f} s", file=sys.stderr)
    if args.markdown:
        atomic_write(args.markdown, tables)
    return 0


if __name__ == "__main__":
    sys.exit(main())
