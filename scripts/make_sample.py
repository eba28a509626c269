#!/usr/bin/env python3
"""Regenerate the bundled sample: sample/tutorial.mp4 with its ground truth beside it.

Writes sample/tutorial.mp4, sample/tutorial.gold.json (json-full, engine "ground-truth")
and sample/tutorial.chapters.json (the seed's format). Needs flite (Debian package).
Run it as `make sample`, or `.venv/bin/python scripts/make_sample.py [--out DIR]`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vidmark.errors import VidmarkError
from vidmark.synth import generate_video
from vidmark.synth.sample import sample_spec

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "sample", help="folder to write into (default: sample/)")
    args = parser.parse_args()
    try:
        made = generate_video(sample_spec(), args.out, seed_json=True)
    except VidmarkError as exc:
        print(f"make_sample: error: {exc}", file=sys.stderr)
        return exc.exit_code
    size = made.video.stat().st_size
    print(f"wrote {made.video} ({made.duration_seconds:.1f} s, {size / 1e6:.2f} MB, "
          f"{len(made.timeline.chapters)} chapters) in {made.elapsed_seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
