#!/usr/bin/env python3
"""Generate the benchmark's synthetic split: narrated tutorial videos with exact chapters.

Writes DIR/<name>.mp4, DIR/<name>.gold.json (json-full ground truth) and DIR/manifest.json
(a list of {name, video, gold, duration_seconds, language, split, notes}, paths relative
to DIR). `--config tiny` is two short videos for CI; `--config full` is the benchmark.
The recipes live in src/vidmark/synth/dataset.py. Needs flite, espeak-ng and a CJK font
(Debian: flite espeak-ng fonts-wqy-zenhei).

    .venv/bin/python bench/make_dataset.py --config full --jobs 2
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from vidmark.errors import VidmarkError
from vidmark.synth.dataset import CONFIGS, write_dataset

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / ".data" / "synthetic")
    parser.add_argument("--config", choices=CONFIGS, default="full")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1, help="videos generated in parallel")
    args = parser.parse_args()
    began = time.perf_counter()
    try:
        entries = write_dataset(args.out, args.config, args.seed, args.jobs)
    except VidmarkError as exc:
        print(f"make_dataset: error: {exc}", file=sys.stderr)
        return exc.exit_code
    size = sum((args.out / e.video).stat().st_size for e in entries)
    print(f"{'video':<28} {'language':>8} {'duration':>9}")
    for e in entries:
        print(f"{e.name:<28} {e.language:>8} {e.duration_seconds:>8.1f}s")
    print(f"{len(entries)} videos, {sum(e.duration_seconds for e in entries) / 60:.1f} min, "
          f"{size / 1e6:.1f} MB in {args.out}, generated in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
